import { afterEach, describe, expect, it } from 'vitest'
import { Cleanup, SimClient, type Frame } from '../sim-test-client'
import { mulberry32 } from '../random'
import { ENTRY_RESULTS, LIVENESS, MOODS, NeuroioEntryGenerator } from './neuroio-entries'
import {
  BAD_PING_REPLY,
  DEFAULT_NEUROIO_TOKEN,
  startNeuroioSimulator,
  type NeuroioSimulatorOptions,
  type RunningNeuroioSimulator,
} from './neuroio-simulator'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

async function start(options: NeuroioSimulatorOptions = {}): Promise<RunningNeuroioSimulator> {
  return cleanup.add(await startNeuroioSimulator({ rate: 0, seed: 1, binaryRate: 0, ...options }))
}

async function connect(simulator: RunningNeuroioSimulator): Promise<SimClient> {
  return cleanup.client(await SimClient.open(simulator.url))
}

async function authenticated(simulator: RunningNeuroioSimulator): Promise<SimClient> {
  const client = await connect(simulator)
  client.send({ action: 'AUTH', data: { token: DEFAULT_NEUROIO_TOKEN } })
  expect(await client.next()).toEqual({ auth: 'ok' })
  return client
}

const ENTRY_KEYS = [
  'age',
  'confidence',
  'created',
  'face_image',
  'id',
  'initial',
  'liveness',
  'mood',
  'pid',
  'result',
  'sex',
  'source',
  'space_id',
  'timestamp',
]

describe('NeuroioEntryGenerator', () => {
  it('fills every field with the platform enums and consistent values', () => {
    const entries = new NeuroioEntryGenerator(mulberry32(3), () => 1_706_357_108_250)
    const results = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const entry = entries.next()
      results.add(entry.result)
      expect(Object.keys(entry).sort()).toEqual(ENTRY_KEYS)
      expect(entry.face_image).toMatch(/^https:\/\/\S+\.jpg$/)
      expect(LIVENESS).toContain(entry.liveness)
      expect(entry.created).toMatch(/^2024-01-27T12:05:08\.250\d{3}Z$/)
      expect(entry.timestamp).toBe(1_706_357_108)
      expect(entry.source).toEqual({ id: expect.any(Number), name: expect.any(String) })
      if (entry.result === 'nm' || entry.result === 'det') {
        expect(entry.pid).toBeNull()
        expect(entry.mood).toBe(entry.result)
      } else {
        expect(entry.pid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-/)
        expect(MOODS).toContain(entry.mood)
        expect([0, 1]).toContain(entry.sex)
      }
      if (entry.result === 'exact') expect(entry.confidence).toBeGreaterThanOrEqual(79.3)
      if (entry.result === 'junk') expect(entry.confidence).toBeLessThan(75.5)
    }
    expect([...results].sort()).toEqual([...ENTRY_RESULTS].sort())
  })
})

describe('NeuroIO simulator', () => {
  it('authenticates a good token and then streams {"id","data"} events', async () => {
    const simulator = await start({ rate: 200 })
    expect(simulator.url).toBe(`ws://127.0.0.1:${simulator.port}/`)
    const client = await authenticated(simulator)
    const first = await client.next()
    const second = await client.next()
    expect(Object.keys(first)).toEqual(['id', 'data'])
    expect(second.id).toBe((first.id as number) + 1)
    const data = first.data as Frame
    expect(ENTRY_RESULTS).toContain(data.result)
    expect(typeof data.face_image).toBe('string')
    expect(typeof data.timestamp).toBe('number')
  })

  it('answers a bad token with an error, sends it no events, and accepts a retry', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    client.send({ action: 'AUTH', data: { token: 'wrong' } })
    expect(await client.next()).toEqual({ error: 'Invalid token' })
    simulator.emit('exact')
    client.send({ action: 'PING' })
    expect(await client.next()).toEqual({ PING: 'PONG' }) // the event never reached it
    client.send({ action: 'AUTH', data: { token: DEFAULT_NEUROIO_TOKEN } })
    expect(await client.next()).toEqual({ auth: 'ok' })
    simulator.emit('ha')
    expect(await client.next()).toMatchObject({ data: { result: 'ha' } })
  })

  it('accepts configured tokens only', async () => {
    const simulator = await start({ tokens: ['alpha'] })
    const client = await connect(simulator)
    client.send({ action: 'AUTH', data: { token: DEFAULT_NEUROIO_TOKEN } })
    expect(await client.next()).toHaveProperty('error')
    client.send({ action: 'AUTH', data: { token: 'alpha' } })
    expect(await client.next()).toEqual({ auth: 'ok' })
  })

  it('answers PING with PONG and bad messages with errors, keeping the connection', async () => {
    const simulator = await start()
    const client = await authenticated(simulator)
    client.send({ action: 'PING' })
    expect(await client.next()).toEqual({ PING: 'PONG' })
    client.send('not json')
    expect(await client.next()).toEqual({ error: 'Invalid message format' })
    client.send({ action: 'DANCE' })
    expect(await client.next()).toEqual({ error: 'Unknown action: DANCE' })
    simulator.sendError('Internal error')
    expect(await client.next()).toEqual({ error: 'Internal error' })
    expect(simulator.connectionCount()).toBe(1)
  })

  it('answers PING with something other than PONG when switched, from the start or later', async () => {
    const simulator = await start({ badPingReply: true })
    const client = await authenticated(simulator)
    client.send({ action: 'PING' })
    expect(await client.next()).toEqual(BAD_PING_REPLY)
    simulator.setBadPingReply(false)
    client.send({ action: 'PING' })
    expect(await client.next()).toEqual({ PING: 'PONG' })
    simulator.setBadPingReply(true)
    client.send({ action: 'PING' })
    expect(await client.next()).toEqual(BAD_PING_REPLY)
  })

  it('closes right after auth with an unusual code when switched on', async () => {
    const simulator = await start({ closeAfterAuthMs: 0, closeCode: 4000 })
    const client = await authenticated(simulator)
    expect(await client.whenClosed()).toBe(4000)
  })

  it('closes everyone with a chosen code on demand', async () => {
    const simulator = await start()
    const client = await authenticated(simulator)
    expect(simulator.closeAll(1013, 'try again later')).toBe(1)
    expect(await client.whenClosed()).toBe(1013)
    expect(client.closeReason).toBe('try again later')
    expect(() => simulator.closeAll(1006)).toThrow(/close code/)
  })

  it('sends a binary frame now and then', async () => {
    const simulator = await start({ rate: 500, binaryRate: 0.2 })
    const client = await authenticated(simulator)
    for (;;) {
      const received = await client.nextReceived()
      if (received.kind === 'binary') break
      expect(received.kind).toBe('json')
    }
  })

  it('closes a connection that never authenticates', async () => {
    const simulator = await start({ authTimeoutMs: 50 })
    const client = await connect(simulator)
    expect(await client.next()).toEqual({ error: 'Authentication timeout' })
    expect(await client.whenClosed()).toBe(1008)
  })

  it('refuses options it cannot honour', async () => {
    await expect(startNeuroioSimulator({ closeCode: 1005 })).rejects.toThrow(/close code/)
    await expect(startNeuroioSimulator({ binaryRate: 2 })).rejects.toThrow(/binaryRate/)
  })
})
