import type { Page } from '@playwright/test'
import { censusSource } from './census-sources'
import { expect, test } from './fixtures'

const RATE = 5_000

test.use({
  vigilOptions: {
    config: {
      version: 1,
      sources: [censusSource('firehose', 'Census firehose', RATE, 'e2e')],
      triggers: [],
    },
  },
})

interface FrameStats {
  frames: number
  p50: number
  p95: number
  max: number
}

/** Frame-to-frame times in the page for `ms`, from requestAnimationFrame. */
function measureFrames(page: Page, ms: number): Promise<FrameStats> {
  return page.evaluate(
    (duration) =>
      new Promise<FrameStats>((resolve) => {
        const deltas: number[] = []
        let last = performance.now()
        const end = last + duration
        const step = (now: number) => {
          deltas.push(now - last)
          last = now
          if (now < end) return void requestAnimationFrame(step)
          deltas.sort((a, b) => a - b)
          const at = (q: number) =>
            deltas[Math.min(deltas.length - 1, Math.floor(q * deltas.length))]!
          resolve({ frames: deltas.length, p50: at(0.5), p95: at(0.95), max: deltas.at(-1)! })
        }
        requestAnimationFrame(step)
      }),
    ms,
  )
}

const show = (phase: string, s: FrameStats) =>
  `${phase.padEnd(8)} frames ${String(s.frames).padStart(4)}  p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  max ${s.max.toFixed(1)} ms`

test(`the live list stays responsive at ${RATE.toLocaleString('en')} events/s, paused and resumed`, async ({
  vigil,
}) => {
  const { page } = vigil
  await page.getByRole('link', { name: 'Live events', exact: true }).click()
  await expect(page.locator('[data-event-id]').first()).toBeVisible()
  // The engine is delivering at full rate before anything is measured.
  await expect
    .poll(async () => {
      const [source] = (await vigil.invoke('source:list')).value as { eventsPerSecond: number }[]
      return source?.eventsPerSecond ?? 0
    })
    .toBeGreaterThan(RATE * 0.8)

  const running = await measureFrames(page, 3_000)

  await page.getByRole('button', { name: 'Pause' }).click()
  const topWhenPaused = await page.locator('[data-event-id]').first().getAttribute('data-event-id')
  const pending = page.locator('.newer-events-pill .words')
  await expect(pending).toHaveText(/^Paused · [\d,. ]+ newer events?$/)
  const paused = await measureFrames(page, 2_000)
  // Frozen: the top row has not moved, and the count of what arrived has grown past a second's worth.
  expect(await page.locator('[data-event-id]').first().getAttribute('data-event-id')).toBe(
    topWhenPaused,
  )
  const count = Number((await pending.textContent())!.replace(/\D/g, ''))
  expect(count).toBeGreaterThan(RATE)

  await page.getByRole('button', { name: 'Resume' }).click()
  await expect(pending).toBeHidden()
  await expect
    .poll(async () =>
      Number(await page.locator('[data-event-id]').first().getAttribute('data-event-id')),
    )
    .toBeGreaterThan(Number(topWhenPaused) + count)
  const resumed = await measureFrames(page, 3_000)

  console.log(`frame times at ${RATE} events/s (requestAnimationFrame deltas):`)
  for (const [phase, stats] of [
    ['running', running],
    ['paused', paused],
    ['resumed', resumed],
  ] as const)
    console.log(`  ${show(phase, stats)}`)

  // A generous sanity bound, not a performance target: the page keeps painting.
  for (const stats of [running, paused, resumed]) {
    expect(stats.frames).toBeGreaterThan(10)
    expect(stats.p50).toBeLessThan(250)
  }
})
