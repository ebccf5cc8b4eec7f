/**
 * What only the headless host needs at run time: its web server (fastify, @fastify/static) and
 * every package that only they pull in. The desktop installer leaves these out
 * (electron-builder.yml's `files`), and check:build makes sure the desktop bundle never loads one.
 * The list is worked out from package-lock.json, so a dependency change that moves a package in or
 * out shows up in `build/headless-only.test.ts`, which compares it with electron-builder.yml.
 */

/** The production dependencies only the headless host imports. */
export const HEADLESS_ONLY_ROOTS = ['fastify', '@fastify/static'] as const

interface LockPackage {
  dev?: boolean
  optional?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

export interface Lockfile {
  packages: Record<string, LockPackage>
}

/** Where Node finds `name` from the package at `from` (a lockfile key such as `node_modules/a`). */
function resolve(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    if (base === '') return undefined
    const at = base.lastIndexOf('/node_modules/')
    base = at === -1 ? '' : base.slice(0, at)
  }
}

/** Every package reachable from `roots` (names, resolved from the project). */
function reachable(lock: Lockfile, roots: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const queue = roots.flatMap((name) => resolve(lock, '', name) ?? [])
  while (queue.length > 0) {
    const key = queue.pop()!
    if (seen.has(key)) continue
    seen.add(key)
    const entry = lock.packages[key]!
    const names = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
    }
    for (const name of Object.keys(names)) {
      const found = resolve(lock, key, name)
      if (found) queue.push(found)
    }
  }
  return seen
}

/** Lockfile keys (`node_modules/...`) of the packages only the headless host needs, sorted. */
export function headlessOnlyPackages(lock: Lockfile): string[] {
  const root = lock.packages['']!
  const production = Object.keys(root.dependencies ?? {})
  const desktop = reachable(
    lock,
    production.filter((name) => !(HEADLESS_ONLY_ROOTS as readonly string[]).includes(name)),
  )
  const headless = reachable(lock, HEADLESS_ONLY_ROOTS)
  return [...headless].filter((key) => !desktop.has(key)).sort()
}

/** The electron-builder `files` pattern that leaves a package out. */
export function exclusionPattern(key: string): string {
  return `!${key}{,/**}`
}
