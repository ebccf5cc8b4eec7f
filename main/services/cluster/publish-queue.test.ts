import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { connect, headers, type NatsConnection } from '@nats-io/transport-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../util/clock'
import { silentLogger } from '../util/logger'
import { waitFor } from '../testing/test-server'
import { PublishQueue, type OutgoingMessage } from './publish-queue'
import { recordingLogger } from './testing/cluster-harness'
import { natsServerMissing, startNatsServer, type NatsTestServer } from './testing/nats-server'

function message(id: string, bytes = 10): OutgoingMessage {
  const h = headers()
  h.set('Nats-Msg-Id', id)
  return { subject: `test.${id}`, data: new Uint8Array(bytes).fill(65), headers: h }
}

async function stored(jsm: JetStreamManager): Promise<string[]> {
  const info = await jsm.streams.info('TEST', { subjects_filter: '>' })
  return Object.keys(info.state.subjects ?? {}).sort()
}

describe.skipIf(natsServerMissing())('PublishQueue (real nats-server)', () => {
  let server: NatsTestServer
  let nc: NatsConnection
  let jsm: JetStreamManager
  beforeEach(async () => {
    server = await startNatsServer()
    nc = await connect({ servers: server.url })
    jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name: 'TEST', subjects: ['test.>'] })
  })
  afterEach(async () => {
    await nc.close()
    await server.dispose()
  })

  it('stores a message queued twice with the same id once', async () => {
    const queue = new PublishQueue({ maxBytes: 1e6, clock: systemClock, logger: silentLogger })
    queue.attach(nc, jetstream(nc))
    queue.enqueue(message('a'))
    queue.enqueue(message('b'))
    queue.enqueue(message('a'))
    expect(await queue.flush(5_000)).toBe(true)
    const info = await jsm.streams.info('TEST')
    expect(info.state.messages).toBe(2)
    expect(await stored(jsm)).toEqual(['test.a', 'test.b'])
  })

  it('buffers while NATS is away, bounded in bytes, dropping the oldest and counting them', async () => {
    const queue = new PublishQueue({ maxBytes: 4 * 266, clock: systemClock, logger: silentLogger })
    for (const id of ['1', '2', '3', '4', '5', '6']) queue.enqueue(message(id))
    expect(queue.stats()).toEqual({
      buffered: { messages: 4, bytes: 4 * 266 },
      dropped: { messages: 2, bytes: 2 * 266 },
      oversized: 0,
    })
    queue.attach(nc, jetstream(nc))
    expect(await queue.flush(5_000)).toBe(true)
    expect(await stored(jsm)).toEqual(['test.3', 'test.4', 'test.5', 'test.6'])
    expect(queue.stats().buffered).toEqual({ messages: 0, bytes: 0 })
  })

  it('refuses a message larger than the server accepts, and counts it', () => {
    const queue = new PublishQueue({ maxBytes: 1e8, clock: systemClock, logger: silentLogger })
    queue.attach(nc, jetstream(nc))
    expect(queue.enqueue(message('big', nc.info!.max_payload))).toBe(false)
    expect(queue.stats().oversized).toBe(1)
  })

  it('sends again what the server did not confirm before it restarted, and stores it once', async () => {
    const logger = recordingLogger()
    const queue = new PublishQueue({ maxBytes: 1e8, clock: systemClock, logger, chunkMessages: 50 })
    queue.attach(nc, jetstream(nc))
    const ids = Array.from({ length: 400 }, (_, i) => `m${i}`)
    for (const id of ids.slice(0, 200)) queue.enqueue(message(id))
    // The server goes away mid-stream and comes back on the same port and store.
    await server.restart()
    for (const id of ids.slice(200)) queue.enqueue(message(id))
    await waitFor(() => queue.stats().buffered.messages === 0, 'the queue to drain', 15_000)
    const info = await jsm.streams.info('TEST')
    expect(info.state.messages).toBe(400)
    expect(logger.lines.some((line) => /failed .*retrying/.test(line))).toBe(true)
  }, 20_000)
})
