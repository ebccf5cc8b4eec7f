import { afterEach, describe, expect, it } from 'vitest'
import { mulberry32 } from '../random'
import { Cleanup, SimClient } from '../sim-test-client'
import {
  EB_CHANNELS,
  ebEvent,
  startEbsocketsSimulator,
  type EbsocketsSimulatorOptions,
  type RunningEbsocketsSimulator,
} from './ebsockets-simulator'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

async function start(options: EbsocketsSimulatorOptions = {}) {
  return cleanup.add(await startEbsocketsSimulator({ rate: 0, seed: 1, ...options }))
}

async function connect(simulator: RunningEbsocketsSimulator): Promise<SimClient> {
  return cleanup.client(await SimClient.open(simulator.url))
}

describe('ebEvent', () => {
  it('generates message, join, leave and alert events with their attributes', () => {
    const random = mulberry32(2)
    const kinds = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const event = ebEvent(random, undefined, 1_706_357_108_000)
      kinds.add(event.event)
      expect(EB_CHANNELS).toContain(event.channel)
      if (event.event === 'message') {
        expect(Object.keys(event).sort()).toEqual([
          'channel',
          'content',
          'event',
          'sent_at',
          'user',
        ])
        expect(event.sent_at).toBe(1_706_357_108)
      }
      if (event.event === 'alert') expect(['info', 'warning', 'critical']).toContain(event.level)
      if (event.event === 'join' || event.event === 'leave')
        expect(typeof event.user).toBe('string')
    }
    expect([...kinds].sort()).toEqual(['alert', 'join', 'leave', 'message'])
  })
})

describe('ebsockets-style simulator', () => {
  it('streams {"event": type, ...attributes} frames', async () => {
    const simulator = await start({ rate: 200 })
    const client = await connect(simulator)
    for (let i = 0; i < 20; i++) {
      const frame = await client.next()
      expect(typeof frame.event).toBe('string')
      expect(typeof frame.channel).toBe('string')
    }
  })

  it('relays messages to everyone, the sender too, in the same shape', async () => {
    const simulator = await start()
    const alice = await connect(simulator)
    const bob = await connect(simulator)
    const message = { event: 'message', content: 'hi', user: 'alice', channel: 'general' }
    alice.send(message)
    expect(await alice.next()).toEqual(message)
    expect(await bob.next()).toEqual(message)
  })

  it('narrows a connection to the channels it joined', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    client.send({ event: 'join', user: 'me', channel: 'ops' })
    expect(await client.next()).toEqual({ event: 'join', user: 'me', channel: 'ops' })
    simulator.emit({ event: 'message', content: 'elsewhere', channel: 'random' })
    simulator.emit({ event: 'alert', level: 'critical', content: 'here', channel: 'ops' })
    expect(await client.next()).toMatchObject({ event: 'alert', content: 'here' })
    client.send({ event: 'leave', user: 'me', channel: 'ops' })
    expect(await client.next()).toMatchObject({ event: 'leave' })
    simulator.emit({ event: 'message', content: 'everywhere again', channel: 'random' })
    expect(await client.next()).toMatchObject({ content: 'everywhere again' })
  })

  it('answers ping with pong, echoes other events, and reports frames that are not events', async () => {
    const simulator = await start()
    const client = await connect(simulator)
    client.send({ event: 'ping', nonce: 7 })
    expect(await client.next()).toEqual({ event: 'pong', nonce: 7 })
    client.send({ event: 'custom', value: [1, 2] })
    expect(await client.next()).toEqual({ event: 'custom', value: [1, 2] })
    for (const bad of ['nope', '[1]', '{"content":"no type"}', '{"event":3}']) {
      client.send(bad)
      expect(await client.next()).toMatchObject({ event: 'error', message: expect.any(String) })
    }
    expect(simulator.connectionCount()).toBe(1)
  })
})
