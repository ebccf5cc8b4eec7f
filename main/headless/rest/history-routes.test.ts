import { beforeEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'history-routes-token-0123456789'

const rest = useRestHost(TOKEN, { engine: { sourceId: 'test', version: '9.9.9' } })

beforeEach(async () => {
  for (let n = 1; n <= 5; n++) {
    rest.server.broadcast(JSON.stringify({ type: n % 2 ? 'odd' : 'even', n, note: `item-${n}` }))
  }
  await waitFor(
    () => engineInternals(rest.engine).monitor.view('test').counters.events === 5,
    'five events',
  )
})

const get = (path: string) => rest.call('GET', path)

describe('REST history routes', () => {
  it('GET /api/events searches history by type, text, time and page', async () => {
    const all = (await (await get('/api/events?limit=2')).json()) as {
      events: { id: number; receivedAt: number }[]
      next: number
    }
    expect(all.events).toHaveLength(2)
    const rest = (await (await get(`/api/events?before=${all.next}`)).json()) as {
      events: unknown[]
      next: null
    }
    expect(rest).toMatchObject({ events: expect.any(Array), next: null })
    expect(rest.events).toHaveLength(3)

    const odd = (await (await get('/api/events?type=odd&q=ITEM-3')).json()) as {
      events: { payload: { n: number } }[]
    }
    expect(odd.events.map((e) => e.payload.n)).toEqual([3])

    const newest = all.events[0]!.receivedAt
    const iso = new Date(newest + 1).toISOString()
    expect(
      ((await (await get(`/api/events?from=${iso}`)).json()) as { events: [] }).events,
    ).toEqual([])
    const to = (await (await get(`/api/events?to=${iso}&limit=10`)).json()) as { events: [] }
    expect(to.events).toHaveLength(5)
    const bad = await get('/api/events?from=yesterday')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { issues: [{ path: 'from' }] } })
  })

  it('GET /api/export streams JSON Lines and CSV downloads', async () => {
    const jsonl = await get('/api/export?kind=events&format=jsonl&type=even')
    expect(jsonl.status).toBe(200)
    expect(jsonl.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    expect(jsonl.headers.get('content-disposition')).toMatch(
      /^attachment; filename="vigil-events-.*\.jsonl"$/,
    )
    const lines = (await jsonl.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((event) => event.payload.n)).toEqual([2, 4])

    const csv = await get('/api/export?kind=notifications&format=csv')
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(await csv.text()).toBe(
      'id,triggerId,eventId,sourceId,urgency,firedAt,firedAtIso,read,title,body\r\n',
    )

    const wrong = await get('/api/export?kind=notifications&format=csv&q=x')
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ error: { issues: [{ path: 'q' }] } })
    expect((await get('/api/export?kind=events&format=xml')).status).toBe(400)
  })

  it('POST /api/config/preview says what an import would change, without changing anything', async () => {
    const incoming = {
      version: 1,
      sources: [{ id: 'fresh', name: 'Fresh', preset: 'generic', url: rest.server.url }],
    }
    const preview = await rest.call('POST', '/api/config/preview', incoming)
    expect(await preview.json()).toMatchObject({
      valid: true,
      changes: { sources: { added: ['fresh'], removed: ['test'] } },
    })
    expect(rest.engine.config.sources.map((s) => s.id)).toEqual(['test'])

    const invalid = await rest.call('POST', '/api/config/preview', {
      version: 1,
      sources: [{ id: 'x' }],
    })
    expect(await invalid.json()).toMatchObject({ valid: false, issues: expect.any(Array) })
  })

  it('GET /api/recordings lists recordings', async () => {
    expect(await (await get('/api/recordings')).json()).toEqual({ recordings: [] })
    await rest.engine.startRecording('test')
    const { recordings } = (await (await get('/api/recordings')).json()) as {
      recordings: { sourceId: string; active: boolean }[]
    }
    expect(recordings).toMatchObject([{ sourceId: 'test', active: true }])
  })
})
