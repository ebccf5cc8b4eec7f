// The unread badge, marking read (one and all) and snoozing a trigger from its notification,
// against the demo triggers' notifications.
import { expect, test } from './fixtures'

test.describe('notifications', () => {
  test('marking read updates the unread badge, and a trigger snoozes from its notification', async ({
    vigil,
  }) => {
    test.setTimeout(90_000)
    const { page } = vigil
    const badge = page.getByTestId('unread-badge')
    const unread = async () =>
      (await badge.count()) === 0 ? 0 : Number((await badge.textContent())!.replace(/\D/g, ''))
    // The demo notifies about once a minute; a trigger on every death, with no noise control,
    // fills the list faster. The demo headshot trigger notifies within seconds too.
    const deaths = {
      id: 'e2e-deaths',
      name: 'E2E deaths',
      sources: ['demo-census'],
      events: ['Death'],
      actions: [{ type: 'notify', title: 'Death {{payload.character_id}}' }],
    }
    expect((await vigil.invoke('trigger:save', deaths)).ok).toBe(true)
    await expect.poll(unread, { timeout: 45_000 }).toBeGreaterThanOrEqual(2)
    await expect
      .poll(
        async () =>
          (await vigil.invoke('notification:list', { triggerId: 'demo-headshots' })).value,
        {
          timeout: 45_000,
        },
      )
      .not.toEqual([])
    // Hold the count still: no new notifications while we count.
    for (const id of ['demo-headshots', 'demo-battle-rank', 'e2e-deaths'])
      expect((await vigil.invoke('trigger:set-enabled', id, false)).ok).toBe(true)
    await page.getByRole('link', { name: /^Notifications/ }).click()
    const region = page.getByRole('region', { name: 'Notifications' })
    const list = region.getByRole('list', { name: 'Notifications, newest first' })
    await expect(list.getByRole('listitem').first()).toBeVisible()

    const before = await unread()
    await expect(region.getByText(`${before} unread`, { exact: true })).toBeVisible()

    await list
      .getByRole('button', { name: /^Mark read: .+$/ })
      .first()
      .click()
    await expect(badge).toHaveText(new RegExp(`^${before - 1}\\s*unread$`))

    // Snooze the trigger from its notification for an hour.
    await list.getByRole('button', { name: 'Snooze…: Demo: headshot kills' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Snooze “Demo: headshot kills”' })
    await dialog.getByRole('button', { name: 'For 1 hour' }).click()
    await expect(page.getByText(/Demo: headshot kills is snoozed until/)).toBeVisible()
    const triggers = (await vigil.invoke('trigger:list')).value as {
      id: string
      noise: { snoozeUntil?: string | null }
    }[]
    const until = Date.parse(triggers.find((t) => t.id === 'demo-headshots')!.noise.snoozeUntil!)
    expect(until - Date.now()).toBeGreaterThan(55 * 60_000)

    await page.getByRole('button', { name: 'Mark all read' }).click()
    await expect(badge).toHaveCount(0)
    await expect(region.getByText('0 unread', { exact: true })).toBeVisible()
    const { origin, token } = vigil.rest!
    const response = await fetch(`${origin}/api/notifications?unread=true`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(((await response.json()) as { notifications: unknown[] }).notifications).toEqual([])
  })
})
