import { afterEach, describe, expect, it } from 'vitest'
import { SIMULATORS } from './catalog'
import {
  startEbsocketsSimulator,
  type RunningEbsocketsSimulator,
} from './ebsockets/ebsockets-simulator'
import { MALFORMED_KINDS, malformedFrame, type FaultOptions } from './faults'
import { mulberry32 } from './random'
import { Cleanup, SimClient, refusedHandshake, type Received } from './sim-test-client'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

async function start(faults: FaultOptions = {}): Promise<RunningEbsocketsSimulator> {
  return cleanup.add(await startEbsocketsSimulator({ rate: 0, seed: 1, faults }))
}

async function connect(simulator: RunningEbsocketsSimulator): Promise<SimClient> {
  return cleanup.client(await SimClient.open(simulator.url))
}

/** Resolves true if the server answers a websocket ping within `ms`. */
function pongs(client: SimClient, ms = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    client.socket.once('pong', () => {
      clearTimeout(timer)
      resolve(true)
    })
    client.socket.ping()
  })
}

const message = (n: number) => ({ event: 'message', content: `m${n}`, channel: 'general' })

describe('malformedFrame', () => {
  it('makes non-JSON text, truncated JSON and binary frames', () => {
    const random = mulberry32(1)
    const text = malformedFrame(random, 'text')
    expect(text.binary).toBe(false)
    expect(() => JSON.parse(String(text.data))).toThrow()
    const whole = JSON.stringify({ event: 'message', content: 'hello there' })
    const truncated = malformedFrame(random, 'truncated', whole)
    expect(whole.startsWith(String(truncated.data))).toBe(true)
    expect(() => JSON.parse(String(truncated.data))).toThrow()
    const binary = malformedFrame(random, 'binary')
    expect(binary.binary).toBe(true)
    expect(Buffer.isBuffer(binary.data) && binary.data.length).toBeGreaterThanOrEqual(4)
  })
})

describe('fault switches', () => {
  it('refuses upgrades with the chosen status, with the headers that status needs', async () => {
    const simulator = await start({ rejectStatus: 403 })
    expect((await refusedHandshake(simulator.url)).status).toBe(403)
    simulator.faults.rejectUpgrades(401)
    const unauthorized = await refusedHandshake(simulator.url)
    expect(unauthorized.status).toBe(401)
    expect(unauthorized.headers['www-authenticate']).toMatch(/^Basic realm=/)
    simulator.faults.rejectUpgrades(503)
    const unavailable = await refusedHandshake(simulator.url)
    expect(unavailable.headers['retry-after']).toBe('5')
    simulator.faults.rejectUpgrades(undefined)
    await connect(simulator)
    expect(simulator.faults.counts().refused).toBe(3)
    expect(() => simulator.faults.rejectUpgrades(302)).toThrow(/400-599/)
    await expect(startEbsocketsSimulator({ faults: { rejectStatus: 200 } })).rejects.toThrow()
  })

  it('drops every connection abruptly, or with a close code', async () => {
    const simulator = await start()
    const [a, b] = [await connect(simulator), await connect(simulator)]
    expect(simulator.faults.dropAll()).toBe(2)
    expect(await a.whenClosed()).toBe(1006) // no close frame: the TCP socket was destroyed
    expect(await b.whenClosed()).toBe(1006)
    const c = await connect(simulator)
    expect(simulator.faults.dropAll({ code: 1012, reason: 'restart' })).toBe(1)
    expect(await c.whenClosed()).toBe(1012)
    expect(simulator.faults.counts().dropped).toBe(3)
  })

  it('drops connections at an interval', async () => {
    const simulator = await start({ dropEveryMs: 30 })
    const client = await connect(simulator)
    expect(await client.whenClosed()).toBe(1006)
    await connect(simulator) // still accepting
  })

  it('goes half-open: TCP stays up, nothing is sent, pings and messages go unanswered', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    expect(await pongs(client)).toBe(true)
    simulator.faults.setHalfOpen(true)
    expect(simulator.faults.settings().halfOpen).toBe(true)
    simulator.emit(message(1))
    client.send({ event: 'ping' })
    expect(await pongs(client, 300)).toBe(false)
    expect(client.received).toEqual([])
    expect(client.socket.readyState).toBe(client.socket.OPEN)
    expect(simulator.connectionCount()).toBe(1)
    simulator.faults.setHalfOpen(false)
    expect(await pongs(client)).toBe(true)
    simulator.emit(message(2))
    expect(await client.next()).toEqual(message(2))
  })

  it('sends each connection half-open a while after it opens', async () => {
    const simulator = await start({ halfOpenAfterMs: 400 })
    const client = await connect(simulator)
    simulator.emit(message(1))
    expect(await client.next()).toEqual(message(1))
    const deadline = Date.now() + 5_000
    while (await pongs(client, 300)) {
      if (Date.now() > deadline) throw new Error('the connection never went half-open')
    }
    simulator.emit(message(2))
    await expect(client.next(200)).rejects.toThrow(/no frame/)
    expect(client.socket.readyState).toBe(client.socket.OPEN)
  })

  it('sends malformed frames at the chosen rate, without losing a real one', async () => {
    const simulator = await start({ malformedRate: 1 })
    const client = await connect(simulator)
    for (let n = 0; n < 30; n++) simulator.emit(message(n))
    const received: Received[] = []
    while (received.filter((frame) => frame.kind === 'json').length < 30) {
      received.push(await client.nextReceived())
    }
    const real = received.flatMap((frame) => (frame.kind === 'json' ? [frame.value] : []))
    expect(real).toEqual(Array.from({ length: 30 }, (_, n) => message(n)))
    expect(received.length).toBe(60) // one malformed frame before each real one
    const kinds = new Set(received.map((frame) => frame.kind))
    expect(kinds).toEqual(new Set(['json', 'text', 'binary']))
    expect(simulator.faults.counts().malformed).toBe(30)
    simulator.faults.setMalformedRate(0)
    simulator.emit(message(99))
    expect(await client.nextReceived()).toMatchObject({ kind: 'json', value: message(99) })
  })

  it('sends one malformed frame of a chosen kind on demand', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    for (const kind of MALFORMED_KINDS) {
      expect(simulator.faults.sendMalformed(kind)).toBe(1)
      const frame = await client.nextReceived()
      expect(frame.kind).toBe(kind === 'binary' ? 'binary' : 'text')
    }
  })

  it.each(SIMULATORS.map((entry) => entry.name))('%s honours the shared switches', async (name) => {
    const entry = SIMULATORS.find((candidate) => candidate.name === name)!
    const simulator = cleanup.add(await entry.start({ rate: 0, faults: { rejectStatus: 503 } }, {}))
    expect((await refusedHandshake(simulator.url)).status).toBe(503)
    expect(simulator.faults.settings()).toMatchObject({ rejectStatus: 503, malformedRate: 0 })
    simulator.faults.rejectUpgrades(undefined)
    expect(simulator.faults.dropAll()).toBe(0)
  })
})
