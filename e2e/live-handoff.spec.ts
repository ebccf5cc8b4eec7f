import { expect, test } from './fixtures'

test('clicking a value in a live event starts a trigger on it in the builder', async ({
  vigil,
}) => {
  const { page } = vigil
  await page.getByRole('link', { name: 'Live events', exact: true }).click()
  await page.getByLabel('Type').fill('Death')
  const list = page.getByRole('list', { name: 'Recent events, newest first' })
  await list.getByRole('listitem').first().click()

  const fields = page.getByRole('tree', { name: 'Event fields' })
  const world = fields.getByRole('treeitem', { name: /^world_id: "\d+"$/ })
  const worldId = /"(\d+)"/.exec((await world.getAttribute('aria-label'))!)![1]!
  await world.click()
  await expect(page.getByRole('button', { name: 'Copy path' })).toBeVisible()
  const offer = page.getByRole('button', {
    name: `New trigger where payload.world_id equals "${worldId}"`,
  })
  await offer.click()

  await expect(page).toHaveURL(/#\/triggers\/new\?/)
  const leaf = page.getByRole('listitem', { name: 'Condition 1' })
  await expect(leaf.getByRole('combobox', { name: 'Condition 1: field' })).toHaveValue(
    'payload.world_id',
  )
  await expect(leaf.getByRole('combobox', { name: 'Condition 1: operator' })).toHaveValue('eq')
  await expect(leaf.getByLabel('Condition 1: value', { exact: true })).toHaveValue(worldId)
  await expect(page.getByRole('checkbox', { name: 'Demo: PlanetSide 2 (simulated)' })).toBeChecked()
  await expect(page.getByRole('list', { name: 'Chosen event types' })).toContainText('Death')
})
