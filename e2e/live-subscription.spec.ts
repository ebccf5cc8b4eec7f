import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

test.use({
  vigilOptions: {
    config: {
      version: 1,
      sources: [
        {
          id: 'ps2',
          name: 'PlanetSide 2',
          preset: 'census',
          url: 'sim://census/streaming?environment=ps2&service-id=s:e2e&rate=40',
          // The Census preset subscribes from its options, and applies a change live.
          options: { eventNames: ['GainExperience'] },
        },
      ],
      triggers: [],
    },
  },
})

interface Row {
  id: number
  type: string
}

/** Every row of the paused live list, scrolled through (it is virtualised), newest first. */
async function allRows(page: Page): Promise<Row[]> {
  const scroller = page.locator('.event-list .scroller')
  const seen = new Map<number, string>()
  await scroller.evaluate((element) => (element.scrollTop = 0))
  for (;;) {
    const rows = await scroller.locator('[data-event-id]').evaluateAll((buttons) =>
      buttons.map((button) => ({
        id: Number((button as HTMLElement).dataset.eventId),
        type: button.querySelector('.type')?.textContent?.trim() ?? '',
      })),
    )
    for (const row of rows) seen.set(row.id, row.type)
    const done = await scroller.evaluate((element) => {
      const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - 1
      element.scrollTop += element.clientHeight * 0.8
      return atEnd
    })
    if (done) break
  }
  return [...seen].map(([id, type]) => ({ id, type })).sort((a, b) => b.id - a.id)
}

test("editing a source's subscription live brings the new events into the list with no gap", async ({
  vigil,
}) => {
  const { page } = vigil
  await page.getByRole('link', { name: 'Live events', exact: true }).click()
  const firstRow = page.locator('[data-event-id]').first()
  await expect(firstRow).toBeVisible()
  const before = Number(await firstRow.getAttribute('data-event-id'))
  await expect(page.locator('.event-list .type', { hasText: 'Death' })).toHaveCount(0)

  // Add Death to the subscription in the source's form: it goes out on the open connection.
  await page.getByRole('link', { name: 'Sources', exact: true }).click()
  await page.getByRole('link', { name: 'Edit PlanetSide 2' }).click()
  await expect(page.getByLabel('Events', { exact: true })).toHaveValue('GainExperience')
  await page
    .getByRole('group', { name: 'Known values for Events' })
    .getByRole('button', { name: 'Death', exact: true })
    .click()
  await expect(page.getByLabel('Events', { exact: true })).toHaveValue('GainExperience, Death')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('heading', { name: 'PlanetSide 2' })).toBeVisible()
  expect((await vigil.invoke('source:list')).value).toMatchObject([{ counters: { reconnects: 0 } }])

  await page.getByRole('link', { name: 'Live events', exact: true }).click()
  await expect(page.locator('.event-list .type', { hasText: 'Death' }).first()).toBeVisible()
  await page.getByRole('button', { name: 'Pause' }).click()

  const rows = await allRows(page)
  const ids = rows.map((row) => row.id)
  const newest = ids[0]!
  // Every event from before the edit to the newest is in the list: ids are consecutive.
  expect(ids).toContain(before)
  const span = ids.filter((id) => id >= before)
  expect(span).toEqual(Array.from({ length: newest - before + 1 }, (_, i) => newest - i))
  const firstDeath = Math.min(...rows.filter((row) => row.type === 'Death').map((row) => row.id))
  expect(firstDeath).toBeGreaterThan(before)
  expect(rows.some((row) => row.type === 'GainExperience' && row.id > firstDeath)).toBe(true)
})
