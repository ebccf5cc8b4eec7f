import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config, ConfigInput } from '../../shared/config'
import type { VigilEvent } from '../../shared/domain'
import { createInvokeHandlers } from './api/invoke-handlers'
import { dispatchInvoke } from './api/dispatch'
import { Engine } from './engine'
import { MemorySecretStore } from './secrets/secret-store'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'
import { silentLogger } from './util/logger'
import { engineInternals } from './testing/engine-internals'

let dir: string
let server: TestServer
const engines: Engine[] = []

const config = (url: string): ConfigInput => ({
  version: 1,
  sources: [
    { id: 'test', name: 'Test', preset: 'generic', enabled: true, url, headers: {}, onOpen: [] },
  ],
  triggers: [],
})

async function start(extra: Partial<Parameters<typeof Engine.start>[0]> = {}): Promise<Engine> {
  const engine = await Engine.start({
    dataDir: dir,
    mode: 'headless',
    version: '9.9.9',
    logger: silentLogger,
    firstRunConfig: () => config(server.url),
    ...extra,
  })
  engines.push(engine)
  return engine
}

async function stop(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1)
  await engine.dispose()
}

function caller(engine: Engine) {
  const handlers = createInvokeHandlers(engine)
  return async (channel: string, ...args: unknown[]) => {
    const result = await dispatchInvoke(handlers, channel, args)
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
    return result.value
  }
}

async function send(engine: Engine, ...frames: object[]): Promise<void> {
  await waitFor(() => engineInternals(engine).monitor.view('test').state === 'open', 'open')
  const before = engineInternals(engine).monitor.view('test').counters.events
  for (const frame of frames) server.broadcast(JSON.stringify(frame))
  await waitFor(
    () => engineInternals(engine).monitor.view('test').counters.events === before + frames.length,
    'events',
  )
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-engine-history-'))
  server = await startTestServer()
})

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()))
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('Engine with history', () => {
  it('keeps events, notifications, trigger counters and the catalogue across a restart', async () => {
    const first = await start()
    await send(first, { type: 'alarm', zone: '3' }, { type: 'alarm', zone: '4', extra: true })
    engineInternals(first).triggers.notifications.add({
      triggerId: 't',
      eventId: 2,
      sourceId: 'test',
      title: 'Alarm',
      body: 'zone 4',
      urgency: 'critical',
      firedAt: 1,
    })
    engineInternals(first).history!.counters.save({
      t: { evaluated: 2, matched: 1, fired: 1, suppressed: {}, lastFiredAt: 1 },
    })
    await stop(first)

    const second = await start()
    const call = caller(second)
    const stored = (await call('event:recent', { limit: 10 })) as VigilEvent[]
    expect(stored.map((e) => e.payload)).toEqual([
      { type: 'alarm', zone: '4', extra: true },
      { type: 'alarm', zone: '3' },
    ])
    expect(engineInternals(second).triggers.notifications.list()).toMatchObject([
      { title: 'Alarm', read: false },
    ])
    expect(engineInternals(second).history!.counters.load()).toMatchObject({ t: { fired: 1 } })
    const [entry] = (await call('catalogue:get', { source: 'test' })) as {
      fields: { path: string; seen: number }[]
    }[]
    expect(entry!.fields.map((f) => [f.path, f.seen])).toEqual([
      ['extra', 1],
      ['type', 2],
      ['zone', 2],
    ])

    await send(second, { type: 'alarm', zone: '5' })
    const page = (await call('event:search', { q: 'zone', limit: 1 })) as {
      events: VigilEvent[]
      next: number
    }
    // Numbering continued after the two stored events.
    expect(page.events[0]!.id).toBe(3)
    expect(page.next).toBe(3)
  })

  it('exports history into the exports folder over the contract', async () => {
    const engine = await start()
    await send(engine, { type: 'a' }, { type: 'b' })
    const result = (await caller(engine)('history:export', {
      kind: 'events',
      format: 'jsonl',
      type: 'b',
    })) as { path: string; rows: number }
    expect(result.rows).toBe(1)
    expect(result.path.startsWith(join(dir, 'exports'))).toBe(true)
    expect(JSON.parse(await readFile(result.path, 'utf8'))).toMatchObject({
      payload: { type: 'b' },
    })
    await expect(
      caller(engine)('history:export', { kind: 'events', format: 'jsonl', trigger: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid-argument' })
  })

  it('searches the in-memory buffers when history is off', async () => {
    const engine = await start({ history: false })
    await send(engine, { type: 'a', n: 'one' }, { type: 'b', n: 'two' })
    const page = (await caller(engine)('event:search', { q: 'TWO' })) as { events: VigilEvent[] }
    expect(page.events.map((e) => e.type)).toEqual(['b'])
    await expect(
      caller(engine)('history:export', { kind: 'events', format: 'csv' }),
    ).rejects.toMatchObject({ code: 'unavailable' })
  })
})

describe('Engine catalogue', () => {
  const savedTypes = (): string[] => {
    const db = new DatabaseSync(join(dir, 'history.sqlite'), { readOnly: true })
    try {
      const rows = db.prepare('SELECT source_id, type FROM catalogue ORDER BY type').all()
      return rows.map((row) => `${String(row.source_id)}/${String(row.type)}`)
    } finally {
      db.close()
    }
  }

  it('forgets a removed source, in memory and on disk', async () => {
    const engine = await start()
    await send(engine, { type: 'alarm', zone: '3' })
    expect(engineInternals(engine).catalogue.get({ source: 'test' })).toHaveLength(1)
    await engine.removeSource('test')
    expect(engineInternals(engine).catalogue.get({ source: 'test' })).toEqual([])
    await stop(engine)
    expect(savedTypes()).toEqual([])
  })

  it('forgets the sources a replaced config leaves out', async () => {
    const engine = await start()
    await send(engine, { type: 'alarm', zone: '3' })
    await engine.replaceConfig({ ...engine.config, sources: [] })
    expect(engineInternals(engine).catalogue.get()).toEqual([])
    await stop(engine)
    expect(savedTypes()).toEqual([])
  })

  it('forgets at start the sources the config no longer has, unless the file is broken', async () => {
    const first = await start()
    await send(first, { type: 'alarm', zone: '3' })
    await stop(first)
    expect(savedTypes()).toEqual(['test/alarm'])

    await writeFile(join(dir, 'config.json'), '{ "version": 1, "sources": "broken" }')
    const broken = await start()
    expect(broken.configProblem).not.toBeNull()
    expect(
      engineInternals(broken)
        .catalogue.get()
        .map((e) => e.sourceId),
    ).toEqual(['test'])
    await stop(broken)
    expect(savedTypes()).toEqual(['test/alarm'])

    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ ...config(server.url), sources: [] }),
    )
    const edited = await start()
    expect(edited.configProblem).toBeNull()
    expect(engineInternals(edited).catalogue.get()).toEqual([])
    await stop(edited)
    expect(savedTypes()).toEqual([])
  })
})

