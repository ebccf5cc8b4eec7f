/**
 * The engine side of every invoke channel. Handlers receive arguments already validated against
 * shared/ipc-schemas.ts; both transports (Electron IPC and the headless bridge) call these through
 * `dispatchInvoke`, so a channel behaves the same whichever way it arrives.
 */

import type { InvokeChannel, InvokeResult } from '../../../shared/ipc'
import type { ValidInvokeArgs } from '../../../shared/ipc-schemas'
import type { Engine } from '../engine'

export type InvokeHandlers = {
  [K in InvokeChannel]: (...args: ValidInvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>>
}

export function createInvokeHandlers(engine: Engine): InvokeHandlers {
  const { monitor } = engine
  return {
    'app:info': () => engine.info(),
    'source:list': () => monitor.list(),
    'source:save': (source) => engine.saveSource(source),
    'source:remove': (id) => engine.removeSource(id),
    'source:connect': (id) => monitor.connect(id),
    'source:disconnect': (id) => monitor.disconnect(id),
    'event:recent': async (query) => (await engine.searchEvents(query)).events,
    'config:get': () => engine.config,
    'config:replace': (config) => engine.replaceConfig(config),
    'event:search': (query) => engine.searchEvents(query),
    'history:export': (request) => engine.exportHistory(request),
    'config:export': () => engine.exportConfig(),
    'config:preview-import': (document) => engine.previewImport(document),
    'config:import': (document) => engine.importConfig(document),
    'recording:start': (sourceId) => engine.startRecording(sourceId),
    'recording:stop': (sourceId) => engine.stopRecording(sourceId),
    'recording:list': () => engine.listRecordings(),
    'recording:replay': (request) => engine.replayRecording(request),
    'catalogue:get': (query) => engine.catalogue.get(query),
  }
}
