/** The Census classifier and live changes, without a socket (the simulator suite covers the wire). */

import { describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../../shared/source-config'
import { backoffDelay } from '../../../shared/utils/backoff'
import { liveOptionsChange, resolveSettings } from '../sources/connection-settings'
import type { FrameSink } from './preset'

function recorder() {
  const seen: string[] = []
  const notices: (string | null)[] = []
  const sink: FrameSink = {
    event: (type) => seen.push(`event:${type}`),
    heartbeat: () => seen.push('heartbeat'),
    control: () => seen.push('control'),
    error: (message) => seen.push(`error:${message}`),
    duplicate: () => seen.push('duplicate'),
    notice: (_code, message) => notices.push(message),
    unhealthy: (message) => seen.push(`unhealthy:${message}`),
  }
  return { seen, notices, sink }
}

function census(options: Record<string, unknown>): SourceConfig {
  return {
    id: 'ps2',
    name: 'PS2',
    preset: 'census',
    enabled: true,
    url: 'wss://push.planetside2.com/streaming?environment=ps2',
    headers: {},
    onOpen: [],
    options,
  }
}

const raw = (frame: unknown) => Buffer.from(JSON.stringify(frame))

const event = (payload: Record<string, string>) => ({
  payload,
  service: 'event',
  type: 'serviceMessage',
})

describe('Census classifier', () => {
  it('sorts frames: events, heartbeats, echoes, answers without event_name, errors', () => {
    const { classifier } = resolveSettings(census({ eventNames: ['Death'] }))
    const { seen, notices, sink } = recorder()
    const frames = [
      { connected: 'true', service: 'push', type: 'connectionStateChanged' },
      { 'send this for help': { service: 'event', action: 'help' } },
      {
        detail: 'EventServerEndpoint_Connery_1',
        online: 'true',
        service: 'event',
        type: 'serviceStateChanged',
      },
      { online: {}, service: 'event', type: 'heartbeat', timestamp: '1706357108' },
      {
        subscription: {
          characters: ['all'],
          eventNames: ['Death'],
          logicalAndCharactersWithWorlds: false,
          worlds: ['all'],
        },
      },
      event({ event_name: 'Death', world_id: '1', timestamp: '1' }),
      event({ recent_character_id_count: '3' }),
      { error: 'Unknown action' },
    ]
    for (const frame of frames) classifier.classify(frame, sink, 0, raw(frame))
    expect(seen).toEqual([
      'control',
      'control',
      'control',
      'heartbeat',
      'control',
      'event:Death',
      'control',
      'error:Census: Unknown action',
    ])
    expect(notices).toEqual([null])
  })

  it('filters duplicates per its options, exempting GainExperience by default', () => {
    const { classifier } = resolveSettings(census({ dedupeWindowMs: 1_000 }))
    const { seen, sink } = recorder()
    const death = event({ event_name: 'Death', world_id: '1', timestamp: '1' })
    const xp = event({ event_name: 'GainExperience', world_id: '1', timestamp: '1' })
    for (const [frame, at] of [
      [death, 0],
      [death, 999],
      [xp, 0],
      [xp, 1],
      [death, 1_000],
    ] as const)
      classifier.classify(frame, sink, at, raw(frame))
    expect(seen).toEqual([
      'event:Death',
      'duplicate',
      'event:GainExperience',
      'event:GainExperience',
      'event:Death',
    ])
    const off = resolveSettings(census({ dedupeWindowMs: 0 })).classifier
    const second = recorder()
    off.classify(death, second.sink, 0, raw(death))
    off.classify(death, second.sink, 0, raw(death))
    expect(second.seen).toEqual(['event:Death', 'event:Death'])
  })

  it('types an event by its name, an empty name as unknown, and by a path the source sets', () => {
    const frames = [
      event({ event_name: 'Death', world_id: '1' }),
      event({ event_name: '', world_id: '2' }),
      event({ event_name: 'Death', world_id: '3' }),
    ]
    const { seen, sink } = recorder()
    const { classifier } = resolveSettings(census({ dedupeWindowMs: 1_000 }))
    frames.forEach((frame, at) => classifier.classify(frame, sink, at, raw(frame)))
    const custom = resolveSettings({ ...census({}), eventTypePath: 'world_id' }).classifier
    frames.forEach((frame, at) => custom.classify(frame, sink, at, raw(frame)))
    expect(seen).toEqual([
      'event:Death',
      'event:unknown',
      'event:Death',
      'event:1',
      'event:2',
      'event:3',
    ])
  })

  it('exempts the listed types from the duplicate filter, however many are listed', () => {
    const names = (count: number) => Array.from({ length: count }, (_, i) => `Other${i}`)
    for (const dedupeExempt of [[], ['Death'], [...names(8), 'Death'], [...names(50), 'Death']]) {
      const { classifier } = resolveSettings(census({ dedupeExempt }))
      const { seen, sink } = recorder()
      const death = event({ event_name: 'Death', world_id: '1' })
      const login = event({ event_name: 'PlayerLogin', world_id: '1' })
      for (const frame of [death, death, login, login])
        classifier.classify(frame, sink, 0, raw(frame))
      const deaths = dedupeExempt.includes('Death') ? 'event:Death' : 'duplicate'
      expect(seen).toEqual(['event:Death', deaths, 'event:PlayerLogin', 'duplicate'])
    }
  })

  it('drops a repeated payload whatever its envelope: reordered, spaced, or the same bytes', () => {
    const { classifier } = resolveSettings(census({ eventNames: ['Death'] }))
    const { seen, sink } = recorder()
    const payload = { event_name: 'Death', world_id: '1', timestamp: '1', character_id: '5' }
    const canonical = event(payload)
    const reordered = { service: 'event', type: 'serviceMessage', payload }
    const frames: [unknown, Buffer][] = [
      [canonical, raw(canonical)],
      [reordered, raw(reordered)],
      [canonical, Buffer.from(JSON.stringify(canonical, null, 1))],
      [canonical, raw(canonical)],
    ]
    frames.forEach(([frame, bytes], at) => classifier.classify(frame, sink, at, bytes))
    expect(seen).toEqual(['event:Death', 'duplicate', 'duplicate', 'duplicate'])

    // The other way round, and a payload that differs only inside is news.
    const second = recorder()
    const other = resolveSettings(census({ eventNames: ['Death'] })).classifier
    other.classify(reordered, second.sink, 0, raw(reordered))
    other.classify(canonical, second.sink, 1, raw(canonical))
    const moved = event({ ...payload, world_id: '10' })
    other.classify(moved, second.sink, 2, raw(moved))
    expect(second.seen).toEqual(['event:Death', 'duplicate', 'event:Death'])
  })

  it('derives its auth, subscription, repeat and heartbeat window from the options', () => {
    const resolved = resolveSettings(
      census({
        serviceIdSecretRef: 'sid',
        eventNames: ['Death'],
        worlds: ['17'],
        heartbeatIntervalMs: 20_000,
      }),
    )
    expect(resolved.auth).toEqual({ type: 'query', param: 'service-id', secret: 'sid' })
    expect(resolved.onOpen.map((text) => JSON.parse(text))).toEqual([
      {
        service: 'event',
        action: 'subscribe',
        characters: ['all'],
        worlds: ['17'],
        eventNames: ['Death'],
        // Narrowing worlds alone must narrow: with OR, characters all would match every world.
        logicalAndCharactersWithWorlds: true,
      },
    ])
    expect(resolved.repeat).toEqual({ intervalMs: 300_000, texts: resolved.onOpen })
    // Clients treat 30+ s without a heartbeat as dead: the interval plus a little slack.
    expect(resolved.heartbeatTimeoutMs).toBe(25_000)
    expect(resolved.silenceMs).toBe(30_000)
    expect(resolveSettings(census({})).heartbeatTimeoutMs).toBe(35_000)
    const unwatched = resolveSettings(census({ heartbeatIntervalMs: 0 }))
    expect([unwatched.heartbeatTimeoutMs, unwatched.silenceMs]).toEqual([0, 65_000])
    // Census clients reconnect after 2-5 s: the first retry falls there, none comes sooner.
    expect(resolved.backoff).toEqual({ initialMs: 5_000, maxMs: 60_000, floorMs: 2_000 })
    expect([0, 0.5, 1].map((draw) => backoffDelay(resolved.backoff, 0, () => draw))).toEqual([
      2_000, 2_500, 5_000,
    ])
    // A legacy Census source (no options) subscribes to nothing itself and has no auth.
    const legacy = resolveSettings(census({}))
    expect(legacy.onOpen).toEqual([])
    expect(legacy.repeat).toBeNull()
    expect(legacy.auth).toEqual({ type: 'none' })
  })

  it('asks for AND when one side is all and the other names ids, and expects it echoed', () => {
    const sent = (options: Record<string, unknown>) =>
      resolveSettings(census({ eventNames: ['Death'], ...options })).onOpen.map(
        (text) => JSON.parse(text) as Record<string, unknown>,
      )[0]!
    const and = (options: Record<string, unknown>) => sent(options).logicalAndCharactersWithWorlds
    expect(and({ worlds: ['17'] })).toBe(true)
    expect(and({ characters: ['5428713425545165425'] })).toBe(true)
    // Nothing to narrow (both all), or both sides named on purpose: the options' flag stands.
    expect(and({})).toBe(false)
    expect(and({ characters: [], worlds: ['17'] })).toBe(false)
    expect(and({ characters: ['5428713425545165425'], worlds: ['17'] })).toBe(false)
    expect(
      and({
        characters: ['5428713425545165425'],
        worlds: ['17'],
        logicalAndCharactersWithWorlds: true,
      }),
    ).toBe(true)

    // The echo of the AND subscription is what was asked: no notice.
    const { classifier } = resolveSettings(census({ eventNames: ['Death'], worlds: ['17'] }))
    const { notices, sink } = recorder()
    const echo = {
      subscription: {
        characters: ['all'],
        eventNames: ['Death'],
        logicalAndCharactersWithWorlds: true,
        worlds: ['17'],
      },
    }
    classifier.classify(echo, sink, 0, raw(echo))
    expect(notices).toEqual([null])
  })

  it("sends worlds all as the environment's known ids when world events are asked for", () => {
    const worlds = (options: Record<string, unknown>, url?: string) =>
      (
        JSON.parse(resolveSettings({ ...census(options), ...(url ? { url } : {}) }).onOpen[0]!) as {
          worlds?: string[]
        }
      ).worlds
    const pc = ['1', '10', '13', '17', '19', '25', '40']
    expect(worlds({ eventNames: ['FacilityControl'] })).toEqual(pc)
    expect(worlds({ eventNames: ['all'] })).toEqual(pc)
    expect(worlds({ eventNames: ['Death', 'MetagameEvent'], worlds: ['all', '1'] })).toEqual(pc)
    // Character events are fine with all; named worlds are kept as they are.
    expect(worlds({ eventNames: ['Death'] })).toEqual(['all'])
    expect(worlds({ eventNames: ['FacilityControl'], worlds: ['17'] })).toEqual(['17'])
    // The environment the URL names wins over the option left at its default.
    const eu = 'wss://push.planetside2.com/streaming?environment=ps2ps4eu'
    expect(worlds({ eventNames: ['ContinentLock'] }, eu)).toEqual(['2000'])
    expect(
      worlds({ eventNames: ['ContinentLock'], environment: 'ps2ps4us' }, 'sim://census'),
    ).toEqual(['1000'])

    // The echo of the expanded list is what was asked: no notice.
    const { classifier } = resolveSettings(census({ eventNames: ['FacilityControl'] }))
    const { notices, sink } = recorder()
    const echo = {
      subscription: {
        characters: ['all'],
        eventNames: ['FacilityControl'],
        logicalAndCharactersWithWorlds: false,
        worlds: pc,
      },
    }
    classifier.classify(echo, sink, 0, raw(echo))
    expect(notices).toEqual([null])
  })

  it("does not judge a clearSubscribe's echo against the options: it shows them emptied", () => {
    const before = resolveSettings(census({ eventNames: ['Death'] }))
    const after = resolveSettings(census({ eventNames: ['Death', 'PlayerLogin'] }))
    const cleared = {
      subscription: {
        characterCount: 0,
        eventNames: [],
        logicalAndCharactersWithWorlds: false,
        worlds: [],
      },
    }
    const subscribed = {
      subscription: {
        characters: ['all'],
        eventNames: ['Death', 'PlayerLogin'],
        logicalAndCharactersWithWorlds: false,
        worlds: ['all'],
      },
    }
    const { notices, sink } = recorder()
    for (const text of liveOptionsChange(before, after)!) after.classifier.sent!(text)
    for (const echo of [cleared, subscribed]) after.classifier.classify(echo, sink, 0, raw(echo))
    expect(notices).toEqual([null])

    // With no clear pending, an emptied subscription is what it is: the server dropped it.
    const unasked = recorder()
    after.classifier.classify(cleared, unasked.sink, 0, raw(cleared))
    expect(unasked.notices).toEqual([
      expect.stringContaining('eventNames Death, PlayerLogin missing'),
    ])
  })

  it("skips a subscribe's echo still owed from before a live change, then judges the new one", () => {
    const before = resolveSettings(census({ eventNames: ['Death'] }))
    const after = resolveSettings(census({ eventNames: ['PlayerLogin'] }))
    const echoOf = (eventNames: string[]) => ({
      subscription: {
        characters: eventNames.length > 0 ? ['all'] : [],
        eventNames,
        logicalAndCharactersWithWorlds: false,
        worlds: eventNames.length > 0 ? ['all'] : [],
      },
    })
    const { notices, sink } = recorder()
    for (const text of liveOptionsChange(before, after)!) after.classifier.sent!(text)
    // The first subscribe's echo comes after the edit, then the clear's, then the new one's.
    for (const echo of [echoOf(['Death']), echoOf([]), echoOf(['PlayerLogin'])])
      after.classifier.classify(echo, sink, 0, raw(echo))
    expect(notices).toEqual([null])
    // Judged again from here: the server dropping the new subscription is told.
    after.classifier.classify(echoOf([]), sink, 0, raw(echoOf([])))
    expect(notices).toEqual([null, expect.stringContaining('eventNames PlayerLogin missing')])
  })

  it('judges echoes again on a new connection when a clear was never answered', () => {
    const before = resolveSettings(census({ eventNames: ['Death'] }))
    const after = resolveSettings(census({ eventNames: ['PlayerLogin'] }))
    const { notices, sink } = recorder()
    for (const text of liveOptionsChange(before, after)!) after.classifier.sent!(text)
    // The connection dropped before any echo; the next one opens and subscribes.
    after.classifier.opened!()
    const dropped = { subscription: { characterCount: 0, eventNames: ['Death'], worlds: [] } }
    after.classifier.classify(dropped, sink, 0, raw(dropped))
    expect(notices).toEqual([expect.stringContaining('eventNames PlayerLogin missing')])
  })

  it('applies subscription edits live and reconnects for a new service id', () => {
    const before = resolveSettings(census({ eventNames: ['Death'] }))
    const live = (options: Record<string, unknown>) =>
      liveOptionsChange(before, resolveSettings(census(options)))
    expect(live({ eventNames: ['Death'], dedupeWindowMs: 1_000 })).toEqual([])
    expect(
      live({ eventNames: ['Death', 'PlayerLogin'] })!.map((text) => JSON.parse(text).action),
    ).toEqual(['clearSubscribe', 'subscribe'])
    expect(live({ eventNames: ['Death'], serviceIdSecretRef: 'other' })).toBeNull()
  })
})

describe('live options changes of other presets', () => {
  const source = (preset: SourceConfig['preset'], options: Record<string, unknown>) =>
    resolveSettings({ ...census(options), preset })

  it('Generic rules apply live; PI reconnects only for new credentials', () => {
    expect(
      liveOptionsChange(source('generic', {}), source('generic', { eventWhen: { path: 'x' } })),
    ).toEqual([])
    const pi = source('piwebapi', { auth: 'basic', username: 'u', passwordSecretRef: 'p' })
    const moved = { auth: 'basic', username: 'u', passwordSecretRef: 'p', webIds: ['F1DPa'] }
    expect(liveOptionsChange(pi, source('piwebapi', moved))).toEqual([])
    expect(liveOptionsChange(pi, source('piwebapi', { ...moved, username: 'v' }))).toBeNull()
    expect(
      liveOptionsChange(source('neuroio', {}), source('neuroio', { tokenSecretRef: 't' })),
    ).toBeNull()
  })
})
