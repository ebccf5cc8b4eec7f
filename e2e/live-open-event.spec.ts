import { expect, test } from './fixtures'

test('#/events?event=<id> selects that event, and says so when history has none', async ({
  vigil,
}) => {
  const { page } = vigil
  await expect
    .poll(
      async () => ((await vigil.invoke('event:recent', { limit: 20 })).value as unknown[]).length,
    )
    .toBeGreaterThan(10)
  const recent = (await vigil.invoke('event:recent', { limit: 20 })).value as {
    id: number
    type: string
  }[]
  const target = recent.at(-1)!

  await page.evaluate((id) => (location.hash = `#/events?event=${id}`), target.id)
  const details = page.getByRole('complementary', { name: 'Event details' })
  await expect(details).toContainText(`#${target.id}`)
  await expect(details.getByRole('treeitem', { name: `type: "${target.type}"` })).toBeVisible()
  await expect(page.locator(`[data-event-id="${target.id}"]`)).toHaveAttribute(
    'aria-current',
    'true',
  )

  // An id nothing has: said in words, not a silent empty pane.
  await page.evaluate(() => (location.hash = '#/events?event=999999999'))
  await expect(page.getByRole('alert')).toContainText('Event 999999999 is not in history')
})
