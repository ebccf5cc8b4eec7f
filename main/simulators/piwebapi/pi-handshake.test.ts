import { describe, expect, it } from 'vitest'
import { PI_ELEMENTS, PI_STREAMS, nameMatches } from './pi-catalog'
import { authorized, checkChannelRequest, type PiCredentials } from './pi-handshake'

const credentials: PiCredentials = {
  users: new Map([['alice', 's3cret:with:colons']]),
  bearerTokens: new Set(['tok-1']),
  anonymous: false,
}
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const ALICE = basic('alice', 's3cret:with:colons')
const pump = PI_ELEMENTS[0]!
const [sinusoid, cdt158] = PI_STREAMS

describe('PI Web API channel handshake', () => {
  it('accepts Basic and Bearer credentials it knows, and nothing else', () => {
    expect(authorized(ALICE, credentials)).toBe(true)
    expect(authorized('Bearer tok-1', credentials)).toBe(true)
    expect(authorized(basic('alice', 'wrong'), credentials)).toBe(false)
    expect(authorized(basic('bob', 's3cret:with:colons'), credentials)).toBe(false)
    expect(authorized('Bearer tok-2', credentials)).toBe(false)
    expect(authorized('Negotiate abc', credentials)).toBe(false)
    expect(authorized('Basic !!!', credentials)).toBe(false)
    expect(authorized(undefined, credentials)).toBe(false)
    expect(authorized(undefined, { ...credentials, anonymous: true })).toBe(true)
  })

  it('answers missing or wrong credentials with 401 and its challenges', () => {
    const url = `/piwebapi/streams/${sinusoid!.webId}/channel`
    for (const header of [undefined, basic('alice', 'nope')]) {
      expect(checkChannelRequest(url, header, credentials)).toMatchObject({
        ok: false,
        status: 401,
        headers: { 'WWW-Authenticate': 'Basic realm="PI Web API", Bearer' },
      })
    }
    const basicOnly = { ...credentials, bearerTokens: new Set<string>() }
    expect(checkChannelRequest(url, undefined, basicOnly)).toMatchObject({
      headers: { 'WWW-Authenticate': 'Basic realm="PI Web API"' },
    })
  })

  it('opens a stream channel, case-insensitively, with its query', () => {
    const url = `/PIWebAPI/Streams/${cdt158!.webId}/Channel?includeInitialValues=True&heartbeatRate=4&webIdType=Full`
    expect(checkChannelRequest(url, ALICE, credentials)).toEqual({
      ok: true,
      streams: [cdt158],
      includeInitialValues: true,
      heartbeatRate: 4,
    })
  })

  it("opens an element's streamset, narrowed by nameFilter", () => {
    const all = checkChannelRequest(
      `/piwebapi/streamsets/${pump.webId}/channel`,
      ALICE,
      credentials,
    )
    expect(all).toMatchObject({ ok: true, includeInitialValues: false, heartbeatRate: 0 })
    expect(all.ok && all.streams).toEqual(pump.attributes)
    const some = checkChannelRequest(
      `/piwebapi/streamsets/${pump.webId}/channel?nameFilter=*Temp*`,
      ALICE,
      credentials,
    )
    expect(some.ok && some.streams.map((stream) => stream.name)).toEqual(['Motor Temperature'])
  })

  it('opens an ad-hoc streamset of several WebIds', () => {
    const url = `/piwebapi/streamsets/channel?webId=${sinusoid!.webId}&webId=${pump.attributes[0]!.webId}`
    const verdict = checkChannelRequest(url, 'Bearer tok-1', credentials)
    expect(verdict.ok && verdict.streams).toEqual([sinusoid, pump.attributes[0]])
  })

  it('refuses unknown WebIds, routes and query values with PI-style errors', () => {
    const refuse = (url: string) => checkChannelRequest(url, ALICE, credentials)
    expect(refuse('/piwebapi/streams/F1DPnope/channel')).toMatchObject({
      ok: false,
      status: 400,
      reason: JSON.stringify({ Errors: ["Unknown or invalid WebID format: 'F1DPnope'."] }),
    })
    expect(refuse('/piwebapi/streamsets/channel')).toMatchObject({ status: 400 })
    expect(refuse(`/piwebapi/streamsets/channel?webId=${sinusoid!.webId}&webId=x`)).toMatchObject({
      status: 400,
    })
    expect(refuse(`/piwebapi/streams/${pump.webId}/channel`)).toMatchObject({ status: 400 })
    expect(refuse('/piwebapi/points/x/channel')).toMatchObject({ status: 404 })
    expect(refuse('/streaming')).toMatchObject({ status: 404 })
    const base = `/piwebapi/streams/${sinusoid!.webId}/channel`
    expect(refuse(`${base}?includeInitialValues=yes`)).toMatchObject({ status: 400 })
    expect(refuse(`${base}?heartbeatRate=1.5`)).toMatchObject({ status: 400 })
    expect(refuse(`${base}?heartbeatRate=-2`)).toMatchObject({ ok: true, heartbeatRate: 0 })
  })

  it('matches PI name filters', () => {
    expect(nameMatches('*Level*', 'High Level Alarm')).toBe(true)
    expect(nameMatches('level', 'Level')).toBe(true)
    expect(nameMatches('Lev?l', 'Level')).toBe(true)
    expect(nameMatches('Lev', 'Level')).toBe(false)
    expect(nameMatches('(a)+', '(a)+')).toBe(true)
  })
})
