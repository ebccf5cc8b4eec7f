import { describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'

describe('REST: retrying, testing and the timeline of sources', () => {
  const rest = useRestHost(TOKEN)
  const { call } = rest

  it('POST /api/sources/:id/retry dials a reconnecting source at once (source:retry)', async () => {
    const refused = await call('POST', '/api/sources/src/retry')
    expect(refused.status).toBe(409)
    expect(await refused.json()).toEqual({
      error: { code: 'conflict', message: 'source "Test" is open: there is nothing to retry' },
    })

    await rest.server.close()
    await waitFor(
      () => engineInternals(rest.engine).monitor.view('src').state === 'reconnecting',
      'reconnecting',
    )
    const retried = await call('POST', '/api/sources/src/retry')
    expect(retried.status).toBe(200)
    expect(await retried.json()).toMatchObject({ id: 'src', state: 'connecting', attempt: 0 })
    await waitFor(
      () => engineInternals(rest.engine).monitor.view('src').state === 'reconnecting',
      'the retry to fail',
    )
    expect(engineInternals(rest.engine).monitor.view('src').lastError).toMatchObject({
      message: `nothing is listening at 127.0.0.1:${rest.server.port}`,
      detail: `connect ECONNREFUSED 127.0.0.1:${rest.server.port}`,
    })

    const timeline = await call('GET', '/api/sources/src/timeline')
    expect(timeline.status).toBe(200)
    const body = (await timeline.json()) as { timeline: { state: string; reason: string }[] }
    // Oldest first; an automatic retry may follow on a slow machine.
    const oldestFirst = body.timeline.map(({ state, reason }) => `${state}:${reason}`).reverse()
    expect(oldestFirst.slice(0, 5)).toEqual([
      'connecting:start',
      'open:opened',
      'reconnecting:ended',
      'connecting:retry',
      'reconnecting:ended',
    ])
  })

  it('POST /api/sources/test dials a draft and answers what happened (source:test)', async () => {
    const post = (body: unknown) => call('POST', '/api/sources/test', body)
    rest.server.nextConnection().then(
      (socket) => {
        for (let i = 0; i < 10; i++) socket.send(JSON.stringify({ event: i % 2 ? 'a' : 'b' }))
      },
      () => {},
    )
    const tested = await post({
      source: { id: 'draft', name: 'Draft', preset: 'generic', url: rest.server.url },
    })
    expect(tested.status).toBe(200)
    const report = (await tested.json()) as Record<string, unknown>
    expect(report).toMatchObject({
      opened: true,
      framesReceived: 10,
      unknownTypes: 10,
      eventTypePath: 'type',
      typeCandidates: [{ path: 'event', values: ['a', 'b'] }],
      error: null,
    })
    expect(rest.engine.config.sources.map((source) => source.id)).toEqual(['src'])

    const invalid = await post({ source: { id: 'draft', preset: 'generic', url: 'ftp://x' } })
    expect(invalid.status).toBe(400)
    const problems = (await invalid.json()) as { error: { issues: { path: string }[] } }
    expect(problems.error.issues.map((issue) => issue.path)).toEqual(['source.name', 'source.url'])
  })

  it('answers 404 for an unknown source and 400 for a malformed id', async () => {
    for (const path of ['/api/sources/nope/retry', '/api/sources/nope/timeline']) {
      const response = await call(path.endsWith('retry') ? 'POST' : 'GET', path)
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({
        error: { code: 'not-found', message: 'no source with id "nope"' },
      })
    }
    expect((await call('GET', '/api/sources/Bad%20Id/timeline')).status).toBe(400)
    const anonymous = await fetch(`${rest.host.origin}/api/sources/src/timeline`)
    expect(anonymous.status).toBe(401)
  })
})
