import { describe, expect, it } from 'vitest'
import { configSchema, type Config } from '../../shared/config'
import { VigilError } from '../../shared/result'
import type { ClusterConfigStore, VersionedConfig } from './cluster/cluster-port'
import type { ConfigJoin } from './cluster/cluster-port'
import { ClusterConfigSync } from './cluster-config-sync'
import { Emitter } from '../../shared/utils/emitter'
import { silentLogger } from './util/logger'

/** A config told apart by its one source's id. */
const named = (id: string): Config =>
  configSchema.parse({
    version: 1,
    sources: [{ id, name: id, preset: 'generic', url: 'ws://127.0.0.1:9/' }],
  })

/** The cluster's config entry, compare-and-set on its revision like the KV store. */
function fakeCluster() {
  const changes = new Emitter<VersionedConfig>(silentLogger)
  const joins = new Emitter<ConfigJoin>(silentLogger)
  let latest: VersionedConfig | null = null
  const puts: number[] = []
  const config: ClusterConfigStore = {
    current: () => latest,
    async put(next, expected) {
      puts.push(expected)
      if ((latest?.revision ?? 0) !== expected)
        throw new VigilError('conflict', 'another host changed the config first')
      latest = { config: next, revision: expected + 1 }
      changes.fire(latest)
      return latest.revision
    },
    onDidChange: changes.event,
  }
  return {
    node: { config, onDidJoinConfig: joins.event },
    puts,
    /** Another host writes. */
    remote(next: Config) {
      latest = { config: next, revision: (latest?.revision ?? 0) + 1 }
      changes.fire(latest)
    },
    join: (join: ConfigJoin) => joins.fire(join),
  }
}

function start(cluster: ReturnType<typeof fakeCluster>) {
  let chain: Promise<unknown> = Promise.resolve()
  const applied: Config[] = []
  const serialise = (change: () => Promise<void>) => {
    const run = chain.then(change)
    chain = run.catch(() => {})
    return run
  }
  const sync = new ClusterConfigSync({
    cluster: cluster.node,
    serialise,
    apply: async (config) => applied.push(config),
    logger: silentLogger,
  })
  return { sync, applied, serialise }
}

describe('ClusterConfigSync', () => {
  it('keeps a host on an empty cluster to its own config, until one arrives', async () => {
    const cluster = fakeCluster()
    const { sync, applied } = start(cluster)
    cluster.join({ kind: 'empty', message: '' })
    await sync.share(named('dark'))
    expect(cluster.puts).toEqual([])
    cluster.remote(named('light'))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(applied).toEqual([named('light')])
    expect(sync.version).toBe(1)
  })

  it('shares a change on the version it runs, and does not apply its own back', async () => {
    const cluster = fakeCluster()
    const { sync, applied, serialise } = start(cluster)
    cluster.remote(named('light'))
    cluster.join({ kind: 'adopted', revision: 1, differs: true, message: '' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(applied).toEqual([named('light')])
    // As ConfigDocument.commit does: inside the document's turn.
    await serialise(() => sync.share(named('dark')))
    expect(cluster.puts).toEqual([1])
    expect(sync.version).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(applied).toEqual([named('light')])
  })

  it('refuses a local change queued before a newer cluster config, then applies that one', async () => {
    const cluster = fakeCluster()
    const { sync, applied, serialise } = start(cluster)
    cluster.remote(named('light'))
    cluster.join({ kind: 'adopted', revision: 1, differs: false, message: '' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    // A local change is waiting its turn when another host's change arrives: it was made on
    // version 1, so the cluster refuses it rather than let it undo version 2.
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const local = serialise(async () => {
      await gate
      await sync.share(named('dark'))
    })
    cluster.remote(named('light'))
    release()
    await expect(local).rejects.toMatchObject({ code: 'conflict' })
    expect(cluster.puts).toEqual([1])
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(sync.version).toBe(2)
    expect(applied).toHaveLength(2)
  })

  it('checks the version the caller names (If-Match)', async () => {
    const cluster = fakeCluster()
    const { sync } = start(cluster)
    cluster.remote(named('light'))
    cluster.remote(named('dark'))
    cluster.join({ kind: 'adopted', revision: 2, differs: false, message: '' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    await expect(sync.share(named('light'), 1)).rejects.toMatchObject({ code: 'conflict' })
    await expect(sync.share(named('light'), 2)).resolves.toBeUndefined()
    expect(cluster.puts).toEqual([1, 2])
  })
})
