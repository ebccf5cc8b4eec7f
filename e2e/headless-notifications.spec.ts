// The REST API is the headless host's; the Electron target skips this file (playwright.config.ts).
import { expect, test } from './fixtures'

interface Notification {
  id: number
  triggerId: string
  eventId: number
  sourceId: string
  title: string
  body: string
  urgency: string
  firedAt: number
  read: boolean
}

test.describe('headless REST API: triggers', () => {
  test('the demo trigger fires a notification that the REST API lists', async ({ vigil }) => {
    const { origin, token } = vigil.rest!
    const headers = { authorization: `Bearer ${token}` }
    const notifications = async () => {
      const response = await fetch(`${origin}/api/notifications?limit=10`, { headers })
      expect(response.status).toBe(200)
      return ((await response.json()) as { notifications: Notification[] }).notifications
    }
    // About one headshot every five seconds at the demo's 5 events a second. The other demo
    // trigger may notify first, so wait for this one's.
    const headshotNotifications = async () =>
      (await notifications()).filter((n) => n.triggerId === 'demo-headshots')
    await expect
      .poll(async () => (await headshotNotifications()).length, { timeout: 45_000 })
      .toBeGreaterThan(0)
    const [first] = await headshotNotifications()
    expect(first).toMatchObject({
      sourceId: 'demo-census',
      title: expect.stringMatching(/^Headshot on world \d+$/),
      body: expect.stringMatching(/^\d+ killed \d+ with weapon \d+$/),
      urgency: 'normal',
      read: false,
    })

    const triggers = (await (await fetch(`${origin}/api/triggers`, { headers })).json()) as {
      id: string
      counters: { evaluated: number; matched: number; fired: number }
    }[]
    const headshots = triggers.find((t) => t.id === 'demo-headshots')!
    expect(headshots.counters.fired).toBeGreaterThan(0)
    expect(headshots.counters.evaluated).toBeGreaterThanOrEqual(headshots.counters.matched)

    // The same notification reached the UI's contract.
    const listed = await vigil.invoke('notification:list', { triggerId: 'demo-headshots' })
    expect(listed.ok).toBe(true)
    expect((listed.value as Notification[]).map((n) => n.id)).toContain(first!.id)

    // Deaths that were not headshots: the first ones may all have been headshots, so wait.
    const nearMisses = async () => {
      const response = await fetch(`${origin}/api/triggers/demo-headshots/near-misses`, { headers })
      return ((await response.json()) as { nearMisses: unknown[] }).nearMisses.length
    }
    await expect.poll(nearMisses, { timeout: 30_000 }).toBeGreaterThan(0)
  })
})
