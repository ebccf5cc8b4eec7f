/**
 * One config for the cluster, with two headless hosts in processes of their own against a real
 * `nats-server -js`: the seeding host's config becomes the cluster's, a host joining with another
 * config says so and runs the cluster's, a change on one host reaches the other within 2 s, and a
 * change made on an older version is refused with 409 instead of undoing the newer one, even
 * when it races the newer one from the same or another host.
 */

import { describe, expect, it } from 'vitest'
import type { Config } from '../../shared/config'
import { natsServerMissing } from '../services/cluster/testing/nats-server'
import { genericTestSource } from '../services/testing/test-source'
import { useClusterFixture } from './cluster-fixture'
import { eventually, type HostProcess } from './host-process'

const ids = (config: Config) => config.sources.map((source) => source.id).sort()

describe.skipIf(natsServerMissing())('the cluster config (separate processes, nats-server)', () => {
  const f = useClusterFixture()

  it('is seeded once, adopted on joining, shared within 2 s, and guarded by its version', async () => {
    const source = (id: string) => ({
      ...genericTestSource(id, 'ws://127.0.0.1:9/'),
      enabled: false,
    })
    const cluster = ['--cluster', f.nats.url]
    const a = await f.host({
      args: [...cluster, '--node-name', 'a', '--cluster-seed'],
      config: { version: 1, sources: [source('seeded')], triggers: [] },
    })
    const b = await f.host({
      args: [...cluster, '--node-name', 'b', '--cluster-seed'],
      config: { version: 1, sources: [source('own')], triggers: [] },
    })

    // b's own config differs: it says so, and runs the cluster's (its --cluster-seed changes
    // nothing on a cluster that has a config).
    await eventually(
      async () => ids(await b.get<Config>('/api/config')).join() === 'seeded',
      "b to run the cluster's config",
      10_000,
    )
    expect(b.output()).toContain("this host's config differs from the cluster's")
    expect(ids(await a.get<Config>('/api/config'))).toEqual(['seeded'])

    // A change on a reaches b within 2 s.
    const current = await a.request('GET', '/api/config')
    const version = Number(JSON.parse(String(await etagOf(a))))
    expect(current.status).toBe(200)
    const next = { ...(current.body as Config), sources: [source('seeded'), source('added')] }
    const put = await a.request('PUT', '/api/config', next)
    expect(put.status).toBe(200)
    const putAt = Date.now()
    await eventually(
      async () => ids(await b.get<Config>('/api/config')).includes('added'),
      'the change at b',
      10_000,
    )
    expect(Date.now() - putAt).toBeLessThanOrEqual(2_000)
    expect(await etagOf(b)).toBe(`"${version + 1}"`)

    // A change made on the version before is refused, and loses nothing.
    const stale = await b.request(
      'PUT',
      '/api/config',
      { ...next, sources: [source('stale')] },
      {
        'if-match': `"${version}"`,
      },
    )
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ error: { code: 'conflict' } })
    expect(ids(await a.get<Config>('/api/config'))).toEqual(['added', 'seeded'])
    expect(ids(await b.get<Config>('/api/config'))).toEqual(['added', 'seeded'])
    const bad = await b.request('PUT', '/api/config', next, { 'if-match': 'yesterday' })
    expect(bad.status).toBe(400)

    // Three writes on the same version at once, two through a and one through b: the version is
    // the cluster write's own condition, so exactly one is taken and the others are refused.
    const ifMatch = { 'if-match': `"${version + 1}"` }
    const racing = ['first', 'second', 'third']
    const answers = await Promise.all(
      racing.map((id, i) =>
        (i === 2 ? b : a).request(
          'PUT',
          '/api/config',
          { ...next, sources: [source('seeded'), source(id)] },
          ifMatch,
        ),
      ),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409])
    for (const refused of answers.filter((answer) => answer.status === 409))
      expect(refused.body).toEqual({
        error: { code: 'conflict', message: expect.stringContaining('reload it') },
      })
    const winner = racing[answers.findIndex((answer) => answer.status === 200)]!
    for (const host of [a, b])
      await eventually(
        async () =>
          ids(await host.get<Config>('/api/config')).join() === [winner, 'seeded'].sort().join(),
        `the one change taken at ${host.origin}`,
        10_000,
      )
  }, 120_000)
})

async function etagOf(host: HostProcess): Promise<string | null> {
  const response = await fetch(`${host.origin}/api/config`, {
    headers: { authorization: `Bearer ${host.token}` },
  })
  return response.headers.get('etag')
}
