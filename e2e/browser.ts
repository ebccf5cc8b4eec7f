/** Which Chromium the e2e suite drives, and with which flags. */

import { existsSync } from 'node:fs'

/** Debian's Chromium; Playwright's own browser download cannot work on machines without internet. */
export const SYSTEM_CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium'

export function chromiumExecutable(): string | undefined {
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined
}

export const CHROMIUM_ARGS = [
  // CI runs as root in a container, where Chromium's own sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  // Without these, Chromium keeps dialling Google services, which a closed network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
