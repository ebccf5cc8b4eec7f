import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const CHURN = fileURLToPath(new URL('../testing/heap-churn.ts', import.meta.url))

/** The largest heap a child churning its old generation reserved, tuned or with V8's defaults. */
async function largestHeap(mode: 'tuned' | 'default'): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHURN, mode])
  return Number(stdout)
}

describe('tuneHeap', () => {
  it('keeps a heap whose old generation churns well under what V8 reserves by default', async () => {
    const [tuned, untuned] = await Promise.all([largestHeap('tuned'), largestHeap('default')])
    expect(tuned).toBeGreaterThan(0)
    // On Node 24 (x64): about 260-285 MB tuned against 365 MB by default.
    expect(tuned).toBeLessThan(untuned * 0.85)
  }, 60_000)
})
