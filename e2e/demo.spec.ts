import { expect, test } from './fixtures'

test.describe('first run', () => {
  test('shows the demo source open and its events arriving', async ({ vigil }) => {
    const { page } = vigil
    const row = page.getByRole('row', { name: /Demo: PlanetSide 2 \(simulated\)/ })
    await expect(row).toBeVisible()
    await expect(row.getByText('Open', { exact: true })).toBeVisible()

    await page.getByRole('link', { name: 'Live events', exact: true }).click()
    const list = page.getByRole('list', { name: 'Recent events, newest first' })
    await expect(list.getByRole('listitem').first()).toBeVisible()
    // Census event names, with the demo source's name beside them.
    await expect(
      list.getByText(/^(Death|GainExperience|PlayerLogin|PlayerLogout|BattleRankUp)$/).first(),
    ).toBeVisible()
    await expect(list.getByText(/Demo: PlanetSide/).first()).toBeVisible()

    // Selecting an event shows its payload as a tree, with Census's string-typed values.
    await list.getByRole('listitem').first().click()
    const fields = page.getByRole('tree', { name: 'Event fields' })
    await expect(fields.getByRole('treeitem', { name: /^world_id: "\d+"$/ })).toBeVisible()
  })

  test('the contract refuses bad input with a clear error', async ({ vigil }) => {
    const result = await vigil.invoke('source:save', {
      id: 'Bad Id',
      name: '',
      preset: 'nope',
      url: 'http://x',
    })
    expect(result.ok).toBe(false)
    expect(result.error).toMatchObject({ code: 'invalid-argument' })
    expect(result.error!.message).toMatch(/id/)
    const unknown = await vigil.invoke('fs:read', '/etc/passwd')
    expect(unknown.error).toMatchObject({ code: 'unknown-channel' })
  })
})
