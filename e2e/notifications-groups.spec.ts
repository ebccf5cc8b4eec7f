// Notifications as a user with two busy triggers sees them: repeats folded into one row with a
// count, the header's count following the filter (B9), mark unread, and the trigger linked.
import { expect, test } from './fixtures'

const trigger = (id: string, name: string, event: string, title: string) => ({
  id,
  name,
  sources: ['demo-census'],
  events: [event],
  actions: [{ type: 'notify', title }],
})

test.describe('notifications page', () => {
  test('repeats fold into one row, and the counts follow the filters', async ({ vigil }) => {
    test.setTimeout(90_000)
    const { page } = vigil
    await expect(page.getByRole('link', { name: 'Sources', exact: true })).toBeVisible()
    // Two triggers with a constant title each: every death repeats "A death", every experience
    // gain "Experience".
    expect(
      (await vigil.invoke('trigger:save', trigger('deaths', 'Deaths', 'Death', 'A death'))).ok,
    ).toBe(true)
    expect(
      (
        await vigil.invoke(
          'trigger:save',
          trigger('xp', 'Experience', 'GainExperience', 'Experience'),
        )
      ).ok,
    ).toBe(true)
    const count = async (query?: object) =>
      (await vigil.invoke('notification:unread-count', ...(query ? [query] : []))).value as number
    await expect.poll(() => count({ triggerId: 'deaths' }), { timeout: 45_000 }).toBeGreaterThan(2)
    await expect.poll(() => count({ triggerId: 'xp' }), { timeout: 45_000 }).toBeGreaterThan(0)
    // Hold the counts still.
    for (const id of ['deaths', 'xp', 'demo-headshots', 'demo-battle-rank'])
      expect((await vigil.invoke('trigger:set-enabled', id, false)).ok).toBe(true)
    await page.waitForTimeout(1_500)

    await page.getByRole('link', { name: /^Notifications/ }).click()
    const region = page.getByRole('region', { name: 'Notifications' })
    await region.getByLabel('Trigger').selectOption({ label: 'Deaths' })
    const deaths = await count({ triggerId: 'deaths' })
    const all = await count()
    expect(all).toBeGreaterThan(deaths)
    // B9: the header counts the filtered trigger's unread, the badge every one.
    await expect(region.getByTestId('unread-here')).toHaveText(`${deaths} unread here`)
    await expect(page.getByTestId('unread-badge')).toHaveText(new RegExp(`^${all}\\s*unread$`))

    // The repeats are one row with their count, opened with a button.
    const list = region.getByRole('list', { name: 'Notifications, newest first' })
    const head = list.getByRole('listitem').first()
    await expect(head).toContainText(`×${deaths}`)
    await expect(head.getByRole('link', { name: 'Deaths' })).toHaveAttribute(
      'href',
      /#\/triggers\/deaths/,
    )
    const toggle = head.getByRole('button', { name: `${deaths} times: A death` })
    await toggle.click()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    await expect(list.locator('li[data-row="member"]')).toHaveCount(deaths)

    // Mark read on the group marks them all; the header follows, the badge too.
    await head.getByRole('button', { name: 'Mark read: A death' }).click()
    await expect(region.getByTestId('unread-here')).toHaveText('0 unread here')
    await expect(page.getByTestId('unread-badge')).toHaveText(
      new RegExp(`^${all - deaths}\\s*unread$`),
    )
    // And one of them unread again.
    await list
      .locator('li[data-row="member"]')
      .first()
      .getByRole('button', { name: 'Mark unread: A death' })
      .click()
    await expect(region.getByTestId('unread-here')).toHaveText('1 unread here')
    expect(await count({ triggerId: 'deaths' })).toBe(1)
    await expect(page).toHaveTitle(new RegExp(`^\\(${all - deaths + 1}\\) Vigil$`))
  })
})
