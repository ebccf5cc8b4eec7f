/**
 * The engine side of every invoke channel. Handlers receive arguments already validated against
 * shared/ipc-schemas.ts; both transports (Electron IPC and the headless bridge) call these through
 * `dispatchInvoke`, so a channel behaves the same whichever way it arrives.
 */

import type { SourceView } from '../../../shared/domain'
import type { InvokeChannel, InvokeResult } from '../../../shared/ipc'
import { PRESET_DESCRIPTORS } from '../../../shared/presets'
import type { ValidInvokeArgs } from '../../../shared/ipc-schemas'
import type { Engine } from '../engine'
import {
  commandLineClusterSettings,
  type ClusterSettingsAccess,
} from '../cluster/desktop-cluster-settings'

export type InvokeHandlers = {
  [K in InvokeChannel]: (...args: ValidInvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
}

/**
 * `clusterSettings`: where this host keeps its cluster settings; the desktop app passes its
 * per-machine file, the headless host (whose cluster is on its command line) nothing.
 */
export function createInvokeHandlers(
  engine: Engine,
  clusterSettings: ClusterSettingsAccess = commandLineClusterSettings,
): InvokeHandlers {
  const { monitor } = engine
  // In a cluster, who holds each source (null on a single host): GET /api/sources shows it.
  const held = (view: SourceView): SourceView => ({
    ...view,
    holder: engine.cluster?.holderOf(view.id) ?? null,
  })
  return {
    'app:info': () => engine.info(),
    'source:list': () => monitor.list().map(held),
    'source:save': async (source) => held(await engine.saveSource(source)),
    'source:remove': (id) => engine.removeSource(id),
    'source:connect': (id) => held(monitor.connect(id)),
    'source:disconnect': (id) => held(monitor.disconnect(id)),
    'source:retry': (id) => held(monitor.retry(id)),
    'source:timeline': (id) => monitor.timeline(id),
    'source:test': (request) => engine.sourceTests.test(request.source, request.secrets),
    'event:recent': async (query) => (await engine.historyQueries.search(query)).events,
    'config:get': () => engine.config,
    'config:replace': (config) => engine.replaceConfig(config),
    'source:send': (id, text) => monitor.send(id, text),
    'secret:set': (ref, value) => engine.setSecret(ref, value),
    'secret:delete': (ref) => engine.deleteSecret(ref),
    'secret:list': () => engine.secrets.list(),
    'source:pause-all': () => monitor.pauseAll().map(held),
    'source:resume-all': () => monitor.resumeAll().map(held),
    'trigger:list': () => engine.triggers.list(),
    'trigger:save': (trigger) => engine.triggerCommands.save(trigger),
    'trigger:remove': (id) => engine.triggerCommands.remove(id),
    'trigger:backtest': (draft, limit, options) =>
      engine.triggerCommands.backtest(draft, limit, options),
    'trigger:near-misses': (id) => engine.triggers.nearMisses(id),
    'trigger:near-miss-report': (id) => engine.triggers.nearMissReport(id),
    'trigger:snooze': (id, until) => engine.triggerCommands.snooze(id, until),
    'trigger:set-enabled': (id, enabled) => engine.triggerCommands.setEnabled(id, enabled),
    'notification:list': (query) => engine.triggers.notifications.list(query),
    'notification:mark-read': (ids) => engine.triggerCommands.markNotificationsRead(ids),
    'notification:mark-unread': (ids) => engine.triggerCommands.markNotificationsUnread(ids),
    'notification:unread-count': (query) => engine.triggers.notifications.unreadCount(query),
    'event:search': (query) => engine.historyQueries.search(query),
    'history:export': (request) => engine.historyQueries.exportToFile(request),
    'config:export': () => engine.exportConfig(),
    'config:preview-import': (document) => engine.previewImport(document),
    'config:import': (document) => engine.importConfig(document),
    'recording:start': (sourceId) => engine.startRecording(sourceId),
    'recording:stop': (sourceId) => engine.recorder.stop(sourceId),
    'recording:list': () => engine.recorder.list(),
    'recording:replay': (request) => engine.replayRecording(request),
    'catalogue:get': (query) => engine.catalogue.get(query),
    'preset:list': () => [...PRESET_DESCRIPTORS],
    'history:status': () => engine.history?.status() ?? null,
    'cluster:status': () => engine.cluster?.view() ?? { enabled: false },
    'cluster:settings': () => clusterSettings.read(),
    'cluster:save-settings': (settings) => clusterSettings.save(settings),
    'file:take-opened': (token) => engine.openedFiles.take(token),
  }
}
