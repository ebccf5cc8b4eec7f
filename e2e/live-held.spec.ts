import type { Page } from '@playwright/test'
import { censusSource } from './census-sources'
import { expect, test } from './fixtures'

// Live events stays live (issue 17, B5 and B14): a list held still by a selection, a scroll or a
// pause says how many newer events wait, counted under the filter, and jumps back to them.

test.use({
  vigilOptions: {
    config: {
      version: 1,
      // Two simulators: sources naming one simulator share it, and its rate.
      sources: [
        censusSource('fast', 'Fast stream', 200),
        { id: 'slow', name: 'Slow stream', preset: 'ebsockets', url: 'sim://ebsockets?rate=2' },
      ],
      triggers: [],
    },
  },
})

const nav = (page: Page, name: string | RegExp) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })
const rows = (page: Page) => page.locator('[data-event-id]')
const topId = async (page: Page) => Number(await rows(page).first().getAttribute('data-event-id'))
const pill = (page: Page) => page.locator('.newer-events-pill')
const pillCount = async (page: Page) =>
  Number(((await pill(page).locator('.words').textContent()) ?? '').replace(/\D/g, ''))

test('a selected event holds the list, says how many newer events wait, and jumps back (B5)', async ({
  vigil,
}) => {
  const { page } = vigil
  await nav(page, 'Live events').click()
  await expect(rows(page).first()).toBeVisible()
  await expect(pill(page)).toBeHidden()

  await rows(page).nth(3).click()
  await expect(page.getByRole('heading', { name: 'Event details' })).toBeVisible()
  const held = await topId(page)
  await expect.poll(() => pillCount(page)).toBeGreaterThan(20)
  // Held, not paused: the button still offers Pause, and the list has not moved.
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible()
  expect(await topId(page)).toBe(held)
  await expect(pill(page)).toContainText('newer events — jump to newest')

  await pill(page).click()
  await expect(pill(page)).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Event details' })).toBeHidden()
  await expect.poll(() => topId(page)).toBeGreaterThan(held + 20)
})

test('paused, the count follows the source filter, and the pause shows on every page (B14)', async ({
  vigil,
}) => {
  const { page } = vigil
  await nav(page, 'Live events').click()
  await expect(rows(page).first()).toBeVisible()
  await page.getByLabel('Source').selectOption('slow')

  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(pill(page)).toContainText('Paused')
  // Three seconds: about 600 events of the fast stream, about 6 of the slow one.
  await page.waitForTimeout(3_000)
  const slow = await pillCount(page)
  expect(slow).toBeLessThan(40)
  await page.getByLabel('Source').selectOption('')
  await expect.poll(() => pillCount(page)).toBeGreaterThan(200)
  await page.getByLabel('Source').selectOption('slow')
  await expect.poll(() => pillCount(page)).toBeLessThan(40)

  // Away and back: the pause is marked in the sidebar meanwhile, and kept.
  await nav(page, 'Sources').click()
  await expect(page.getByTestId('nav-paused')).toBeVisible()
  await nav(page, /Live events/).click()
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible()
  await expect(pill(page)).toContainText('Paused')

  const before = await topId(page)
  await page.getByRole('button', { name: 'Resume' }).click()
  await expect(page.getByTestId('nav-paused')).toBeHidden()
  await expect(pill(page)).toBeHidden()
  await expect.poll(() => topId(page)).toBeGreaterThan(before)
})

test('scrolled down, the list holds still; a selection is let go on leaving the page', async ({
  vigil,
}) => {
  const { page } = vigil
  await nav(page, 'Live events').click()
  await expect.poll(async () => rows(page).count()).toBeGreaterThanOrEqual(30)
  await page.locator('.scroller').evaluate((element) => (element.scrollTop = 200))
  await expect(pill(page)).toBeVisible()
  const held = await page.locator('.scroller').evaluate((element) => element.scrollTop)
  await page.waitForTimeout(1_000)
  expect(await page.locator('.scroller').evaluate((element) => element.scrollTop)).toBe(held)
  await page.locator('.scroller').evaluate((element) => (element.scrollTop = 0))
  await expect(pill(page)).toBeHidden()

  await rows(page).nth(2).click()
  await expect(pill(page)).toBeVisible()
  await nav(page, 'Triggers').click()
  // The page is loaded lazily: a click on Live events before it arrives cancels the navigation,
  // and the page with its selection was never left.
  await expect(page.getByRole('heading', { name: 'Triggers', level: 1 })).toBeVisible()
  await nav(page, /Live events/).click()
  await expect(page.getByRole('heading', { name: 'Event details' })).toBeHidden()
  await expect(pill(page)).toBeHidden()
})
