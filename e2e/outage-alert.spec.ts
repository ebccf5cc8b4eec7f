// Outages are not silent: a fresh data dir holds "Source down / back up", so a source that cannot
// connect ends up as a critical notification, without any trigger written by the user.
import { closedPort } from './closed-port'
import { expect, test } from './fixtures'

test.describe('outage alert by default', () => {
  test('a source on a closed port ends up notifying, from a fresh data dir', async ({ vigil }) => {
    const { page } = vigil
    await expect(page.getByRole('link', { name: 'Sources' })).toBeVisible()

    // The first run's configuration has the outage trigger, so nothing is offered.
    const triggers = (await vigil.invoke('trigger:list')).value as { id: string; name: string }[]
    expect(triggers.map((t) => t.id)).toContain('vigil-outage')
    await expect(page.getByText('Be told when a source goes down?')).toHaveCount(0)

    const port = await closedPort()
    const saved = await vigil.invoke('source:save', {
      id: 'plant',
      name: 'Plant floor',
      preset: 'generic',
      url: `ws://127.0.0.1:${port}/`,
      reconnect: { initialMs: 100, maxMs: 500 },
      watchdog: { deadChannelMs: 1_000 },
    })
    expect(saved.ok).toBe(true)

    await page.getByRole('link', { name: /^Notifications/ }).click()
    const list = page.getByRole('list', { name: 'Notifications, newest first' })
    const down = list.getByRole('listitem').filter({ hasText: 'Plant floor is down' })
    await expect(down).toBeVisible({ timeout: 30_000 })
    await expect(down).toContainText('critical')
    await expect(down.getByRole('link', { name: 'Source down / back up' })).toBeVisible()
  })

  test('a configuration without one is offered it once', async ({ vigil }) => {
    const { page } = vigil
    await expect(page.getByRole('link', { name: 'Sources' })).toBeVisible()
    expect((await vigil.invoke('trigger:remove', 'vigil-outage')).ok).toBe(true)
    await page.reload()
    const offer = page.getByRole('region', { name: 'Be told when a source goes down?' })
    await expect(offer).toBeVisible()
    await offer.getByRole('button', { name: 'Add “Source down / back up”' }).click()
    await expect(offer).toHaveCount(0)
    const triggers = (await vigil.invoke('trigger:list')).value as { id: string }[]
    expect(triggers.map((t) => t.id)).toContain('vigil-outage')
    // Answered: not offered again in this window, even once the trigger is gone.
    expect((await vigil.invoke('trigger:remove', 'vigil-outage')).ok).toBe(true)
    await page.reload()
    await expect(page.getByRole('link', { name: 'Sources' })).toBeVisible()
    await expect(page.getByText('Be told when a source goes down?')).toHaveCount(0)
  })
})
