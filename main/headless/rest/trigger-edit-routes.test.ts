import { describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'

const hot = {
  name: 'Hot',
  sources: ['src'],
  events: ['reading'],
  condition: { field: 'payload.state', op: 'eq', value: 'ajar' },
  actions: [{ type: 'notify', title: '{{payload.state}}' }],
}

describe('REST: saving, removing and explaining triggers', () => {
  const rest = useRestHost(TOKEN)
  const { call } = rest

  it('PUT /api/triggers/:id saves a trigger (trigger:save), DELETE removes it', async () => {
    const saved = await call('PUT', '/api/triggers/hot', hot)
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ id: 'hot', name: 'Hot', spent: false })
    expect(rest.engine.config.triggers.map((t) => t.id)).toEqual(['hot'])

    const other = await call('PUT', '/api/triggers/hot', { ...hot, id: 'cold' })
    expect(other.status).toBe(400)
    expect(await other.json()).toMatchObject({
      error: { issues: [{ path: 'id', message: `the body's id differs from the path's ("hot")` }] },
    })
    const late = await call('PUT', '/api/triggers/late', {
      ...hot,
      mode: 'single-shot',
      deadline: '2001-01-01T00:00:00Z',
      onExpire: { title: 'too late' },
    })
    expect(late.status).toBe(400)
    expect(await late.json()).toMatchObject({
      error: {
        issues: [{ path: 'deadline', message: 'the deadline has passed; set a later one' }],
      },
    })

    expect((await call('DELETE', '/api/triggers/hot')).status).toBe(204)
    expect(rest.engine.config.triggers).toEqual([])
    expect((await call('DELETE', '/api/triggers/hot')).status).toBe(404)
  })

  it('near-misses come with a summary per condition, and the backtest with its own', async () => {
    await call('PUT', '/api/triggers/hot', hot)
    for (const state of ['open', 'open', 'closed'])
      rest.server.broadcast(JSON.stringify({ type: 'reading', state }))
    await waitFor(
      () => engineInternals(rest.engine).monitor.recentEvents().length === 3,
      'three events',
    )

    const misses = (await (await call('GET', '/api/triggers/hot/near-misses')).json()) as {
      nearMisses: unknown[]
      summary: unknown
    }
    expect(misses.nearMisses).toHaveLength(3)
    const summary = {
      events: 3,
      leaves: [
        {
          path: 'condition',
          field: 'payload.state',
          op: 'eq',
          value: 'ajar',
          failed: 3,
          seen: [
            { value: 'open', count: 2 },
            { value: 'closed', count: 1 },
          ],
          otherFailed: 0,
        },
      ],
    }
    expect(misses.summary).toEqual(summary)

    const backtest = await call('POST', '/api/triggers/backtest', {
      trigger: { ...hot, condition: { field: 'payload.state', op: 'eq', value: 'ajar' } },
      ignoreSnoozeAndQuietHours: true,
    })
    expect(backtest.status).toBe(200)
    expect(await backtest.json()).toMatchObject({
      scanned: 3,
      summary,
      // No match, so none an hour (or null if the three came within one millisecond).
      predictedPerHour: expect.toBeOneOf([0, null]),
      prediction: { events: 3, matched: 0 },
    })
    const unknown = await call('POST', '/api/triggers/backtest', {
      trigger: hot,
      ignoreSchedule: true,
    })
    expect(unknown.status).toBe(400)
  })
})