describe('Engine config import and export', () => {
  it('exports with the secret references to re-enter, previews, and imports atomically', async () => {
    const engine = await start({ secrets: new MemorySecretStore({ 'have-this': 'x' }) })
    const call = caller(engine)
    expect(await call('config:export')).toMatchObject({
      config: { sources: [{ id: 'test' }] },
      secretRefs: [],
    })

    const incoming = {
      version: 1,
      sources: [
        {
          id: 'other',
          name: 'Other',
          preset: 'generic',
          url: server.url,
          auth: { type: 'query', param: 'token', secret: 'need-this' },
        },
        {
          id: 'another',
          name: 'Another',
          preset: 'generic',
          url: server.url,
          auth: { type: 'header', secret: 'have-this' },
        },
      ],
      preferences: { history: { retentionDays: 3 } },
    }
    expect(await call('config:preview-import', incoming)).toMatchObject({
      valid: true,
      changes: {
        sources: { added: ['other', 'another'], removed: ['test'] },
        preferences: ['history.retentionDays'],
      },
      missingSecrets: ['need-this'],
    })
    expect(engine.config.sources.map((s) => s.id)).toEqual(['test'])

    await expect(
      call('config:import', { version: 1, sources: [{ id: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'invalid-argument',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'sources.0.url' })]),
    })
    expect(engine.config.sources.map((s) => s.id)).toEqual(['test'])

    await call('config:import', incoming)
    expect(
      engineInternals(engine)
        .monitor.list()
        .map((s) => s.id),
    ).toEqual(['other', 'another'])
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Config
    expect(onDisk.sources.map((s) => s.id)).toEqual(['other', 'another'])
    expect((await call('config:export')) as { secretRefs: string[] }).toMatchObject({
      secretRefs: ['have-this', 'need-this'],
    })
  })
})
