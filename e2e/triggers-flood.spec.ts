// The flood guard on save: a trigger on every death of the demo would notify far more than 30
// times an hour; saving says so and adds a cooldown in one click.
import { expect, test } from './fixtures'

test.describe('flood guard', () => {
  test('saving a trigger that would flood offers a cooldown, and saves with it', async ({
    vigil,
  }) => {
    const { page } = vigil
    await expect(page.getByRole('link', { name: 'Sources', exact: true })).toBeVisible()
    // A window of deaths to predict from.
    await expect
      .poll(
        async () =>
          ((await vigil.invoke('event:recent', { type: 'Death', limit: 20 })).value as unknown[])
            .length,
        { timeout: 45_000 },
      )
      .toBeGreaterThanOrEqual(10)
    await page.evaluate(() => (location.hash = '#/triggers/new?source=demo-census&type=Death'))
    await page.getByLabel('Name', { exact: true }).fill('Every death')
    await page.getByRole('button', { name: 'Save trigger' }).click()

    const dialog = page.getByRole('dialog', { name: 'This trigger would flood you' })
    await expect(dialog).toBeVisible()
    const rate = await dialog.getByTestId('flood-rate').textContent()
    const perHour = Number(
      /about ([\d,.]+) notifications an hour/.exec(rate!)![1]!.replace(/,/g, ''),
    )
    expect(perHour).toBeGreaterThan(30)
    await expect(dialog).toContainText(/It matched \d+ of the last \d+ events, over/)

    await dialog.getByRole('button', { name: 'Add a cooldown (2 min) and save' }).click()
    await expect(page).toHaveURL(/#\/triggers\/every-death/)
    const listed = (await vigil.invoke('trigger:list')).value as {
      id: string
      noise: { cooldown?: { seconds: number } }
    }[]
    expect(listed.find((t) => t.id === 'every-death')?.noise.cooldown).toEqual({ seconds: 120 })
    // The saved trigger in the builder reads it back in words.
    await expect(page.getByText('At most once per 2 minutes.')).toBeVisible()
  })
})
