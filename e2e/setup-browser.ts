/**
 * `npm run setup`: makes sure the e2e suite has a Chromium to drive. Debian and Ubuntu get the
 * distribution's package (apt); anywhere else, Playwright's own build.
 */

import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { SYSTEM_CHROMIUM } from './browser'

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`)
  execFileSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

if (existsSync(SYSTEM_CHROMIUM)) {
  console.log(`Chromium is already installed at ${SYSTEM_CHROMIUM}.`)
} else if (existsSync('/usr/bin/apt-get')) {
  const asRoot = process.getuid?.() === 0
  const apt = (args: string[]) =>
    asRoot ? run('apt-get', args) : run('sudo', ['apt-get', ...args])
  apt(['update'])
  apt(['install', '-y', '--no-install-recommends', 'chromium'])
} else {
  run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'])
}
