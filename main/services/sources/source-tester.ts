/**
 * Runs connection tests (`source:test`) for the engine: at most MAX_CONCURRENT_TESTS at once,
 * each with the store's secrets under the request's own values, which are used for that test and
 * never stored. A test of a recording's replay gets a playback of its own (a `run` of its own), so
 * it neither takes frames from the replay source of that recording nor moves its playback on;
 * that playback, and any other simulator it started for a URL no source uses, is let go after.
 */

import { MAX_CONCURRENT_TESTS, type SourceTestReport } from '../../../shared/source-test'
import { VigilError } from '../../../shared/result'
import type { SourceConfig } from '../../../shared/source-config'
import type { SecretStore } from '../secrets/secret-store'
import type { Clock } from '../util/clock'
import type { SocketFactory } from './socket-factory'
import { testDial, type TestDialLimits } from './test-dial'

export interface SourceTesterPorts {
  clock: Clock
  socketFactory: SocketFactory
  resolveUrl: (url: string) => Promise<string>
  /** A URL no source uses any more: what `resolveUrl` started for it alone can stop. */
  releaseUrl: (url: string) => void
  /** Whether a configured source dials `url` (then it is not let go). */
  inUse: (url: string) => boolean
  secrets: SecretStore
  limits?: TestDialLimits
}

export interface TestSecret {
  ref: string
  value: string
}

const REPLAY_PREFIX = 'sim://replay/'

export class SourceTester {
  private running = 0
  private runs = 0

  constructor(private readonly ports: SourceTesterPorts) {}

  async test(source: SourceConfig, secrets: readonly TestSecret[] = []): Promise<SourceTestReport> {
    if (this.running >= MAX_CONCURRENT_TESTS)
      throw new VigilError(
        'unavailable',
        `${MAX_CONCURRENT_TESTS} connection tests are running already: try again when one has finished`,
      )
    this.running++
    const url = source.url.startsWith(REPLAY_PREFIX)
      ? ownPlayback(source.url, `test-${++this.runs}`)
      : source.url
    try {
      return await testDial(
        { ...source, url },
        {
          clock: this.ports.clock,
          socketFactory: this.ports.socketFactory,
          resolveUrl: this.ports.resolveUrl,
          secrets: withTestSecrets(this.ports.secrets, secrets),
        },
        this.ports.limits,
      )
    } finally {
      this.running--
      if (!this.ports.inUse(url)) this.ports.releaseUrl(url)
    }
  }
}

/** The replay URL with a `run` of the test's own: a separate playback of the same recording. */
function ownPlayback(url: string, run: string): string {
  const parsed = URL.parse(url)
  if (!parsed) return url
  parsed.searchParams.set('run', run)
  return parsed.href
}

/** The store read through the test's own values; a test stores nothing. */
function withTestSecrets(store: SecretStore, values: readonly TestSecret[]): SecretStore {
  const own = new Map(values.map(({ ref, value }) => [ref, value]))
  const readOnly = () =>
    Promise.reject(new VigilError('forbidden', 'a connection test does not store secrets'))
  return {
    get: async (ref) => own.get(ref) ?? (await store.get(ref)),
    set: readOnly,
    delete: readOnly,
    list: async () => [...new Set([...(await store.list()), ...own.keys()])].sort(),
  }
}
