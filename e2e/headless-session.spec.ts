// The page's token input (issue 17): after a host restart with another token the page shows
// "Session expired" with a field for the token; a wrong one is refused there, the new one signs
// the page in again where it stands, without a reload. (A restart with the same token is
// headless-restart.spec.ts.) Headless only (playwright.config.ts).
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumExecutable } from './browser'
import { expect, invokeOverBridge, startHeadless, stopHeadless, test } from './fixtures'

const config = (names: string[]) => ({
  version: 1,
  sources: names.map((name) => ({
    id: name.toLowerCase(),
    name,
    preset: 'generic',
    enabled: false,
    url: 'ws://127.0.0.1:9/',
  })),
  triggers: [],
})

test('after a restart with another token, the token pasted into the page signs it in again', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-session-'))
  const executablePath = chromiumExecutable()
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
  })
  let child: ChildProcess | undefined
  try {
    const first = await startHeadless(dataDir, undefined)
    child = first.child
    const port = Number(new URL(first.origin).port)
    const rest = (token: string) => ({ origin: first.origin, token })
    expect(
      (await invokeOverBridge(rest(first.token), 'config:replace', [config(['Alpha'])])).ok,
    ).toBe(true)
    const page = await (await browser.newContext()).newPage()
    await page.goto(first.url)
    await expect(page.getByRole('link', { name: 'Alpha', exact: true })).toBeVisible()
    // The token left the address bar: a reload must not need it.
    expect(page.url()).not.toContain('token=')

    // Another token: the old cookie is refused, and the page says so with an input.
    await stopHeadless(child)
    const other = await startHeadless(dataDir, undefined, { token: `${first.token}-new`, port })
    child = other.child
    await expect(page.getByText('Session expired')).toBeVisible({ timeout: 20_000 })
    const signIn = page.getByRole('form', { name: "Sign in with the host's token" })
    await signIn.getByLabel('Token').fill(first.token)
    await signIn.getByRole('button', { name: 'Sign in' }).click()
    await expect(signIn).toContainText('Not signed in: the host did not accept this token')

    expect(
      (await invokeOverBridge(rest(other.token), 'config:replace', [config(['Gamma'])])).ok,
    ).toBe(true)
    await signIn.getByLabel('Token').fill(other.token)
    await signIn.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText('Session expired')).toBeHidden({ timeout: 20_000 })
    await expect(page.getByRole('link', { name: 'Gamma', exact: true })).toBeVisible()
  } finally {
    await browser.close()
    if (child) await stopHeadless(child)
    await rm(dataDir, { recursive: true, force: true })
  }
})
