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

  it('holds its sources back while connected and far behind, instead of dropping; never while NATS is away', async () => {
    const { queue, holds } = holdingQueue()
    // Away: past the bound the oldest go, counted, and nothing is held back.
    for (let i = 0; i < 50; i++) queue.enqueue(message(`away${i}`))
    expect(holds).toEqual([])
    expect(queue.stats().dropped.messages).toBe(10)
    // Connected: the queue now has to catch up, so the sources are held until it is down to half.
    queue.attach(nc, jetstream(nc))
    expect(holds).toEqual([true])
    await waitFor(() => holds.length === 2, 'the hold released')
    expect(holds).toEqual([true, false])
    expect(queue.stats().buffered.bytes).toBeLessThanOrEqual(5 * 266)
    expect(await queue.flush(5_000)).toBe(true)
    for (let i = 0; i < 12; i++) queue.enqueue(message(`near${i}`, 10))
    expect(holds.at(-1)).toBe(true)
    expect(await queue.flush(5_000)).toBe(true)
    expect(holds).toEqual([true, false, true, false])
    expect(queue.stats().dropped.messages).toBe(10)
    expect(queue.eventsDropped()).toBe(0)
    // Away again while held: the hold is let go at once (the host works alone).
    for (let i = 0; i < 12; i++) queue.enqueue(message(`late${i}`, 10))
    expect(holds.at(-1)).toBe(true)
    queue.setConnected(false)
    expect(holds.at(-1)).toBe(false)
    queue.dispose()
  })

  it('counts the events in the batches it drops', () => {
    const queue = new PublishQueue({ maxBytes: 2 * 266, clock: systemClock, logger: silentLogger })
    for (const id of ['1', '2', '3']) queue.enqueue({ ...message(id), events: 30 })
    expect(queue.stats().dropped.messages).toBe(1)
    expect(queue.eventsDropped()).toBe(30)
  })

  it('does not hold its sources back while the server refuses what it is sent', async () => {
    const { queue, holds } = holdingQueue()
    queue.attach(nc, jetstream(nc))
    // No stream takes these subjects: every acknowledgement fails.
    const refused = (id: string) => ({ ...message(id), subject: `nowhere.${id}` })
    for (let i = 0; i < 12; i++) queue.enqueue(refused(`r${i}`))
    expect(holds).toEqual([true])
    await waitFor(() => holds.length === 2, 'the hold let go')
    expect(holds).toEqual([true, false])
    for (let i = 0; i < 40; i++) queue.enqueue(refused(`s${i}`))
    expect(holds).toEqual([true, false])
    expect(queue.stats().dropped.messages).toBeGreaterThan(0)
    queue.detach()
    queue.dispose()
  })

  it('keeps no more events unconfirmed than a reader takes out of order', async () => {
    const queue = new PublishQueue({
      maxBytes: 1e6,
      maxEventsInFlight: 10,
      clock: systemClock,
      logger: silentLogger,
    })
    for (let i = 0; i < 10; i++) queue.enqueue({ ...message(`e${i}`), events: 4 })
    queue.attach(nc, jetstream(nc))
    // Two messages of 4 events fit under 10; the third waits for their acknowledgement.
    expect(queue.eventsInFlight()).toBe(8)
    expect(await queue.flush(5_000)).toBe(true)
    expect(queue.eventsInFlight()).toBe(0)
    expect((await jsm.streams.info('TEST')).state.messages).toBe(10)
    // A message carrying more than the bound still goes, alone.
    queue.enqueue({ ...message('big'), events: 25 })
    expect(queue.eventsInFlight()).toBe(25)
    expect(await queue.flush(5_000)).toBe(true)
  })
})

/** A queue bounded at 40 small messages that holds its sources back past 10, and its holds. */
function holdingQueue(): { queue: PublishQueue; holds: boolean[] } {
  const queue = new PublishQueue({
    maxBytes: 40 * 266,
    holdBytes: 10 * 266,
    clock: systemClock,
    logger: silentLogger,
  })
  const holds: boolean[] = []
  queue.onDidChangeHold((hold) => holds.push(hold))
  return { queue, holds }
}
