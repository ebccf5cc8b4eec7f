import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'
import { censusSource } from './census-sources'
import { closedPort } from './closed-port'
import { expect, test } from './fixtures'

// When a source is down (issue 17): plain errors with the raw text kept, Retry now, the timeline,
// the last error resolved, reconnects apart from attempts (B15); and a wrong type path is not
// silent: the unknown-types notice, fixed in one click.

test('Retry now dials a down source at once; its page tells the outage in plain words', async ({
  vigil,
}) => {
  const port = await closedPort()
  const saved = await vigil.invoke('config:replace', {
    version: 1,
    sources: [
      {
        id: 'door',
        name: 'Front door',
        preset: 'generic',
        url: `ws://127.0.0.1:${port}/`,
        // Long waits between automatic retries: Retry now is what brings it back.
        reconnect: { initialMs: 60_000, maxMs: 120_000 },
        watchdog: { deadChannelMs: 0 },
      },
    ],
    triggers: [],
  })
  expect(saved.ok).toBe(true)
  const { page } = vigil
  await page.getByRole('link', { name: 'Front door', exact: true }).click()

  const state = page.locator('.source-state-cell')
  await expect(state.getByText('Reconnecting', { exact: true })).toBeVisible()
  const lastError = page.locator('.last-error')
  await expect(lastError.locator('.message')).toHaveText(
    `nothing is listening at 127.0.0.1:${port}`,
  )
  await lastError.getByText('Details').click()
  await expect(lastError.locator('details code')).toContainText('ECONNREFUSED')
  const timeline = page.getByRole('list', { name: 'State changes, newest first' })
  await expect(timeline).toContainText('connection ended')

  // The server comes up refusing upgrades, so automatic retries (full jitter: they may come at
  // any moment) keep failing until it accepts; Retry now, clicked as it starts to, opens at once.
  let accepting = false
  const sockets = new WebSocketServer({ noServer: true })
  const server = createServer()
  server.on('upgrade', (request, socket, head) => {
    if (!accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  try {
    accepting = true
    await page.getByRole('button', { name: 'Retry now' }).click()
    await expect(state.getByText('Open', { exact: true })).toBeVisible({ timeout: 5_000 })
    await expect(page.getByRole('button', { name: 'Retry now' })).toBeHidden()
    await expect(page.getByTestId('error-resolved')).toBeVisible()
    // Newest first: opened by the dial Retry now started.
    const entries = timeline.locator('li')
    await expect(entries.nth(0)).toContainText('Open')
    await expect(entries.nth(1)).toContainText('Retry now')
    // One outage, one reconnect, however many tries it took (B15).
    await expect(page.getByTestId('reconnects')).toHaveText('1 reconnect')
    await expect(page.getByTestId('attempts')).toContainText(/\d+ attempts? while down/)

    await page.getByRole('link', { name: 'Sources', exact: true }).first().click()
    await expect(page.getByRole('row', { name: /Front door/ })).toContainText('resolved')
  } finally {
    // Servers wait for open connections before they call back: end Vigil's first.
    for (const client of sockets.clients) client.terminate()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

test('a type path written from the frame top shows a notice whose fix types the events', async ({
  vigil,
}) => {
  const saved = await vigil.invoke('config:replace', {
    version: 1,
    sources: [
      {
        ...censusSource('census', 'Census', 50, 'e2e'),
        // Relative to the payload, this names nothing: every event would be typed `unknown`.
        eventTypePath: 'payload.event_name',
      },
    ],
    triggers: [],
  })
  expect(saved.ok).toBe(true)
  const { page } = vigil
  const row = page.getByRole('row', { name: /Census/ })
  await expect(row).toContainText('payload.event_name')
  await page.getByRole('link', { name: 'Census', exact: true }).click()

  const notice = page.locator('[data-notice="unknown-types"]')
  await expect(notice).toBeVisible()
  await notice.getByRole('button', { name: /Read event types from event_name/ }).click()
  await expect(page.locator('.source-notices').getByRole('status')).toHaveText(
    'Event types are now read from event_name.',
  )
  await expect(notice).toBeHidden()

  await page.getByRole('link', { name: 'Its live events' }).click()
  // Within the filters: the source page's "This source elsewhere" links are labelled too.
  await expect(page.getByRole('search').getByLabel('Source')).toHaveValue('census')
  await expect
    .poll(async () => page.locator('.event-list .type').first().textContent())
    .toMatch(/^(?!unknown$)\w+/)
})
