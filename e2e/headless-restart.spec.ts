// A restart of the headless host keeps an open page working when it comes back with the same
// token (the session cookie is derived from it), and refuses it with another token.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import type { ChildProcess } from 'node:child_process'
import { CHROMIUM_ARGS, chromiumExecutable } from './browser'
import { expect, startHeadless, stopHeadless, test } from './fixtures'

const TOKEN = 'e2e-restart-token-0123456789'

test.describe('headless restart', () => {
  let dataDir: string
  let browser: Browser
  let page: Page
  let child: ChildProcess | undefined

  test.beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-restart-'))
    const executablePath = chromiumExecutable()
    browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: CHROMIUM_ARGS,
    })
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  })

  test.afterEach(async () => {
    await browser.close()
    if (child) await stopHeadless(child)
    child = undefined
    await rm(dataDir, { recursive: true, force: true })
  })

  const demoRow = () => page.getByRole('row', { name: /Demo: PlanetSide 2 \(simulated\)/ })

  async function restart(token: string): Promise<void> {
    const port = Number(new URL(page.url()).port)
    await stopHeadless(child!)
    await expect(page.getByText('Disconnected from engine.')).toBeVisible()
    ;({ child } = await startHeadless(dataDir, undefined, { token, port }))
  }

  test('with the same token, the open page reconnects and keeps working', async () => {
    const host = await startHeadless(dataDir, undefined, { token: TOKEN })
    child = host.child
    await page.goto(host.url)
    await expect(demoRow().getByText('Open', { exact: true })).toBeVisible()

    await restart(TOKEN)
    // The transport retries on its own (at most 5 s apart) and the same cookie is accepted.
    await expect(page.getByText('Disconnected from engine.')).toBeHidden({ timeout: 20_000 })
    await expect(page.getByText('Session expired')).toHaveCount(0)
    await expect(demoRow().getByText('Open', { exact: true })).toBeVisible()
    // Calls go through: disconnecting the demo source from the page closes it.
    await demoRow()
      .getByRole('button', { name: /^Disconnect / })
      .click()
    await expect(demoRow().getByText('Closed', { exact: true })).toBeVisible()
  })

  test('with another token, the page says the session expired and stops retrying', async () => {
    const host = await startHeadless(dataDir, undefined, { token: TOKEN })
    child = host.child
    await page.goto(host.url)
    await expect(demoRow().getByText('Open', { exact: true })).toBeVisible()

    await restart('e2e-another-token-0123456789')
    await expect(page.getByText('Session expired')).toBeVisible({ timeout: 20_000 })
    // The new token, pasted into the page, signs it in again (`POST /api/session`).
    const status = await page.evaluate(
      (token) =>
        fetch('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        }).then((response) => response.status),
      'e2e-another-token-0123456789',
    )
    expect(status).toBe(204)
    await page.reload()
    await expect(demoRow().getByText('Open', { exact: true })).toBeVisible()
  })
})
