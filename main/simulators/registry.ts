/**
 * Resolves `sim://<name>/<path>?<query>` source URLs to simulators running in this process, so the
 * demo source works with no network at all. The engine reaches this only through its injected
 * `resolveUrl` port; nothing here knows about the engine.
 *
 * Each simulator starts on first use, on 127.0.0.1 and a free port, and is shared by every later
 * source that names it. A `rate` query parameter sets its events per second and is not passed on.
 */

import { startCensusSimulator, type RunningSimulator } from './census/census-simulator'
import { startEbsocketsSimulator } from './ebsockets/ebsockets-simulator'
import { startNeuroioSimulator } from './neuroio/neuroio-simulator'
import { PI_DEFAULT_CHANNEL_PATH, startPiSimulator } from './piwebapi/pi-simulator'
import { startSimpliSafeSimulator } from './simplisafe/simplisafe-simulator'
import { createReplayResolver, REPLAY_SIMULATOR } from './replay/replay-resolver'

export interface SimulatorResolver {
  /** A `ws://` URL for a `sim://` one; any other URL comes back unchanged. */
  resolveUrl(url: string): Promise<string>
  /**
   * No source uses `url` any more (removed, or its URL changed): a replay's playback is closed, its
   * server and file with it. Simulators stay: they are shared by every source that names them.
   */
  releaseUrl(url: string): void
  /** Closes every simulator started; later resolves of `sim://` URLs reject. */
  dispose(): Promise<void>
}

interface SimulatorPreset {
  start(rate: number): Promise<RunningSimulator>
  /** Used when a sim URL names only the simulator (`sim://census`). */
  defaultPathAndQuery: string
}

const PRESETS: Readonly<Record<string, SimulatorPreset>> = {
  census: {
    start: (rate) => startCensusSimulator({ host: '127.0.0.1', port: 0, rate }),
    defaultPathAndQuery: '/streaming?environment=ps2&service-id=s:example',
  },
  // Credentials are each simulator's defaults (DEFAULT_NEUROIO_TOKEN, DEFAULT_PI_USER and
  // DEFAULT_PI_PASSWORD, DEFAULT_SIMPLISAFE_TOKEN and DEFAULT_SIMPLISAFE_USER_ID).
  neuroio: {
    start: (rate) => startNeuroioSimulator({ host: '127.0.0.1', port: 0, rate }),
    defaultPathAndQuery: '/',
  },
  piwebapi: {
    start: (rate) => startPiSimulator({ host: '127.0.0.1', port: 0, rate }),
    defaultPathAndQuery: PI_DEFAULT_CHANNEL_PATH,
  },
  simplisafe: {
    start: (rate) => startSimpliSafeSimulator({ host: '127.0.0.1', port: 0, rate }),
    defaultPathAndQuery: '/',
  },
  ebsockets: {
    start: (rate) => startEbsocketsSimulator({ host: '127.0.0.1', port: 0, rate }),
    defaultPathAndQuery: '/',
  },
}

const DEFAULT_RATE = 5
const RATE_PARAM = 'rate'

/** Splits off `rate` without re-encoding the rest: `service-id=s:demo` must stay as written. */
function takeRate(search: string): { query: string; rate: number | undefined } {
  let rate: number | undefined
  const kept: string[] = []
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue
    const [key = '', value = ''] = part.split('=', 2)
    if (decodeURIComponent(key) !== RATE_PARAM) {
      kept.push(part)
      continue
    }
    rate = Number(decodeURIComponent(value))
    if (value === '' || !Number.isFinite(rate) || rate < 0) {
      throw new Error(`invalid simulator rate "${decodeURIComponent(value)}"`)
    }
  }
  return { query: kept.length > 0 ? `?${kept.join('&')}` : '', rate }
}

export interface SimulatorResolverOptions {
  /** Where `sim://replay/<recording-id>?speed=N` finds recordings (see replay/). */
  recordingsDir?: string
}

export function createSimulatorResolver(options: SimulatorResolverOptions = {}): SimulatorResolver {
  // Promises, not simulators, so concurrent first calls share one start instead of racing.
  const running = new Map<string, Promise<RunningSimulator>>()
  const replays = createReplayResolver(options.recordingsDir)
  let disposed = false

  function simulator(
    name: string,
    preset: SimulatorPreset,
    rate: number | undefined,
  ): Promise<RunningSimulator> {
    let started = running.get(name)
    if (started) {
      // A later source asking for another rate retunes the shared simulator.
      if (rate === undefined) return started
      return started.then((sim) => {
        sim.setRate(rate)
        return sim
      })
    }
    started = preset.start(rate ?? DEFAULT_RATE)
    running.set(name, started)
    // A failed start is forgotten so that the next connection attempt can try again.
    started.catch(() => {
      if (running.get(name) === started) running.delete(name)
    })
    return started
  }

  return {
    async resolveUrl(url) {
      if (!url.startsWith('sim:')) return url
      if (disposed) throw new Error('simulators have been shut down')
      const parsed = new URL(url)
      const name = parsed.hostname
      if (name === REPLAY_SIMULATOR) return replays.resolve(parsed)
      const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined
      if (!preset) {
        const known = Object.keys(PRESETS).join(', ')
        throw new Error(`unknown simulator "${name}" in ${url} (known: ${known})`)
      }
      const { query, rate } = takeRate(parsed.search)
      const bare = (parsed.pathname === '' || parsed.pathname === '/') && query === ''
      const pathAndQuery = bare ? preset.defaultPathAndQuery : `${parsed.pathname || '/'}${query}`
      const sim = await simulator(name, preset, rate)
      return `ws://127.0.0.1:${sim.port}${pathAndQuery}`
    },

    releaseUrl(url) {
      if (!url.startsWith('sim:') || disposed) return
      let parsed: URL
      try {
        parsed = new URL(url)
      } catch {
        return
      }
      if (parsed.hostname === REPLAY_SIMULATOR) replays.release(parsed)
    },

    async dispose() {
      disposed = true
      const starts = [...running.values()]
      running.clear()
      const settled = await Promise.allSettled(starts)
      await Promise.all([
        ...settled.map((result) =>
          result.status === 'fulfilled' ? result.value.close() : undefined,
        ),
        replays.dispose(),
      ])
    },
  }
}
