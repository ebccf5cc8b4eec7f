// The condition builder by keyboard, as a first-time user found it: field suggestions taken with
// Enter and Tab (B1, B2), values picked from those seen, and the absence and wait-for modes,
// saved with Ctrl+S. Against the demo simulator's Census events.
import { expect, test, type VigilApp } from './fixtures'

const NEW = '#/triggers/new?source=demo-census&type=Death'

interface Saved {
  id: string
  mode: string
  condition: { all: { field: string; op: string; value?: unknown }[] }
  absence?: { seconds: number }
  expireAfterSeconds?: number
  onExpire?: { title: string }
}

async function saved(vigil: VigilApp, id: string): Promise<Saved | undefined> {
  const listed = (await vigil.invoke('trigger:list')).value as Saved[]
  return listed.find((t) => t.id === id)
}

/**
 * Saves with a shortcut. A young buffer can predict a flood (one match in a few seconds is many
 * an hour): the save dialog then asks, and this test saves as it is.
 */
async function saveWith(vigil: VigilApp, keys: string, id: string) {
  const { page } = vigil
  await page.keyboard.press(keys)
  const asIs = page.getByRole('dialog').getByRole('button', { name: 'Save as it is' })
  await expect(async () => {
    if (await asIs.isVisible()) await asIs.click()
    await expect(page).toHaveURL(new RegExp(`#/triggers/${id}`), { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
}

async function openBuilder(vigil: VigilApp, name: string) {
  const { page } = vigil
  await expect(page.getByRole('link', { name: 'Sources', exact: true })).toBeVisible()
  // Events must be buffered for suggestions and values: wait for some deaths.
  await expect
    .poll(
      async () =>
        ((await vigil.invoke('event:recent', { type: 'Death', limit: 5 })).value as unknown[])
          .length,
      { timeout: 30_000 },
    )
    .toBeGreaterThan(2)
  await page.evaluate((hash) => (location.hash = hash), NEW)
  await page.getByLabel('Name', { exact: true }).fill(name)
}

test.describe('condition builder by keyboard', () => {
  test('Enter and Tab take the highlighted field; a picked field stays known; values are picked with a click', async ({
    vigil,
  }) => {
    const { page } = vigil
    await openBuilder(vigil, 'E2E keys')

    // B2: Enter takes the highlighted suggestion, not the text typed so far.
    await page.getByRole('button', { name: '+ Condition' }).click()
    const first = page.getByRole('combobox', { name: 'Condition 1: field' })
    await first.fill('payload.is_head')
    await expect(page.getByRole('option', { name: /payload\.is_headshot/ })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await first.press('Enter')
    await expect(first).toHaveValue('payload.is_headshot')

    // B1: the field is known: opened again, its list names it rather than "No field seen yet".
    await first.click()
    const listbox = page.getByRole('listbox', { name: 'Condition 1: field' })
    await expect(listbox.getByRole('option', { name: /payload\.is_headshot/ })).toBeVisible()
    await expect(listbox.getByText('No field seen yet')).toHaveCount(0)
    await first.press('Escape')

    // B2: Tab takes it too, and moves on to the operator.
    await page.getByRole('button', { name: '+ Condition' }).first().click()
    const second = page.getByRole('combobox', { name: 'Condition 2: field' })
    await second.fill('payload.world_i')
    await second.press('Tab')
    await expect(second).toHaveValue('payload.world_id')
    const operator = page.getByRole('combobox', { name: 'Condition 2: operator' })
    await expect(operator).toBeFocused()

    // Values seen for "equals", picked without typing.
    await operator.selectOption('eq')
    const seen = page.getByRole('group', { name: 'Condition 2: values seen' })
    const pick = seen.getByRole('button').first()
    const value = (await pick.locator('.text').textContent())!.trim()
    await pick.click()
    await expect(pick).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByLabel('Condition 2: value', { exact: true })).toHaveValue(value)

    // Ctrl+S saves from the field being edited.
    await page.getByRole('textbox', { name: 'Title', exact: true }).focus()
    await saveWith(vigil, 'Control+s', 'e2e-keys')
    const trigger = await saved(vigil, 'e2e-keys')
    expect(trigger?.condition.all).toEqual([
      { field: 'payload.is_headshot', op: 'eq', value: true },
      { field: 'payload.world_id', op: 'eq', value },
    ])
  })

  test('"alert when this stops happening" and a deadline, built and saved', async ({ vigil }) => {
    const { page } = vigil
    await openBuilder(vigil, 'E2E silence')
    const modes = page.getByRole('group', { name: 'When it fires' })
    await modes.getByRole('radio', { name: 'Alert when this stops happening' }).check()
    const silence = page.getByLabel('Silence before the alert (minutes)')
    await expect(silence).toHaveValue('5')
    await silence.fill('10')
    await saveWith(vigil, 'Control+Enter', 'e2e-silence')
    expect(await saved(vigil, 'e2e-silence')).toMatchObject({
      mode: 'absence',
      absence: { seconds: 600 },
    })

    await openBuilder(vigil, 'E2E deadline')
    // One radio group: the arrow key moves from "every match" to "once".
    await modes.getByRole('radio', { name: 'Fire on every match' }).focus()
    await page.keyboard.press('ArrowDown')
    await expect(modes.getByRole('radio', { name: /^Fire once/ })).toBeChecked()
    await page.getByRole('checkbox', { name: /^Wait for it/ }).check()
    await page.getByLabel('Time to wait (hours)').fill('2')
    const onExpire = page.getByRole('group', { name: 'Notification when the deadline passes' })
    await onExpire
      .getByRole('textbox', { name: 'Title', exact: true })
      .fill('No headshot within 2 hours')
    await expect(onExpire.getByText(/Preview:\s*No headshot within 2 hours/)).toBeVisible()
    await page.keyboard.press('Control+s')
    await expect(page).toHaveURL(/#\/triggers\/e2e-deadline/)
    expect(await saved(vigil, 'e2e-deadline')).toMatchObject({
      mode: 'single-shot',
      expireAfterSeconds: 7200,
      onExpire: { title: 'No headshot within 2 hours' },
    })
  })
})
