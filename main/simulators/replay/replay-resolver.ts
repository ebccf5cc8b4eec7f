/**
 * `sim://replay/<recording-id>?speed=N&run=R` for the simulator registry: starts a replay server
 * for the recording in the recordings folder, once per distinct URL, so a source that reconnects
 * resumes the same playback instead of starting over. `run` (optional, any short token) tells
 * playbacks apart: a new value plays the recording again from the start.
 */

import { join } from 'node:path'
import { recordingIdSchema, replaySpeedSchema, type ReplaySpeed } from '../../../shared/recording'
import { startReplayServer, type RunningReplay } from './replay-server'

export const REPLAY_SIMULATOR = 'replay'

export interface ReplayResolver {
  resolve(url: URL): Promise<string>
  dispose(): Promise<void>
}

function parseSpeed(url: URL): ReplaySpeed {
  for (const key of url.searchParams.keys()) {
    if (key !== 'speed' && key !== 'run') {
      throw new Error(`unknown replay parameter "${key}" (known: speed, run)`)
    }
  }
  if (!/^[A-Za-z0-9_-]{0,32}$/.test(url.searchParams.get('run') ?? '')) {
    throw new Error('a replay run is at most 32 letters, digits, "-" or "_"')
  }
  const text = url.searchParams.get('speed')
  if (text === null) return 1
  const parsed = replaySpeedSchema.safeParse(text === 'max' ? text : Number(text))
  if (!parsed.success) {
    throw new Error(`invalid replay speed "${text}": use a number above 0 up to 1000, or max`)
  }
  return parsed.data
}

export function createReplayResolver(recordingsDir: string | undefined): ReplayResolver {
  const running = new Map<string, Promise<RunningReplay>>()
  return {
    async resolve(url) {
      const id = url.pathname.replace(/^\//, '')
      if (!recordingIdSchema.safeParse(id).success) {
        throw new Error(`"${id}" is not a recording id (sim://replay/<recording-id>?speed=N)`)
      }
      if (!recordingsDir) throw new Error('replays are not available: no recordings folder')
      const speed = parseSpeed(url)
      const key = `${id}?speed=${speed}&run=${url.searchParams.get('run') ?? ''}`
      let replay = running.get(key)
      if (!replay) {
        replay = startReplayServer({ file: join(recordingsDir, `${id}.jsonl`), speed }).catch(
          (error: NodeJS.ErrnoException) => {
            running.delete(key)
            if (error.code === 'ENOENT') throw new Error(`no recording "${id}" in ${recordingsDir}`)
            throw error
          },
        )
        running.set(key, replay)
      }
      return (await replay).url
    },

    async dispose() {
      const replays = [...running.values()]
      running.clear()
      const settled = await Promise.allSettled(replays)
      await Promise.all(
        settled.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
      )
    },
  }
}
