/**
 * The feeder (feeder.ts) as a child process, from the parent's side: started with the same loader
 * as the parent (tsx), asked for its counters over IPC, told to stop a sized flood, killed at the
 * end. Shared by `npm run bench` and `npm run soak`.
 */

import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FeederMessage, FeederRequest, FeederStats } from './feeder'

export interface Feeder {
  url(path: string): string
  stats(): Promise<FeederStats>
  /** Stops sized floods; answers the counters, final for them. */
  stop(): Promise<FeederStats>
  meanTextBytes: number
  close(): void
}

export async function startFeeder(): Promise<Feeder> {
  // Without profiling flags: a profile is of the receiver.
  const execArgv = process.execArgv.filter((arg) => !/^--(cpu-prof|heap-prof|prof)/.test(arg))
  const child = fork(fileURLToPath(new URL('./feeder.ts', import.meta.url)), [], { execArgv })
  const waiting: ((stats: FeederStats) => void)[] = []
  const ready = new Promise<{ port: number; meanTextBytes: number }>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the feeder exited (${code})`)))
    child.on('message', (message: FeederMessage) => {
      if (message.type === 'ready') resolve(message)
      else waiting.shift()?.(message.stats)
    })
  })
  const { port, meanTextBytes } = await ready
  const ask = (request: FeederRequest) =>
    new Promise<FeederStats>((resolve) => {
      waiting.push(resolve)
      child.send(request)
    })
  return {
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    stats: () => ask({ type: 'stats' }),
    stop: () => ask({ type: 'stop' }),
    meanTextBytes,
    close: () => child.kill(),
  }
}
