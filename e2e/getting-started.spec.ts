import { expect, test } from './fixtures'

// First run (issue 17): a "Getting started" card while the demo source is there, with its next
// steps; it pauses the demo in one click and, once dismissed, stays dismissed in this window.
test('the first-run card shows the next steps, pauses the demo and stays dismissed', async ({
  vigil,
}) => {
  const { page } = vigil
  const card = page.getByRole('region', { name: 'Getting started' })
  await expect(card).toBeVisible()
  await expect(card.getByRole('link', { name: 'Add source' })).toHaveAttribute(
    'href',
    '#/sources/new',
  )

  await card.getByRole('button', { name: 'Disconnect the demo' }).click()
  const demo = page.getByRole('row', { name: /Demo: PlanetSide 2/ })
  await expect(demo).toContainText('Closed')
  await expect(card.getByRole('button', { name: 'Connect the demo' })).toBeVisible()

  await card.getByRole('link', { name: "The demo's live events" }).click()
  await expect(page.getByRole('search').getByLabel('Source')).toHaveValue('demo-census')

  await page.getByRole('link', { name: 'Sources', exact: true }).first().click()
  await card.getByRole('button', { name: 'Dismiss' }).click()
  await expect(card).toBeHidden()
  await page.reload()
  await expect(page.getByRole('row', { name: /Demo: PlanetSide 2/ })).toBeVisible()
  await expect(card).toBeHidden()
})
