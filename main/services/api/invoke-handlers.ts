/**
 * The engine side of every invoke channel. Handlers receive arguments already validated against
 * shared/ipc-schemas.ts; both transports (Electron IPC and the headless bridge) call these through
 * `dispatchInvoke`, so a channel behaves the same whichever way it arrives.
 */

import type { SourceView } from '../../../shared/domain'
import type { InvokeChannel, InvokeResult } from '../../../shared/ipc'
import { PRESET_DESCRIPTORS } from '../../../shared/presets'
import type { ValidInvokeArgs } from '../../../shared/ipc-schemas'
import {
  commandLineClusterSettings,
  type ClusterSettingsAccess,
} from '../cluster/desktop-cluster-settings'
import type { ContractPort } from '../engine-ports'

export type InvokeHandlers = {
  [K in InvokeChannel]: (...args: ValidInvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
}

/**
 * The handler table over the engine's facade: each engine channel is one call on `ContractPort`.
 * `clusterSettings`: where this host keeps its cluster settings; the desktop app passes its
 * per-machine file, the headless host (whose cluster is on its command line) nothing.
 */
export function createInvokeHandlers(
  engine: ContractPort,
  clusterSettings: ClusterSettingsAccess = commandLineClusterSettings,
): InvokeHandlers {
  // In a cluster, who holds each source (null on a single host): GET /api/sources shows it.
  const held = (view: SourceView): SourceView => ({
    ...view,
    holder: engine.sourceHolder(view.id),
  })
  return {
    'app:info': () => engine.info(),
    'source:list': () => engine.listSources().map(held),
    'source:save': async (source) => held(await engine.saveSource(source)),
    'source:remove': (id) => engine.removeSource(id),
    'source:connect': (id) => held(engine.connectSource(id)),
    'source:disconnect': (id) => held(engine.disconnectSource(id)),
    'source:retry': (id) => held(engine.retrySource(id)),
    'source:timeline': (id) => engine.sourceTimeline(id),
    'source:test': (request) => engine.testSource(request.source, request.secrets),
    'event:recent': async (query) => (await engine.searchEvents(query)).events,
    'config:get': () => engine.config,
    'config:replace': (config) => engine.replaceConfig(config),
    'source:send': (id, text) => engine.sendToSource(id, text),
    'secret:set': (ref, value) => engine.setSecret(ref, value),
    'secret:delete': (ref) => engine.deleteSecret(ref),
    'secret:list': () => engine.listSecrets(),
    'source:pause-all': () => engine.pauseAll().map(held),
    'source:resume-all': () => engine.resumeAll().map(held),
    'trigger:list': () => engine.listTriggers(),
    'trigger:save': (trigger) => engine.saveTrigger(trigger),
    'trigger:remove': (id) => engine.removeTrigger(id),
    'trigger:backtest': (draft, limit, options) => engine.backtestTrigger(draft, limit, options),
    'trigger:near-misses': (id) => engine.triggerNearMisses(id),
    'trigger:near-miss-report': (id) => engine.triggerNearMissReport(id),
    'trigger:snooze': (id, until) => engine.snoozeTrigger(id, until),
    'trigger:set-enabled': (id, enabled) => engine.setTriggerEnabled(id, enabled),
    'notification:list': (query) => engine.listNotifications(query),
    'notification:mark-read': (ids) => engine.markNotificationsRead(ids),
    'notification:mark-unread': (ids) => engine.markNotificationsUnread(ids),
    'notification:unread-count': (query) => engine.unreadNotificationCount(query),
    'event:search': (query) => engine.searchEvents(query),
    'history:export': (request) => engine.exportHistory(request),
    'config:export': () => engine.exportConfig(),
    'config:preview-import': (document) => engine.previewImport(document),
    'config:import': (document, options) => engine.importConfig(document, options),
    'recording:start': (sourceId) => engine.startRecording(sourceId),
    'recording:stop': (sourceId) => engine.stopRecording(sourceId),
    'recording:list': () => engine.listRecordings(),
    'recording:replay': (request) => engine.replayRecording(request),
    'catalogue:get': (query) => engine.fieldCatalogue(query),
    'preset:list': () => [...PRESET_DESCRIPTORS],
    'history:status': () => engine.historyStatus(),
    'cluster:status': () => engine.clusterStatus(),
    'cluster:settings': () => clusterSettings.read(),
    'cluster:save-settings': (settings) => clusterSettings.save(settings),
    'file:take-opened': (token) => engine.takeOpenedFile(token),
  }
}
