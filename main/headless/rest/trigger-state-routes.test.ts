import { describe, expect, it } from 'vitest'
import { useRestHost } from '../testing/rest-host'

const TOKEN = 'trigger-state-routes-token-0123456789'

describe('REST: snoozing, enabling and disabling triggers', () => {
  const rest = useRestHost(TOKEN, {
    engine: {
      triggers: [
        {
          id: 'hot',
          name: 'Hot',
          sources: ['src'],
          events: ['reading'],
          actions: [{ type: 'notify', title: 'hot' }],
        },
      ],
    },
  })
  const { call } = rest
  const hot = () => rest.engine.config.triggers.find((t) => t.id === 'hot')!

  it('POST /api/triggers/:id/snooze snoozes until a time, and null ends it', async () => {
    const until = Date.UTC(2040, 0, 2, 3, 4, 5)
    const snoozed = await call('POST', '/api/triggers/hot/snooze', { until })
    expect(snoozed.status).toBe(200)
    expect(await snoozed.json()).toMatchObject({ id: 'hot' })
    expect(hot().noise.snoozeUntil).toBe('2040-01-02T03:04:05.000Z')

    expect((await call('POST', '/api/triggers/hot/snooze', { until: null })).status).toBe(200)
    expect(hot().noise.snoozeUntil ?? null).toBeNull()

    for (const body of [{}, { until: 'tomorrow' }, { until: -1 }, { until: 1, for: 2 }]) {
      const bad = await call('POST', '/api/triggers/hot/snooze', body)
      expect(bad.status, JSON.stringify(body)).toBe(400)
      expect(await bad.json()).toMatchObject({ error: { code: 'invalid-argument' } })
    }
    const missing = await call('POST', '/api/triggers/nope/snooze', { until: null })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } })
  })

  it('POST /api/triggers/:id/disable and /enable switch it (trigger:set-enabled)', async () => {
    const disabled = await call('POST', '/api/triggers/hot/disable')
    expect(disabled.status).toBe(200)
    expect(await disabled.json()).toMatchObject({ id: 'hot', enabled: false })
    expect(hot().enabled).toBe(false)
    const enabled = await call('POST', '/api/triggers/hot/enable')
    expect(await enabled.json()).toMatchObject({ id: 'hot', enabled: true })
    expect(hot().enabled).toBe(true)
    expect((await call('POST', '/api/triggers/nope/enable')).status).toBe(404)
    expect((await call('POST', '/api/triggers/Bad%20Id/enable')).status).toBe(400)
  })
})
