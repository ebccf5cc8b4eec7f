/**
 * Installing a Debian package for `npm run setup` (Chromium for the e2e suite, nats-server for
 * the cluster tests): through apt where it exists, as root or through sudo. Build-time only.
 */

import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const hasApt = existsSync('/usr/bin/apt-get')

export function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`)
  execFileSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

export function aptInstall(packages: string[]): void {
  const asRoot = process.getuid?.() === 0
  const apt = (args: string[]) =>
    asRoot ? run('apt-get', args) : run('sudo', ['apt-get', ...args])
  apt(['update'])
  apt(['install', '-y', '--no-install-recommends', ...packages])
}
