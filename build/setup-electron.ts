/**
 * First half of `npm run setup`: Electron's binary, for `npm start` and `npm run dev`.
 *
 * The electron package has no install script, so `npm ci` leaves the binary out, and
 * electron-vite stops with "Electron uninstall" until it is there. The package's own installer
 * fetches it. Offline (or behind a proxy that refuses it) that fails; setup then says what is
 * missing and goes on, since the headless app and the test suite do not need the binary.
 */

import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
const pathFile = join(packageDir, 'path.txt')

function installedBinary(): string | null {
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : null
}

const present = installedBinary()
if (present !== null) {
  console.log(`Electron's binary is already installed at ${present}.`)
} else {
  console.log("Downloading Electron's binary (for `npm start` and `npm run dev`)...")
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    stdio: 'inherit',
    timeout: 10 * 60_000,
  })
  const installed = installedBinary()
  if (result.status === 0 && installed !== null) {
    console.log(`Electron's binary is installed at ${installed}.`)
  } else {
    console.warn(
      "\nWarning: Electron's binary could not be downloaded (see above). `npm start` and\n" +
        '`npm run dev` need it; `npm run headless` and `npm test` do not. Run `npm run setup`\n' +
        'again once this machine can reach the internet.\n',
    )
  }
}
