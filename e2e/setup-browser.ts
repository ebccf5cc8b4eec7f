/**
 * `npm run setup`: makes sure the e2e suite has a Chromium to drive. Debian and Ubuntu get the
 * distribution's package (apt); anywhere else, Playwright's own build.
 */

import { existsSync } from 'node:fs'
import { aptInstall, hasApt, run } from '../build/apt'
import { SYSTEM_CHROMIUM } from './browser'

if (existsSync(SYSTEM_CHROMIUM)) {
  console.log(`Chromium is already installed at ${SYSTEM_CHROMIUM}.`)
} else if (hasApt) {
  aptInstall(['chromium'])
} else {
  run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'])
}
