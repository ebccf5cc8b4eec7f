// History: the demo's stored events searched by type, the list and the event view, and an export
// of what the search found (a download from the headless host, a file in the desktop app).
import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures'

test('history finds stored events by type and exports what it found', async ({ vigil }) => {
  const { page } = vigil
  // Let the demo store a few events (history writes in batches every ~100 ms).
  await expect
    .poll(
      async () => {
        const page = (await vigil.invoke('event:search', { type: 'Death', limit: 5 })).value as {
          events: unknown[]
        }
        return page.events.length
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(1)

  await page.getByRole('link', { name: 'History', exact: true }).click()
  const search = page.getByRole('search', { name: 'Search history' })
  await search.getByLabel('Type').fill('Death')
  await search.getByRole('button', { name: 'Search' }).click()

  const rows = page.getByRole('list', { name: 'Stored events, newest first' }).getByRole('listitem')
  await expect(rows.first()).toBeVisible()
  const types = await rows.locator('.type').allTextContents()
  expect(types.length).toBeGreaterThan(1)
  expect(new Set(types)).toEqual(new Set(['Death']))
  await expect(page.getByRole('complementary', { name: 'Event details' })).toContainText('Death')

  const exportGroup = page.getByRole('group', { name: 'Export the search' })
  if (vigil.rest) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportGroup.getByRole('link', { name: 'Download CSV' }).click(),
    ])
    const text = await readFile((await download.path())!, 'utf8')
    const lines = text.trim().split('\n')
    expect(lines[0]).toMatch(/^id,/)
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.slice(1).every((line) => line.includes('Death'))).toBe(true)
  } else {
    await exportGroup.getByRole('button', { name: 'Export CSV' }).click()
    await expect(exportGroup.getByRole('status')).toContainText(/Wrote \d+ events/)
  }
})
