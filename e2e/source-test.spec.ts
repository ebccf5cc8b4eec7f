import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { closedPort } from './closed-port'
import { expect, test } from './fixtures'

// Test connection in the source form (issue 17): the unsaved settings are dialled, the frames
// shown with what the preset made of them, errors in plain words; autodetect proposes the field
// that looks like the event type, one click uses it. Nothing is saved by a test. After saving,
// any payload field in the Live events tree can become the event type (with a confirmation).
test.use({ vigilOptions: { config: { version: 1, sources: [], triggers: [] } } })

test('a test shows the frames and their types, and autodetect fixes the type path', async ({
  vigil,
}) => {
  // A service whose events name their type in `event_name`, not the generic preset's `type`.
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise((resolve) => server.once('listening', resolve))
  server.on('connection', (socket) => {
    for (let n = 0; n < 12; n++) {
      socket.send(JSON.stringify({ event_name: n % 3 === 0 ? 'Login' : 'Death', n }))
    }
  })
  const { port } = server.address() as AddressInfo
  try {
    const { page } = vigil
    await page.getByRole('link', { name: 'Add a source' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Arena')
    await page.getByLabel('URL', { exact: true }).fill(`ws://127.0.0.1:${port}/`)

    const panel = page.getByRole('region', { name: 'Test connection' })
    await panel.getByRole('button', { name: 'Test connection' }).click()
    await expect(panel.locator('.outcome')).toHaveText(/^Opened; \d+ frames received/, {
      timeout: 15_000,
    })
    const frames = panel.getByRole('list', { name: 'Frames received, in order' })
    await expect(frames.locator('li').first()).toContainText('event: unknown')
    await expect(frames.locator('li').first()).toContainText('"event_name":"Login"')
    await expect(panel.getByTestId('unknown-types')).toContainText('had no type at type')

    const candidate = panel.locator('.candidate').filter({ hasText: 'event_name' })
    await expect(candidate).toContainText('Death, Login')
    await candidate.getByRole('button', { name: 'Use as the event type' }).click()
    await expect(page.getByLabel('Event type path')).toHaveValue('event_name')

    await panel.getByRole('button', { name: 'Test again' }).click()
    await expect(frames.locator('li').first()).toContainText('event: Login', { timeout: 15_000 })
    await expect(panel.getByTestId('unknown-types')).toBeHidden()
    await expect(candidate).toContainText('in use')
    // A test saves nothing.
    expect(((await vigil.invoke('config:get')).value as { sources: unknown[] }).sources).toEqual([])
  } finally {
    for (const client of server.clients) client.terminate()
    await new Promise((resolve) => server.close(resolve))
  }
})

test('a test against a closed port says so in plain words, the raw error under Details', async ({
  vigil,
}) => {
  const port = await closedPort()
  const { page } = vigil
  await page.getByRole('link', { name: 'Add a source' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Nowhere')
  await page.getByLabel('URL', { exact: true }).fill(`ws://127.0.0.1:${port}/`)
  const panel = page.getByRole('region', { name: 'Test connection' })
  await panel.getByRole('button', { name: 'Test connection' }).click()
  await expect(panel.locator('.outcome')).toHaveText('Did not open.', { timeout: 15_000 })
  await expect(panel.locator('.last-error .message')).toHaveText(
    `nothing is listening at 127.0.0.1:${port}`,
  )
  await panel.getByText('Details').click()
  await expect(panel.locator('.last-error details code')).toContainText('ECONNREFUSED')
})

test('after saving, "Use this field as the event type" in the Live events tree fixes the path', async ({
  vigil,
}) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise((resolve) => server.once('listening', resolve))
  // A steady trickle, so events typed after the change arrive while the test looks.
  const timers: NodeJS.Timeout[] = []
  server.on('connection', (socket) => {
    let n = 0
    timers.push(
      setInterval(() => socket.send(JSON.stringify({ event_name: 'Death', n: n++ })), 100),
    )
  })
  const { port } = server.address() as AddressInfo
  try {
    const saved = await vigil.invoke('config:replace', {
      version: 1,
      sources: [{ id: 'arena', name: 'Arena', preset: 'generic', url: `ws://127.0.0.1:${port}/` }],
      triggers: [],
    })
    expect(saved.ok).toBe(true)
    const { page } = vigil
    await page.getByRole('link', { name: 'Live events' }).click()
    const list = page.getByRole('list', { name: 'Recent events, newest first' })
    await expect(list.getByRole('listitem').first()).toContainText('unknown')
    await list.getByRole('listitem').first().click()

    const fields = page.getByRole('tree', { name: 'Event fields' })
    await fields.getByRole('treeitem', { name: 'event_name: "Death"' }).click()
    await page.getByRole('button', { name: 'Use this field as the event type' }).click()
    const dialog = page.getByRole('dialog', { name: 'Read event types from this field?' })
    await expect(dialog).toContainText('event_name')
    await dialog.getByRole('button', { name: 'Use this field' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'now reads' })).toHaveText(
      "Arena now reads each event's type from event_name.",
    )

    await page.getByRole('button', { name: 'Close' }).click()
    await expect(list.getByRole('listitem').first()).toContainText('Death')
    const config = (await vigil.invoke('config:get')).value as {
      sources: { eventTypePath?: string }[]
    }
    expect(config.sources[0]!.eventTypePath).toBe('event_name')
  } finally {
    for (const timer of timers) clearInterval(timer)
    for (const client of server.clients) client.terminate()
    await new Promise((resolve) => server.close(resolve))
  }
})
