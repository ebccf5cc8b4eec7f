// The REST API is the headless host's; the Electron target skips this file (playwright.config.ts).
import { expect, test } from './fixtures'

test.describe('headless REST API', () => {
  test('the REST API shows the demo source open with a growing event count', async ({ vigil }) => {
    const { origin, token } = vigil.rest!
    const headers = { authorization: `Bearer ${token}` }
    const sources = async () => {
      const response = await fetch(`${origin}/api/sources`, { headers })
      expect(response.status).toBe(200)
      return (await response.json()) as {
        id: string
        state: string
        counters: { events: number }
      }[]
    }
    await expect.poll(async () => (await sources())[0]?.state).toBe('open')
    const first = (await sources())[0]!.counters.events
    await expect.poll(async () => (await sources())[0]!.counters.events).toBeGreaterThan(first)

    const events = await fetch(`${origin}/api/events?source=demo-census&limit=5`, { headers })
    const body = (await events.json()) as {
      events: { sourceId: string; payload: Record<string, unknown> }[]
    }
    expect(body.events.length).toBeGreaterThan(0)
    for (const event of body.events) {
      expect(event.sourceId).toBe('demo-census')
      for (const value of Object.values(event.payload)) expect(typeof value).toBe('string')
    }
    expect((await fetch(`${origin}/api/sources`)).status).toBe(401)
  })

  test('GET /api/presets answers the same descriptors', async ({ vigil }) => {
    const { origin, token } = vigil.rest!
    const response = await fetch(`${origin}/api/presets`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { presets: { id: string; events: unknown[] }[] }
    expect(body.presets).toHaveLength(6)
    expect(body.presets.find((preset) => preset.id === 'census')!.events.length).toBeGreaterThan(10)
    expect((await fetch(`${origin}/api/presets`)).status).toBe(401)
  })
})
