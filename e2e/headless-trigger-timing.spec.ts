// Absence triggers and single shots with a deadline, end to end over the REST API: saved with
// PUT /api/triggers/:id, firing from the engine's timers, read back as notifications and views.
// The REST API is the headless host's; the Electron target skips this file (playwright.config.ts).
import { expect, test } from './fixtures'

interface Notification {
  triggerId: string
  eventId: number
  title: string
  body: string
  urgency: string
  kind?: string
}

interface TriggerView {
  id: string
  spent: boolean
  counters: { matched: number; fired: number }
  silence?: { watching: boolean; since: number | null; firesAt: number | null }
  expiry?: { deadline: number; expiredAt: number | null }
}

test.describe('headless REST API: triggers on time', () => {
  test('an absence trigger and deadlines work end to end', async ({ vigil }) => {
    const { origin, token } = vigil.rest!
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const put = (id: string, trigger: unknown) =>
      fetch(`${origin}/api/triggers/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(trigger),
      })
    const notifications = async (trigger: string) => {
      const response = await fetch(`${origin}/api/notifications?trigger=${trigger}`, { headers })
      return ((await response.json()) as { notifications: Notification[] }).notifications
    }
    const view = async (id: string) => {
      const response = await fetch(`${origin}/api/triggers`, { headers })
      return ((await response.json()) as TriggerView[]).find((t) => t.id === id)!
    }
    const sourceState = async () => {
      const response = await fetch(`${origin}/api/sources`, { headers })
      return ((await response.json()) as { id: string; state: string }[])[0]?.state
    }
    await expect.poll(sourceState).toBe('open')

    // The demo's subscription has no MetagameEvent: a dead-man's switch that will never be fed.
    const absence = await put('no-alerts', {
      name: 'No alerts',
      sources: ['demo-census'],
      events: ['MetagameEvent'],
      mode: 'absence',
      absence: { seconds: 2 },
      actions: [
        {
          type: 'notify',
          title: 'No alert for {{absence.seconds}} s',
          body: 'since {{absence.since}}',
          urgency: 'critical',
        },
      ],
    })
    expect(absence.status).toBe(200)
    expect(((await absence.json()) as TriggerView).silence).toMatchObject({ watching: true })
    // A single shot that waits for what never comes, and one for what comes every few seconds.
    const onExpire = { title: '{{trigger.name}} did not happen by {{trigger.deadline}}' }
    const never = await put('never', {
      name: 'Continent lock',
      sources: ['demo-census'],
      events: ['ContinentLock'],
      mode: 'single-shot',
      expireAfterSeconds: 2,
      onExpire,
      actions: [{ type: 'notify', title: 'locked' }],
    })
    expect(never.status).toBe(200)
    const soon = await put('soon', {
      name: 'A death',
      sources: ['demo-census'],
      events: ['Death'],
      mode: 'single-shot',
      expireAfterSeconds: 600,
      onExpire,
      actions: [{ type: 'notify', title: 'death before {{trigger.deadline}}' }],
    })
    expect(soon.status).toBe(200)

    await expect.poll(async () => (await notifications('no-alerts')).length).toBe(1)
    const [silence] = await notifications('no-alerts')
    expect(silence).toMatchObject({
      kind: 'absence',
      eventId: 0,
      title: 'No alert for 2 s',
      body: expect.stringMatching(/^since \d{4}-\d\d-\d\dT/),
      urgency: 'critical',
    })
    // Once per silence.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(await notifications('no-alerts')).toHaveLength(1)
    expect((await view('no-alerts')).silence).toMatchObject({ watching: true, firesAt: null })

    const [expired] = await notifications('never')
    expect(expired).toMatchObject({ kind: 'expired', eventId: 0 })
    expect(expired!.title).toMatch(/^Continent lock did not happen by \d{4}-\d\d-\d\dT.+Z$/)
    const spent = await view('never')
    expect(spent.spent).toBe(true)
    expect(spent.expiry!.expiredAt).toBeGreaterThanOrEqual(spent.expiry!.deadline)

    await expect.poll(async () => (await view('soon')).spent).toBe(true)
    const met = await view('soon')
    expect(met.counters.fired).toBe(1)
    expect(met.expiry!.expiredAt).toBeNull()
    const [death] = await notifications('soon')
    expect(death!.kind).toBeUndefined()
    expect(death!.title).toMatch(/^death before \d{4}-/)

    // A deadline already behind is refused when saved, at its path.
    const late = await put('late', {
      name: 'Late',
      mode: 'single-shot',
      deadline: '2001-01-01T00:00:00Z',
      onExpire,
      actions: [{ type: 'notify', title: 'x' }],
    })
    expect(late.status).toBe(400)
    expect(await late.json()).toMatchObject({ error: { issues: [{ path: 'deadline' }] } })
  })
})
