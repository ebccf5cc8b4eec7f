import { afterEach, describe, expect, it } from 'vitest'
import { mulberry32 } from '../random'
import { Cleanup, SimClient, refusedHandshake, type Frame } from '../sim-test-client'
import { EVENT_CID_NAMES, SimpliSafeEventGenerator, UNKNOWN_CIDS } from './simplisafe-events'
import {
  DEFAULT_SIMPLISAFE_TOKEN,
  DEFAULT_SIMPLISAFE_USER_ID,
  IDENTIFY_TYPE,
  startSimpliSafeSimulator,
  type RunningSimpliSafeSimulator,
  type SimpliSafeSimulatorOptions,
} from './simplisafe-simulator'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const ENVELOPE_KEYS = ['specversion', 'id', 'time', 'type', 'source', 'datacontenttype', 'data']
const DATA_KEYS = [
  'eventTimestamp',
  'eventCid',
  'info',
  'sid',
  'pinName',
  'sensorName',
  'sensorSerial',
  'sensorType',
  'messageSubject',
  'messageBody',
  'eventType',
  'video',
  'links',
  'videoStartedBy',
]

function identify(token = DEFAULT_SIMPLISAFE_TOKEN, userId = DEFAULT_SIMPLISAFE_USER_ID) {
  return {
    datacontenttype: 'application/json',
    type: IDENTIFY_TYPE,
    time: '2024-01-27T12:05:08.123Z',
    id: 'ts:1706357108123',
    specversion: '1.0',
    source: 'vigil-test',
    data: { auth: { schema: 'bearer', token }, join: [`uid:${userId}`] },
  }
}

async function start(options: SimpliSafeSimulatorOptions = {}) {
  return cleanup.add(await startSimpliSafeSimulator({ rate: 0, seed: 1, ...options }))
}

async function connect(simulator: RunningSimpliSafeSimulator): Promise<SimClient> {
  return cleanup.client(await SimClient.open(simulator.url))
}

async function identified(simulator: RunningSimpliSafeSimulator): Promise<SimClient> {
  const client = await connect(simulator)
  client.send(identify())
  await client.until((frame) => frame.type === 'com.simplisafe.namespace.subscribed')
  return client
}

describe('SimpliSafeEventGenerator', () => {
  it('fills every documented field, and uses known and now and then unknown eventCids', () => {
    const events = new SimpliSafeEventGenerator(mulberry32(4), () => 1_706_357_108_900, 42, 0.05)
    const cids = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const data = events.next()
      cids.add(data.eventCid)
      expect(Object.keys(data)).toEqual(DATA_KEYS)
      expect(data.eventTimestamp).toBe(1_706_357_108)
      expect(data.sid).toBe(42)
      expect(typeof data.sensorType).toBe('number')
      expect(typeof data.info).toBe('string')
      if (data.eventCid === 1170) {
        expect(data.video?.[data.videoStartedBy]?._links['snapshot/jpg']?.href).toMatch(/^https:/)
      }
      if (EVENT_CID_NAMES[data.eventCid]?.startsWith('armed')) expect(data.pinName).not.toBe('')
    }
    expect([...cids].some((cid) => UNKNOWN_CIDS.includes(cid))).toBe(true)
    expect([...cids].filter((cid) => cid in EVENT_CID_NAMES).length).toBeGreaterThan(15)
  })
})

describe('SimpliSafe simulator', () => {
  it('answers identify with hello, registered and subscribed CloudEvents', async () => {
    const simulator = await start({ now: () => 1_706_357_108_000 })
    const client = await connect(simulator)
    client.send(identify())
    const hello = await client.next()
    expect(Object.keys(hello)).toEqual(ENVELOPE_KEYS)
    expect(hello).toMatchObject({
      specversion: '1.0',
      type: 'com.simplisafe.service.hello',
      time: '2024-01-27T12:05:08.000Z',
      datacontenttype: 'application/json',
      data: { timeouts: { heartbeat: 45000, inactivity: 30000 } },
    })
    expect(await client.next()).toMatchObject({ type: 'com.simplisafe.service.registered' })
    expect(await client.next()).toMatchObject({
      type: 'com.simplisafe.namespace.subscribed',
      data: { namespace: 'uid:1234567' },
    })
  })

  it('pushes standard events from messagequeue to the subscribed user', async () => {
    const simulator = await start({ rate: 50 })
    const client = await identified(simulator)
    const event = await client.until((frame) => frame.type === 'com.simplisafe.event.standard')
    expect(Object.keys(event)).toEqual(ENVELOPE_KEYS)
    expect(event.source).toBe('messagequeue')
    const data = event.data as Frame
    expect(Object.keys(data)).toEqual(DATA_KEYS)
    expect(typeof data.eventCid).toBe('number')
    expect(typeof data.eventTimestamp).toBe('number')
    simulator.setRate(0)
    const sent = simulator.emit(9700)
    const lock = await client.until((frame) => (frame.data as Frame).eventCid === 9700)
    expect(lock.data).toEqual(sent)
    expect(sent.sensorName).toBe('Front Door Lock')
  })

  it('closes the connection for a bad token, and sends nothing before identify', async () => {
    const simulator = await start({ rate: 100 })
    const client = await connect(simulator)
    client.send(identify('expired-token'))
    expect(await client.whenClosed()).toBe(4401)
    expect(client.received).toEqual([])
  })

  it('closes a connection whose first message is not an identify', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    client.send({ type: 'com.simplisafe.something.else', specversion: '1.0' })
    expect(await client.whenClosed()).toBe(1008)
  })

  it('joins only the namespace of the token user', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    client.send(identify(DEFAULT_SIMPLISAFE_TOKEN, '999'))
    await client.until((frame) => frame.type === 'com.simplisafe.service.registered')
    simulator.emit(1400)
    await expect(client.next(300)).rejects.toThrow(/no frame/)
  })

  it('answers upgrades with 403 while the shared switch is on, as the real service has', async () => {
    const simulator = await start()
    simulator.faults.rejectUpgrades(403)
    for (let i = 0; i < 3; i++) expect((await refusedHandshake(simulator.url)).status).toBe(403)
    simulator.faults.rejectUpgrades(undefined)
    await identified(simulator)
    expect(simulator.faults.counts().refused).toBe(3)
  })

  it('closes connections that never identify', async () => {
    const simulator = await start({ identifyTimeoutMs: 50 })
    const client = await connect(simulator)
    expect(await client.whenClosed()).toBe(1008)
  })
})
