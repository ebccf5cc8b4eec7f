import { afterEach, describe, expect, it } from 'vitest'
import { Cleanup, SimClient, refusedHandshake, type Frame } from '../sim-test-client'
import { PI_ELEMENTS, PI_STREAMS } from './pi-catalog'
import {
  DEFAULT_PI_PASSWORD,
  DEFAULT_PI_USER,
  startPiSimulator,
  type PiSimulatorOptions,
  type RunningPiSimulator,
} from './pi-simulator'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const AUTH = {
  headers: {
    Authorization: `Basic ${Buffer.from(`${DEFAULT_PI_USER}:${DEFAULT_PI_PASSWORD}`).toString('base64')}`,
  },
}
const pump = PI_ELEMENTS[0]!

async function start(options: PiSimulatorOptions = {}): Promise<RunningPiSimulator> {
  return cleanup.add(await startPiSimulator({ seed: 1, pollMs: 20, badValueRate: 0, ...options }))
}

function channelUrl(simulator: RunningPiSimulator, path: string): string {
  return `ws://127.0.0.1:${simulator.port}${path}`
}

async function open(url: string, options = AUTH): Promise<SimClient> {
  return cleanup.client(await SimClient.open(url, options))
}

type StreamItem = { WebId: string; Name: string; Items: Frame[] } & Frame
const itemsOf = (message: Frame) => message.Items as StreamItem[]
const hasData = (message: Frame) => Array.isArray(message.Items) && message.Items.length > 0

