import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { DEFAULT_PI_PASSWORD, DEFAULT_PI_USER } from './piwebapi/pi-simulator'
import { createSimulatorResolver, type SimulatorResolver } from './registry'

let resolvers: SimulatorResolver[] = []

function resolver(): SimulatorResolver {
  const created = createSimulatorResolver()
  resolvers.push(created)
  return created
}

/** Connects and returns the first frame, proving a Census simulator answers at the URL. */
function firstFrame(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.once('message', (data) => {
      resolve(JSON.parse(data.toString()))
      socket.close()
    })
    socket.once('error', reject)
  })
}

afterEach(async () => {
  await Promise.all(resolvers.map((created) => created.dispose()))
  resolvers = []
})

describe('createSimulatorResolver', () => {
  it('starts the Census simulator for a sim:// URL and keeps its path and query', async () => {
    const url = await resolver().resolveUrl(
      'sim://census/streaming?environment=ps2&service-id=s:demo',
    )
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/streaming\?environment=ps2&service-id=s:demo$/)
    expect(await firstFrame(url)).toMatchObject({ type: 'connectionStateChanged' })
  })

  it('starts one simulator for concurrent and later calls', async () => {
    const simulators = resolver()
    const urls = await Promise.all([
      simulators.resolveUrl('sim://census/streaming?environment=ps2&service-id=s:a'),
      simulators.resolveUrl('sim://census/streaming?environment=ps2ps4eu&service-id=s:b'),
      simulators.resolveUrl('sim://census/streaming?environment=ps2&service-id=s:c&rate=20'),
    ])
    const later = await simulators.resolveUrl(
      'sim://census/streaming?environment=ps2&service-id=s:d',
    )
    const ports = new Set([...urls, later].map((url) => new URL(url).port))
    expect(ports.size).toBe(1)
  })

  it('takes the rate from the sim URL without passing it on', async () => {
    const url = await resolver().resolveUrl(
      'sim://census/streaming?environment=ps2&rate=50&service-id=s:demo',
    )
    expect(url).toMatch(/\/streaming\?environment=ps2&service-id=s:demo$/)
    await expect(
      resolver().resolveUrl('sim://census/streaming?environment=ps2&rate=fast'),
    ).rejects.toThrow(/rate/)
  })

  it('fills in the usual path and query for a bare sim://census', async () => {
    const url = await resolver().resolveUrl('sim://census')
    expect(url).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/streaming\?environment=ps2&service-id=s:example$/,
    )
  })

  it('rejects unknown simulators and leaves other URLs alone', async () => {
    const simulators = resolver()
    await expect(simulators.resolveUrl('sim://nope/streaming')).rejects.toThrow(
      /unknown simulator "nope"/,
    )
    expect(await simulators.resolveUrl('wss://push.planetside2.com/streaming?x=1')).toBe(
      'wss://push.planetside2.com/streaming?x=1',
    )
  })

  it.each([
    ['neuroio', /^ws:\/\/127\.0\.0\.1:\d+\/$/],
    [
      'piwebapi',
      /^ws:\/\/127\.0\.0\.1:\d+\/piwebapi\/streamsets\/F1Em[\w-]+\/channel\?includeInitialValues=true&heartbeatRate=5$/,
    ],
    ['simplisafe', /^ws:\/\/127\.0\.0\.1:\d+\/$/],
    ['ebsockets', /^ws:\/\/127\.0\.0\.1:\d+\/$/],
  ])('starts the %s simulator for a bare sim:// URL', async (name, expected) => {
    const url = await resolver().resolveUrl(`sim://${name}?rate=0`)
    expect(url).toMatch(expected)
    // PI Web API wants Basic auth on the upgrade; the others authenticate in-band.
    const auth = `Basic ${Buffer.from(`${DEFAULT_PI_USER}:${DEFAULT_PI_PASSWORD}`).toString('base64')}`
    const socket = new WebSocket(url, { headers: { Authorization: auth } })
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    socket.close()
  })

  it('keeps the path and query of a PI Web API sim URL', async () => {
    const url = await resolver().resolveUrl(
      'sim://piwebapi/piwebapi/streamsets/channel?webId=a&webId=b&rate=3',
    )
    expect(url).toMatch(/\/piwebapi\/streamsets\/channel\?webId=a&webId=b$/)
  })

  it('closes its simulators on dispose', async () => {
    const simulators = resolver()
    const url = await simulators.resolveUrl('sim://census/streaming?environment=ps2&service-id=s:x')
    await simulators.dispose()
    await expect(firstFrame(url)).rejects.toThrow()
    await expect(simulators.resolveUrl('sim://census')).rejects.toThrow(/shut down/)
  })
})
