import { expect, test, type VigilApp } from './fixtures'

// A narrow window (issue 17, B16 and B4): below about 1,000 px the sidebar starts collapsed, so
// the tables keep their action buttons on screen; the sidebar's width never depends on the page.
async function inViewport(vigil: VigilApp, locator: ReturnType<VigilApp['page']['locator']>) {
  const box = await locator.boundingBox()
  const size = vigil.page.viewportSize()!
  expect(box, 'the element is laid out').not.toBeNull()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width)
}

test('at 900×700 the sidebar is a rail and every row keeps its actions visible', async ({
  vigil,
}) => {
  const { page } = vigil
  await page.setViewportSize({ width: 900, height: 700 })
  await page.reload()
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(nav.getByRole('button', { name: 'Expand the menu' })).toBeVisible()
  const railWidth = (await nav.boundingBox())!.width
  expect(railWidth).toBeLessThan(100)

  const row = page.getByRole('row', { name: /Demo: PlanetSide 2/ })
  await expect(row.getByRole('button', { name: 'Disconnect' })).toBeVisible()
  await inViewport(vigil, row.getByRole('button', { name: 'Disconnect' }))
  await inViewport(vigil, row.getByRole('link', { name: /Edit/ }))

  await page.getByRole('link', { name: 'Triggers' }).click()
  const trigger = page.getByRole('row').filter({ hasText: 'Source down / back up' })
  await expect(trigger).toBeVisible()
  for (const action of await trigger.getByRole('button').all()) await inViewport(vigil, action)

  // B4: the sidebar is as wide on every page, unread notifications or not.
  await page.getByRole('link', { name: 'Notifications' }).click()
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible()
  expect((await nav.boundingBox())!.width).toBe(railWidth)

  // Expanded by hand, it is remembered.
  await nav.getByRole('button', { name: 'Expand the menu' }).click()
  await page.reload()
  await expect(nav.getByRole('button', { name: 'Collapse the menu' })).toBeVisible()
})
