import { expect, test } from './fixtures'

test('a recording of the demo source replays as a source of its own', async ({ vigil }) => {
  const { page } = vigil
  await page.getByRole('link', { name: 'Demo: PlanetSide 2 (simulated)', exact: true }).click()
  await expect(
    page.getByRole('region', { name: 'State' }).getByText('Open', { exact: true }),
  ).toBeVisible()

  await page.getByRole('button', { name: 'Start recording' }).click()
  await expect(page.getByRole('status').filter({ hasText: /Recording, for/ })).toBeVisible()
  // The demo sends about five events a second: a couple of seconds is plenty.
  await page.waitForTimeout(2_500)
  await page.getByRole('button', { name: 'Stop recording' }).click()
  const replay = page.getByRole('button', { name: /^Replay the recording from/ })
  await expect(replay).toBeEnabled()

  await page.getByLabel('Replay speed').selectOption('max')
  await replay.click()
  await expect(page.getByRole('heading', { name: /^Replay: Demo: PlanetSide 2/ })).toBeVisible()
  await expect
    .poll(async () => {
      const sources = (await vigil.invoke('source:list')).value as {
        id: string
        counters: { events: number }
      }[]
      return sources.find((source) => source.id.startsWith('replay-'))?.counters.events ?? 0
    })
    .toBeGreaterThan(0)
})
