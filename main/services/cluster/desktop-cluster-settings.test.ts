import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultDesktopClusterSettings } from '../../../shared/cluster-settings'
import { createInvokeHandlers } from '../api/invoke-handlers'
import { dispatchInvoke } from '../api/dispatch'
import type { Engine } from '../engine'
import {
  CLUSTER_SETTINGS_FILE,
  DesktopClusterSettingsFile,
  desktopClusterAtStart,
  desktopClusterOptions,
  loadDesktopClusterSettings,
  saveDesktopClusterSettings,
} from './desktop-cluster-settings'

const facts = { hostname: 'laptop.example.org', env: {} }
// The cluster channels use nothing of the engine but what every handler set reads up front.
const engine = { monitor: {} } as unknown as Engine

describe('desktop cluster settings file', () => {
  let dir: string
  let path: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-cluster-settings-'))
    path = join(dir, CLUSTER_SETTINGS_FILE)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('defaults to no cluster, a viewer named after the host, when there is no file', async () => {
    expect(await loadDesktopClusterSettings(path)).toEqual({
      settings: { url: '', nodeName: '', role: 'viewer', seed: false },
      problem: null,
    })
    const view = await new DesktopClusterSettingsFile(path, facts).read()
    expect(view).toEqual({
      editable: true,
      settings: defaultDesktopClusterSettings(),
      defaultNodeName: 'laptop.example.org',
      problem: null,
    })
  })

  it('round-trips what is saved', async () => {
    const settings = {
      url: 'nats://10.0.0.5:4222',
      nodeName: 'desk-2',
      role: 'member' as const,
      seed: true,
    }
    await saveDesktopClusterSettings(path, settings)
    expect(await loadDesktopClusterSettings(path)).toEqual({ settings, problem: null })
  })

  it('reports a file that is not JSON or not valid, applies the defaults and keeps the file', async () => {
    await writeFile(path, '{"url": "nats://h:1",')
    const broken = await loadDesktopClusterSettings(path)
    expect(broken.settings).toEqual(defaultDesktopClusterSettings())
    expect(broken.problem).toContain(`${path} was not used: it is not JSON`)

    const invalid = JSON.stringify({ url: 'http://h:1', role: 'boss', extra: 1 })
    await writeFile(path, invalid)
    const wrong = await loadDesktopClusterSettings(path)
    expect(wrong.settings).toEqual(defaultDesktopClusterSettings())
    expect(wrong.problem).toMatch(/url: use nats:\/\/HOST:PORT or tls:\/\/HOST:PORT, not http:/)
    expect(wrong.problem).toMatch(/role: /)
    expect(wrong.problem).toMatch(/extra/)
    // Nothing is lost: the bad file stays as it was until the user saves.
    expect(await readFile(path, 'utf8')).toBe(invalid)
    const view = await new DesktopClusterSettingsFile(path, facts).read()
    expect(view).toMatchObject({ editable: true, problem: wrong.problem })
  })

  it('reports a file that cannot be read', async () => {
    // A directory where the file should be: reading it fails with EISDIR.
    const loaded = await loadDesktopClusterSettings(dir)
    expect(loaded.settings).toEqual(defaultDesktopClusterSettings())
    expect(loaded.problem).toMatch(/it cannot be read/)
  })
})

describe('desktopClusterOptions', () => {
  it('joins nothing without a URL', () => {
    expect(desktopClusterOptions(defaultDesktopClusterSettings(), facts)).toEqual({
      ok: true,
      settings: null,
    })
  })

  it('builds the same settings as the headless host, with the desktop defaults', () => {
    const joined = desktopClusterOptions(
      { ...defaultDesktopClusterSettings(), url: 'nats://h:4222' },
      facts,
    )
    expect(joined).toEqual({
      ok: true,
      settings: {
        servers: ['nats://h:4222'],
        auth: {},
        tls: null,
        name: 'laptop.example.org',
        role: 'viewer',
        seed: false,
        retention: {},
      },
    })
    const member = desktopClusterOptions(
      { url: 'tls://a:1,tls://b:2', nodeName: 'desk-2', role: 'member', seed: true },
      facts,
    )
    expect(member).toMatchObject({
      ok: true,
      settings: {
        servers: ['tls://a:1', 'tls://b:2'],
        tls: {},
        name: 'desk-2',
        role: 'member',
        seed: true,
      },
    })
  })

  it("takes credentials and TLS files from the environment, never the headless host's URL or name", () => {
    const env = {
      VIGIL_CLUSTER: 'nats://elsewhere:1',
      VIGIL_NODE_NAME: 'not-me',
      VIGIL_CLUSTER_CREDS: '/keys/desk.creds',
      VIGIL_CLUSTER_CA: '/keys/ca.pem',
    }
    expect(desktopClusterOptions(defaultDesktopClusterSettings(), { ...facts, env })).toEqual({
      ok: true,
      settings: null,
    })
    expect(
      desktopClusterOptions(
        { ...defaultDesktopClusterSettings(), url: 'nats://h:1' },
        { ...facts, env },
      ),
    ).toMatchObject({
      ok: true,
      settings: {
        servers: ['nats://h:1'],
        name: 'laptop.example.org',
        auth: { credsFile: '/keys/desk.creds' },
        tls: { caFile: '/keys/ca.pem' },
      },
    })
  })
})

