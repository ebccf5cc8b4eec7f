/**
 * A write that failed for lack of space: the disk is full (ENOSPC) or the user's quota is used up
 * (EDQUOT). Either way nothing is wrong with what was written, and the same write will work once
 * space is freed, so it is reported as a state (`disk-full`), never as a bug.
 */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}
