import { describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'

describe('REST: notifications and triggers', () => {
  const rest = useRestHost(TOKEN, {
    engine: {
      triggers: [
        {
          id: 'hot',
          name: 'Hot',
          enabled: true,
          sources: ['src'],
          events: ['reading'],
          condition: { field: 'payload.celsius', op: 'gt', value: 30 },
          actions: [
            { type: 'notify', title: '{{payload.celsius}} °C', body: '', urgency: 'normal' },
          ],
          noise: { quietHours: [] },
          mode: 'every',
        },
      ],
    },
  })
  const get = (path: string) => rest.call('GET', path)
  const post = (path: string, body: unknown) => rest.call('POST', path, body)

  it('lists the notifications a config trigger fired, with its counters', async () => {
    for (const celsius of ['21.5', '31.0', '35'])
      rest.server.broadcast(JSON.stringify({ type: 'reading', celsius }))
    await waitFor(
      () => engineInternals(rest.engine).triggers.notifications.list().length === 2,
      'two notifications',
    )

    const notifications = (await (await get('/api/notifications?limit=1')).json()) as {
      notifications: unknown[]
    }
    expect(notifications.notifications).toEqual([
      {
        id: 2,
        triggerId: 'hot',
        eventId: expect.any(Number),
        sourceId: 'src',
        title: '35 °C',
        body: '',
        urgency: 'normal',
        firedAt: expect.any(Number),
        read: false,
      },
    ])
    const triggers = await (await get('/api/triggers')).json()
    expect(triggers).toMatchObject([
      {
        id: 'hot',
        counters: {
          evaluated: 3,
          matched: 2,
          fired: 2,
          suppressed: {},
          lastFiredAt: expect.any(Number),
        },
      },
    ])

    const misses = await (await get('/api/triggers/hot/near-misses')).json()
    expect(misses).toMatchObject({
      nearMisses: [
        {
          type: 'reading',
          failing: { path: 'condition', op: 'gt', value: 30, seen: '21.5', verdict: false },
        },
      ],
    })
    expect((await get('/api/triggers/nope/near-misses')).status).toBe(404)
    expect((await get('/api/notifications?unread=maybe')).status).toBe(400)
  })

  it('backtests a draft and reports bad drafts with their paths', async () => {
    for (const celsius of ['10', '40', '50'])
      rest.server.broadcast(JSON.stringify({ type: 'reading', celsius }))
    await waitFor(
      () => engineInternals(rest.engine).monitor.recentEvents().length === 3,
      'three events',
    )

    const response = await post('/api/triggers/backtest', {
      trigger: {
        name: 'Draft',
        events: ['reading'],
        condition: { field: 'payload.celsius', op: 'between', value: [30, 45] },
        actions: [{ type: 'notify', title: '{{payload.celsius}}' }],
      },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      scanned: 3,
      matched: 1,
      fired: 1,
      notifications: 1,
      matches: [{ outcome: 'fired', title: '40' }],
      misses: [{ failing: { seen: '50' } }, { failing: { seen: '10' } }],
    })

    const bad = await post('/api/triggers/backtest', {
      trigger: {
        name: 'Draft',
        condition: { all: [{ field: 'payload.x', op: 'around', value: 1 }] },
      },
      limit: 0,
    })
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { error: { issues: { path: string }[] } }
    expect(body.error.issues.map((issue) => issue.path)).toEqual([
      'trigger.condition.all.0.op',
      'limit',
    ])
  })
})
