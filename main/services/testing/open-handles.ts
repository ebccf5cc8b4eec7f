/**
 * Counting a process's open files, for tests that check a file is let go. Only Linux exposes
 * them (`/proc/self/fd`); elsewhere `canCountOpenFiles` is false and those checks are left out.
 */

import { existsSync } from 'node:fs'
import { readdir, readlink } from 'node:fs/promises'

export const canCountOpenFiles = existsSync('/proc/self/fd')

/** How many of this process's file descriptors are open on `path`. */
export async function openHandles(path: string): Promise<number> {
  const fds = await readdir('/proc/self/fd')
  const targets = await Promise.all(
    fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
  )
  return targets.filter((target) => target === path).length
}
