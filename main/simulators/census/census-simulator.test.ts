import { afterEach, describe, expect, it } from 'vitest'
import {
  startCensusSimulator,
  type CensusSimulatorOptions,
  type RunningCensusSimulator,
} from './census-simulator'
import { Cleanup, SimClient, refusedHandshake, type Frame } from '../sim-test-client'

/** The shared test client, which also knows Census's connect banner and subscriptions. */
class CensusClient extends SimClient {
  /** Skips the connect banner: connectionStateChanged, help, one serviceStateChanged per world. */
  async skipBanner(worlds = 7): Promise<void> {
    for (let i = 0; i < 2 + worlds; i++) await this.next()
  }

  async subscribe(fields: Frame): Promise<Frame> {
    this.send({ service: 'event', action: 'subscribe', ...fields })
    return this.until((frame) => 'subscription' in frame)
  }
}

const isEvent = (frame: Frame) => frame.type === 'serviceMessage'
const payloadOf = (frame: Frame) => frame.payload as Record<string, unknown>

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

async function start(options: CensusSimulatorOptions = {}): Promise<RunningCensusSimulator> {
  return cleanup.add(await startCensusSimulator({ rate: 0, seed: 1, ...options }))
}

async function connect(url: string): Promise<CensusClient> {
  const client = await CensusClient.open(url)
  cleanup.client(client)
  return client
}

const handshakeStatus = async (url: string) => (await refusedHandshake(url)).status

function death(worldId: string, victim = '5428010618035323201'): Record<string, string> {
  return {
    attacker_character_id: '5428713425545165425',
    character_id: victim,
    event_name: 'Death',
    timestamp: '1706357108',
    world_id: worldId,
  }
}