describe('PI Web API channel simulator', () => {
  it('refuses an upgrade without or with wrong credentials: 401 with a Basic challenge', async () => {
    const simulator = await start({ rate: 0 })
    expect(simulator.url).toContain(`/piwebapi/streamsets/${pump.webId}/channel?`)
    const missing = await refusedHandshake(simulator.url)
    expect(missing.status).toBe(401)
    expect(missing.headers['www-authenticate']).toBe('Basic realm="PI Web API"')
    const wrong = await refusedHandshake(simulator.url, {
      headers: { Authorization: `Basic ${Buffer.from('pi-user:nope').toString('base64')}` },
    })
    expect(wrong.status).toBe(401)
    expect(simulator.connectionCount()).toBe(0)
  })

  it('accepts configured users and Bearer tokens', async () => {
    const simulator = await start({
      rate: 0,
      users: [{ user: 'ops', password: 'pw' }],
      bearerTokens: ['abc'],
    })
    const refused = await refusedHandshake(simulator.url, AUTH)
    expect(refused.headers['www-authenticate']).toBe('Basic realm="PI Web API", Bearer')
    await open(simulator.url, { headers: { Authorization: 'Bearer abc' } })
    await open(simulator.url, {
      headers: { Authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` },
    })
    expect(simulator.connectionCount()).toBe(2)
  })

  it('sends the current value of every stream at once with includeInitialValues', async () => {
    const simulator = await start({ rate: 0 })
    const client = await open(simulator.url) // the default URL asks for initial values
    const message = await client.next()
    expect(Object.keys(message)).toEqual(['Links', 'Items'])
    expect(message.Links).toEqual({})
    const items = itemsOf(message)
    expect(items.map((item) => item.Name)).toEqual(pump.attributes.map((a) => a.name))
    const byName = new Map(items.map((item) => [item.Name, item]))
    expect(byName.get('Flow')).toMatchObject({
      WebId: pump.attributes[0]!.webId,
      Path: '\\\\PIAF01\\Plant\\Pump 101|Flow',
      Links: {},
      UnitsAbbreviation: 'm3/h',
    })
    for (const item of items) {
      expect(item.Items).toHaveLength(1)
      const value = item.Items[0]!
      expect(Object.keys(value)).toEqual([
        'Timestamp',
        'Value',
        'UnitsAbbreviation',
        'Good',
        'Questionable',
        'Substituted',
        'Annotated',
      ])
      expect(value.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{7})?Z$/)
      for (const key of ['Good', 'Questionable', 'Substituted', 'Annotated']) {
        expect(typeof value[key]).toBe('boolean')
      }
    }
    expect(typeof byName.get('Flow')!.Items[0]!.Value).toBe('number')
    expect(typeof byName.get('High Vibration')!.Items[0]!.Value).toBe('boolean')
    expect(typeof byName.get('Operator Note')!.Items[0]!.Value).toBe('string')
    expect(byName.get('Status')!.Items[0]!.Value).toEqual({
      Name: expect.stringMatching(/^(Active|Inactive)$/),
      Value: expect.any(Number),
    })
  })

  it('sends only the streams that changed, with several values each', async () => {
    const simulator = await start({ rate: 100 })
    const path = `/piwebapi/streamsets/${pump.webId}/channel`
    const client = await open(channelUrl(simulator, path))
    let partial = false
    let several = false
    for (let i = 0; i < 40 && !(partial && several); i++) {
      const items = itemsOf(await client.until(hasData))
      partial ||= items.length < pump.attributes.length
      several ||= items.some((item) => item.Items.length > 1)
      for (const item of items) expect(item.Items.length).toBeGreaterThan(0)
    }
    expect(partial).toBe(true)
    expect(several).toBe(true)
  })

  it('serves single-stream and ad-hoc streamset channels', async () => {
    const simulator = await start({ rate: 200 })
    const [sinusoid, cdt158] = PI_STREAMS
    const single = await open(channelUrl(simulator, `/piwebapi/streams/${sinusoid!.webId}/channel`))
    const stream = itemsOf(await single.until(hasData))
    expect(stream.map((item) => item.WebId)).toEqual([sinusoid!.webId])
    const adhoc = await open(
      channelUrl(
        simulator,
        `/piwebapi/streamsets/channel?webId=${sinusoid!.webId}&webId=${cdt158!.webId}`,
      ),
    )
    const seen = new Set<string>()
    while (seen.size < 2) {
      for (const item of itemsOf(await adhoc.until(hasData))) seen.add(item.WebId)
    }
    expect([...seen].sort()).toEqual([sinusoid!.webId, cdt158!.webId].sort())
  })

  it('refuses unknown WebIds with 400 and a PI error body', async () => {
    const simulator = await start({ rate: 0 })
    const refused = await refusedHandshake(
      channelUrl(simulator, '/piwebapi/streams/F1DPnothing/channel'),
      AUTH,
    )
    expect(refused.status).toBe(400)
  })

  it('sends an empty message after heartbeatRate quiet polling intervals', async () => {
    const simulator = await start({ rate: 0 })
    const path = `/piwebapi/streamsets/${pump.webId}/channel?heartbeatRate=3`
    const client = await open(channelUrl(simulator, path))
    expect(await client.next()).toEqual({ Links: {}, Items: [] })
    expect(await client.next()).toEqual({ Links: {}, Items: [] })
  })

  it('sends no heartbeat without heartbeatRate', async () => {
    const simulator = await start({ rate: 0 })
    const client = await open(channelUrl(simulator, `/piwebapi/streamsets/${pump.webId}/channel`))
    await expect(client.next(300)).rejects.toThrow(/no frame/)
  })

  it('sends booleans as strings when switched to string mode', async () => {
    const simulator = await start({ rate: 0, booleans: 'string' })
    const client = await open(simulator.url)
    for (const item of itemsOf(await client.next())) {
      const value = item.Items[0]!
      for (const key of ['Good', 'Questionable', 'Substituted', 'Annotated']) {
        expect(['true', 'false']).toContain(value[key])
      }
      if (item.Name === 'High Vibration') expect(['true', 'false']).toContain(value.Value)
    }
    simulator.setBooleans('native')
    const again = await open(simulator.url)
    expect(typeof itemsOf(await again.next())[0]!.Items[0]!.Good).toBe('boolean')
  })

  it('sends WebException error frames, on demand and as a switch', async () => {
    const simulator = await start({ rate: 0 })
    const client = await open(channelUrl(simulator, `/piwebapi/streamsets/${pump.webId}/channel`))
    simulator.sendWebException(503, ['Service unavailable'])
    expect(await client.next()).toEqual({
      WebException: { StatusCode: 503, Errors: ['Service unavailable'] },
    })
    simulator.setWebExceptionRate(1)
    expect(await client.next()).toMatchObject({ WebException: { StatusCode: 502 } })
    expect(() => simulator.setWebExceptionRate(2)).toThrow(/between 0 and 1/)
  })
})