describe('cluster settings channels', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-cluster-channels-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('validates what is saved, and saves and reads it back on the desktop', async () => {
    const path = join(dir, CLUSTER_SETTINGS_FILE)
    const handlers = createInvokeHandlers(engine, new DesktopClusterSettingsFile(path, facts))
    const refused = await dispatchInvoke(handlers, 'cluster:save-settings', [
      { url: 'nats://user:secret@h:1', nodeName: 'has space', role: 'viewer', seed: 'yes' },
    ])
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    if (refused.ok) return
    expect(refused.error.issues!.map((issue) => issue.path).sort()).toEqual([
      'nodeName',
      'seed',
      'url',
    ])
    expect(refused.error.issues!.find((issue) => issue.path === 'url')!.message).toMatch(
      /no credentials in the URL/,
    )

    const saved = await dispatchInvoke(handlers, 'cluster:save-settings', [{ url: ' nats://h:1 ' }])
    expect(saved).toEqual({
      ok: true,
      value: {
        editable: true,
        settings: { url: 'nats://h:1', nodeName: '', role: 'viewer', seed: false },
        defaultNodeName: 'laptop.example.org',
        problem: null,
      },
    })
    expect(await dispatchInvoke(handlers, 'cluster:settings', [])).toEqual(saved)
  })

  it('refuses settings that could not be joined with, before saving them', async () => {
    const path = join(dir, CLUSTER_SETTINGS_FILE)
    const unnamed = { hostname: 'bad host name', env: {} }
    const handlers = createInvokeHandlers(engine, new DesktopClusterSettingsFile(path, unnamed))
    const result = await dispatchInvoke(handlers, 'cluster:save-settings', [{ url: 'nats://h:1' }])
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    if (result.ok) return
    expect(result.error.issues).toEqual([
      {
        path: 'nodeName',
        message: 'the host name "bad host name" cannot name this node: give a node name',
      },
    ])
    await expect(readFile(path, 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('answers read-only on the headless host, whose cluster is on its command line', async () => {
    const handlers = createInvokeHandlers(engine)
    const read = await dispatchInvoke(handlers, 'cluster:settings', [])
    expect(read).toMatchObject({ ok: true, value: { editable: false } })
    const save = await dispatchInvoke(handlers, 'cluster:save-settings', [{ url: 'nats://h:1' }])
    expect(save).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    if (save.ok) return
    expect(save.error.message).toMatch(/--cluster/)
  })
})

describe('desktopClusterAtStart', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-cluster-start-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('joins with the stored settings, and runs alone (saying why) when they cannot be used', async () => {
    const path = join(dir, CLUSTER_SETTINGS_FILE)
    const warnings: string[] = []
    const logger = { warn: (message: string) => warnings.push(message) }
    expect(await desktopClusterAtStart(path, facts, logger)).toBeNull()
    expect(warnings).toEqual([])

    await saveDesktopClusterSettings(path, {
      ...defaultDesktopClusterSettings(),
      url: 'nats://h:1',
    })
    expect(await desktopClusterAtStart(path, facts, logger)).toMatchObject({
      servers: ['nats://h:1'],
      name: 'laptop.example.org',
      role: 'viewer',
    })

    await writeFile(path, 'not json')
    expect(await desktopClusterAtStart(path, facts, logger)).toBeNull()
    expect(warnings).toEqual([expect.stringMatching(/^cluster: .* was not used: it is not JSON/)])

    await saveDesktopClusterSettings(path, {
      ...defaultDesktopClusterSettings(),
      url: 'nats://h:1',
    })
    expect(await desktopClusterAtStart(path, { hostname: '-', env: {} }, logger)).toBeNull()
    expect(warnings[1]).toMatch(/^cluster: not joining: the host name "-" cannot name this node/)
  })
})
