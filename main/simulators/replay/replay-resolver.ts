/**
 * `sim://replay/<recording-id>?speed=N&run=R` for the simulator registry: starts a replay server
 * for the recording in the recordings folder, once per distinct URL, so a source that reconnects
 * resumes the same playback instead of starting over. `run` (optional, any short token) tells
 * playbacks apart: a new value plays the recording again from the start. A playback runs until
 * its URL is released (no source uses it any more) or the resolver is disposed.
 */

import { join } from 'node:path'
import { recordingIdSchema, replaySpeedSchema, type ReplaySpeed } from '../../../shared/recording'
import { startReplayServer, type RunningReplay } from './replay-server'

export const REPLAY_SIMULATOR = 'replay'

export interface ReplayResolver {
  resolve(url: URL): Promise<string>
  /** Closes the playback of `url` (its server and file), if one runs; a later resolve starts over. */
  release(url: URL): void
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

/** The recording and speed a replay URL names, and the key its playback runs under. */
function parseReplayUrl(url: URL): { id: string; speed: ReplaySpeed; key: string } {
  const id = url.pathname.replace(/^\//, '')
  if (!recordingIdSchema.safeParse(id).success) {
    throw new Error(`"${id}" is not a recording id (sim://replay/<recording-id>?speed=N)`)
  }
  const speed = parseSpeed(url)
  return { id, speed, key: `${id}?speed=${speed}&run=${url.searchParams.get('run') ?? ''}` }
}

/** Closes a playback once it has started; one that failed to start has nothing to close. */
function closeWhenStarted(replay: Promise<RunningReplay>): Promise<void> {
  return replay.then(
    (running) => running.close(),
    () => {},
  )
}

export function createReplayResolver(recordingsDir: string | undefined): ReplayResolver {
  const running = new Map<string, Promise<RunningReplay>>()
  return {
    async resolve(url) {
      const { id, speed, key } = parseReplayUrl(url)
      if (!recordingsDir) throw new Error('replays are not available: no recordings folder')
      let replay = running.get(key)
      if (!replay) {
        const started: Promise<RunningReplay> = startReplayServer({
          file: join(recordingsDir, `${id}.jsonl`),
          speed,
        }).catch((error: NodeJS.ErrnoException) => {
          // Only its own entry: a release and a new resolve may have replaced it meanwhile.
          if (running.get(key) === started) running.delete(key)
          if (error.code === 'ENOENT') throw new Error(`no recording "${id}" in ${recordingsDir}`)
          throw error
        })
        replay = started
        running.set(key, replay)
      }
      return (await replay).url
    },

    release(url) {
      let key: string
      try {
        key = parseReplayUrl(url).key
      } catch {
        return // Not a replay URL: nothing was started for it.
      }
      const replay = running.get(key)
      if (!replay) return
      running.delete(key)
      // Nobody waits for it: the source that used it is gone.
      closeWhenStarted(replay).catch(() => {})
    },

    async dispose() {
      const replays = [...running.values()]
      running.clear()
      await Promise.all(replays.map(closeWhenStarted))
    },
  }
}
