// The hand-off from Live events into the builder, a backtest, a save, and the saved trigger's
// notifications arriving: the whole path a new user takes, against the demo simulator.
import { expect, test } from './fixtures'

const HANDOFF = '#/triggers/new?source=demo-census&type=Death&field=payload.is_headshot&op=is-true'

test.describe('trigger builder', () => {
  test('a hand-off draft is adjusted, backtested, saved, and its notifications arrive', async ({
    vigil,
  }) => {
    const { page } = vigil
    await expect(page.getByRole('link', { name: 'Sources', exact: true })).toBeVisible()
    await page.evaluate((hash) => (location.hash = hash), HANDOFF)

    // The hand-off filled in the source, the type and one leaf.
    const leaf = page.getByRole('listitem', { name: 'Condition 1' })
    await expect(leaf.getByRole('combobox', { name: 'Condition 1: field' })).toHaveValue(
      'payload.is_headshot',
    )
    await expect(leaf.getByRole('combobox', { name: 'Condition 1: operator' })).toHaveValue(
      'is-true',
    )
    await expect(
      page.getByRole('checkbox', { name: 'Demo: PlanetSide 2 (simulated)' }),
    ).toBeChecked()
    await expect(page.getByRole('list', { name: 'Chosen event types' })).toContainText('Death')

    // Adjust: a name (the id follows it), a second condition, and a title template.
    await page.getByLabel('Name', { exact: true }).fill('E2E headshots')
    await expect(page.getByLabel('Id', { exact: true })).toHaveValue('e2e-headshots')
    await page.getByRole('button', { name: '+ Condition' }).click()
    const second = page.getByRole('listitem', { name: 'Condition 2' })
    const field = second.getByRole('combobox', { name: 'Condition 2: field' })
    await field.fill('payload.attacker_char')
    // Suggestions come from the field catalogue and recent events.
    await page.getByRole('option', { name: /payload\.attacker_character_id/ }).click()
    await expect(field).toHaveValue('payload.attacker_character_id')
    await second.getByRole('combobox', { name: 'Condition 2: operator' }).selectOption('neq')
    // Compared as text, said outright: the demo's environment deaths have attacker "0", and while
    // only those have been seen the field reads as a "0"/"1" flag, whose value is a true/false list.
    await second.getByLabel('Condition 2: value: compare as').selectOption('text')
    await second.getByLabel('Condition 2: value', { exact: true }).fill('0')
    await page.getByLabel('Title').fill('E2E: headshot on world {{payload.world_id}}')
    await expect(page.getByText(/Preview:\s*E2E: headshot on world \d+/)).toBeVisible()

    // Backtest until the buffer holds a headshot (about one in five deaths at 5 events/s).
    const predicted = page.getByTestId('backtest-predicted')
    await expect(async () => {
      await page.getByRole('button', { name: 'Run backtest' }).click()
      await expect(predicted).toHaveText(/^[1-9]\d*\s+notifications? would have fired/, {
        timeout: 2_000,
      })
    }).toPass({ timeout: 45_000 })
    // New triggers start with the default noise control (at most 2 a minute), so of a burst of
    // matches the later ones may be held back: at least one fires.
    await expect(
      page
        .getByRole('list', { name: 'Backtest matches' })
        .getByRole('button')
        .filter({ hasText: 'fires' })
        .first(),
    ).toBeVisible()

    await page.getByRole('button', { name: 'Save trigger' }).click()
    // Headshots are frequent: the flood guard may ask first (triggers-flood.spec.ts covers it).
    const asIs = page.getByRole('dialog').getByRole('button', { name: 'Save as it is' })
    await expect(async () => {
      if (await asIs.isVisible()) await asIs.click()
      await expect(page).toHaveURL(/#\/triggers\/e2e-headshots/, { timeout: 1_000 })
    }).toPass({ timeout: 15_000 })
    await expect(page.getByText('Saved.')).toBeVisible()
    const saved = await vigil.invoke('trigger:list')
    expect((saved.value as { id: string }[]).map((t) => t.id)).toContain('e2e-headshots')

    // Its notifications arrive on the Notifications page, filtered to this trigger.
    await page.getByRole('link', { name: /^Notifications/ }).click()
    // The editor's regions are labelled "Trigger…" too: wait until it has gone.
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible()
    await page.getByLabel('Trigger').selectOption({ label: 'E2E headshots' })
    const list = page.getByRole('list', { name: 'Notifications, newest first' })
    await expect(list.getByText(/E2E: headshot on world \d+/).first()).toBeVisible({
      timeout: 45_000,
    })
  })

  test("the trigger list's counters follow the engine without a reload", async ({ vigil }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Triggers', exact: true }).click()
    // Evaluated is the first number in the row; the demo sends a few Death events a second.
    const evaluated = page.locator('tr[data-trigger-id="demo-headshots"] td.num').first()
    const read = async () => Number((await evaluated.textContent())!.replace(/\D/g, ''))
    await expect(evaluated).toHaveText(/\d/)
    const first = await read()
    await expect.poll(read, { timeout: 10_000 }).toBeGreaterThan(first)
  })

  test('the trigger list switches a trigger off and deletes one after confirming', async ({
    vigil,
  }) => {
    const { page } = vigil
    await page.getByRole('link', { name: 'Triggers', exact: true }).click()
    const row = page.getByRole('row', { name: /Demo: battle rank 100 and up/ })
    const toggle = row.getByRole('switch', { name: 'Demo: battle rank 100 and up enabled' })
    await expect(toggle).toHaveAttribute('aria-checked', 'true')
    await toggle.click()
    await expect(toggle).toHaveAttribute('aria-checked', 'false')
    const listed = await vigil.invoke('trigger:list')
    expect(
      (listed.value as { id: string; enabled: boolean }[]).find((t) => t.id === 'demo-battle-rank')
        ?.enabled,
    ).toBe(false)

    await row.getByRole('button', { name: 'Delete Demo: battle rank 100 and up' }).click()
    const dialog = page.getByRole('dialog', { name: /Delete “Demo: battle rank 100 and up”/ })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(row).toBeVisible()
    await row.getByRole('button', { name: 'Delete Demo: battle rank 100 and up' }).click()
    await dialog.getByRole('button', { name: 'Delete trigger' }).click()
    await expect(row).toHaveCount(0)
    await expect(page.getByRole('row', { name: /Demo: headshot kills/ })).toBeVisible()
  })
})