describe('Census simulator', () => {
  it('greets a connection with the connect, help and per-world frames, in order', async () => {
    const simulator = await start()
    expect(simulator.url).toBe(
      `ws://127.0.0.1:${simulator.port}/streaming?environment=ps2&service-id=s:example`,
    )
    const client = await connect(simulator.url)
    expect(await client.next()).toEqual({
      connected: 'true',
      service: 'push',
      type: 'connectionStateChanged',
    })
    expect(await client.next()).toEqual({
      'send this for help': { service: 'event', action: 'help' },
    })
    const endpoints = []
    for (let i = 0; i < 7; i++) {
      const frame = await client.next()
      expect(frame).toMatchObject({ service: 'event', type: 'serviceStateChanged' })
      endpoints.push(`${String(frame.detail)}=${String(frame.online)}`)
    }
    expect(endpoints).toEqual([
      'EventServerEndpoint_Connery_1=true',
      'EventServerEndpoint_Miller_10=true',
      'EventServerEndpoint_Cobalt_13=true',
      'EventServerEndpoint_Emerald_17=true',
      'EventServerEndpoint_Jaeger_19=true',
      'EventServerEndpoint_Briggs_25=false',
      'EventServerEndpoint_Soltech_40=true',
    ])
    expect(simulator.connectionCount()).toBe(1)
  })

  it('lists only the console worlds of a console environment', async () => {
    const simulator = await start()
    const client = await connect(simulator.url.replace('environment=ps2', 'environment=ps2ps4us'))
    await client.next()
    await client.next()
    expect(await client.next()).toMatchObject({ detail: 'EventServerEndpoint_Genudine_1000' })
  })

  it('sends heartbeats with every endpoint and a unix-seconds timestamp', async () => {
    const simulator = await start({ heartbeatMs: 40, now: () => 1_706_357_108_500 })
    const client = await connect(simulator.url)
    const heartbeat = await client.until((frame) => frame.type === 'heartbeat')
    expect(heartbeat).toEqual({
      online: {
        EventServerEndpoint_Connery_1: 'true',
        EventServerEndpoint_Miller_10: 'true',
        EventServerEndpoint_Cobalt_13: 'true',
        EventServerEndpoint_Emerald_17: 'true',
        EventServerEndpoint_Jaeger_19: 'true',
        EventServerEndpoint_Briggs_25: 'false',
        EventServerEndpoint_Soltech_40: 'true',
      },
      service: 'event',
      type: 'heartbeat',
      timestamp: '1706357108',
    })
    await client.until((frame) => frame.type === 'heartbeat') // and again
  })

  it('echoes subscriptions, which add up across calls', async () => {
    const simulator = await start()
    const client = await connect(simulator.url)
    await client.skipBanner()
    expect(
      await client.subscribe({ characters: ['all'], worlds: ['1'], eventNames: ['Death'] }),
    ).toEqual({
      subscription: {
        characters: ['all'],
        eventNames: ['Death'],
        logicalAndCharactersWithWorlds: false,
        worlds: ['1'],
      },
    })
    expect(
      await client.subscribe({ worlds: ['10'], logicalAndCharactersWithWorlds: true }),
    ).toEqual({
      subscription: {
        characters: ['all'],
        eventNames: ['Death'],
        logicalAndCharactersWithWorlds: true,
        worlds: ['1', '10'],
      },
    })
    client.send({ service: 'event', action: 'clearSubscribe', all: 'true' })
    expect(await client.next()).toEqual({
      subscription: {
        characterCount: 0,
        eventNames: [],
        logicalAndCharactersWithWorlds: false,
        worlds: [],
      },
    })
  })

  it('delivers only events the connection subscribed to', async () => {
    const simulator = await start()
    const client = await connect(simulator.url)
    await client.skipBanner()
    await client.subscribe({ worlds: ['1'], eventNames: ['Death'] })
    simulator.emit(death('10')) // another world
    simulator.emit({ ...death('1'), event_name: 'PlayerLogin' }) // another event
    simulator.emit(death('1'))
    expect(await client.next()).toEqual({
      payload: death('1'),
      service: 'event',
      type: 'serviceMessage',
    })
  })

  it('streams generated events at the rate asked, all values strings', async () => {
    const simulator = await start({ rate: 2000, duplicateRate: 0 })
    const client = await connect(simulator.url)
    await client.skipBanner()
    await client.subscribe({ characters: ['all'], worlds: ['17'], eventNames: ['all'] })
    await client.subscribe({ logicalAndCharactersWithWorlds: true })
    for (let i = 0; i < 100; i++) {
      const payload = payloadOf(await client.until(isEvent))
      expect(payload.world_id).toBe('17')
      expect(Object.values(payload).every((value) => typeof value === 'string')).toBe(true)
      expect(payload.timestamp).toMatch(/^\d{10}$/)
    }
  })

  it('narrows generated events by event name', async () => {
    const simulator = await start({ rate: 5000 })
    const client = await connect(simulator.url)
    await client.skipBanner()
    await client.subscribe({ characters: ['all'], eventNames: ['GainExperience_experience_id_4'] })
    for (let i = 0; i < 20; i++) {
      expect(payloadOf(await client.until(isEvent))).toMatchObject({
        event_name: 'GainExperience',
        experience_id: '4',
      })
    }
  })

  it('sends some events twice, as the real stream does', async () => {
    const simulator = await start({ rate: 500, duplicateRate: 1 })
    const client = await connect(simulator.url)
    await client.skipBanner()
    await client.subscribe({ characters: ['all'], eventNames: ['all'] })
    const first = await client.until(isEvent)
    expect(await client.next()).toEqual(first)
  })

  it('can send a repeat in an envelope serialised another way', async () => {
    const simulator = await start({ rate: 500, duplicateRate: 1, reserialiseRepeats: true })
    const client = await connect(simulator.url)
    const texts: string[] = []
    client.socket.on('message', (data) => texts.push(data.toString()))
    await client.skipBanner()
    await client.subscribe({ characters: ['all'], eventNames: ['all'] })
    const first = await client.until(isEvent)
    expect(await client.next()).toEqual(first)
    const at = texts.indexOf(JSON.stringify(first))
    const [original, repeat] = texts.slice(at, at + 2)
    expect(original!.startsWith('{"payload":')).toBe(true)
    expect(repeat).not.toBe(original)
    expect(repeat!.startsWith('{"service":"event","type":"serviceMessage","payload":')).toBe(true)
  })

  it('sends a continent lock at once: alert end, the capture burst and the lock', async () => {
    const simulator = await start()
    const client = await connect(simulator.url)
    await client.skipBanner()
    await client.subscribe({ worlds: ['13'], eventNames: ['FacilityControl', 'MetagameEvent'] })
    const sent = simulator.lockContinent('13', '8')
    const expected = sent.filter((payload) => payload.event_name !== 'ContinentLock')
    expect(expected.length).toBeGreaterThan(12)
    for (const payload of expected) expect(payloadOf(await client.next())).toEqual(payload)
    expect(() => simulator.lockContinent('99')).toThrow(/unknown world/)
  })

  it('refuses a rejected or missing service id with 403 at the handshake', async () => {
    const simulator = await start()
    const base = `ws://127.0.0.1:${simulator.port}/streaming`
    expect(await handshakeStatus(`${base}?environment=ps2&service-id=s:rejected`)).toBe(403)
    expect(await handshakeStatus(`${base}?environment=ps2`)).toBe(403)
    expect(await handshakeStatus(`${base}?environment=xbox&service-id=s:example`)).toBe(400)
    expect(simulator.connectionCount()).toBe(0)
  })

  it('echoes an echo payload back as a service message', async () => {
    const simulator = await start()
    const client = await connect(simulator.url)
    await client.skipBanner()
    client.send({ service: 'event', action: 'echo', payload: { test: 'hello', n: 1 } })
    expect(await client.next()).toEqual({
      payload: { test: 'hello', n: 1 },
      service: 'event',
      type: 'serviceMessage',
    })
  })

  it('answers malformed messages with an error and keeps the connection', async () => {
    const simulator = await start()
    const client = await connect(simulator.url)
    await client.skipBanner()
    client.send('{"service":"event", nope')
    expect(await client.next()).toHaveProperty('error')
    client.socket.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true })
    expect(await client.next()).toHaveProperty('error')
    client.send({ service: 'event', action: 'subscribe', characters: 'all' })
    expect(await client.next()).toEqual({ error: 'characters must be an array of strings' })
    client.send({ service: 'event', action: 'echo', payload: { still: 'here' } })
    expect(await client.next()).toMatchObject({ payload: { still: 'here' } })
    expect(simulator.connectionCount()).toBe(1)
  })

  it('announces a world going down to connections of its environment', async () => {
    const simulator = await start()
    const client = await connect(simulator.url)
    await client.skipBanner()
    simulator.setWorldOnline('10', false)
    expect(await client.next()).toEqual({
      detail: 'EventServerEndpoint_Miller_10',
      online: 'false',
      service: 'event',
      type: 'serviceStateChanged',
    })
  })

  it('closes its clients and frees its port on close', async () => {
    const simulator = await start({ rate: 1000 })
    const client = await connect(simulator.url)
    const closed = new Promise((resolve) => client.socket.once('close', resolve))
    await simulator.close()
    await closed
    expect(simulator.connectionCount()).toBe(0)
    await expect(SimClient.open(simulator.url)).rejects.toThrow()
    await simulator.close() // twice is fine
  })
})
