import { vi } from 'vitest'
import { emptyConfig, type Config } from '../../shared/config'
import type { EventBatch, SendReceipt, SourceView, VigilEvent } from '../../shared/domain'
import type { ConfigExport, ImportPreview } from '../../shared/config-transfer'
import type { EventPage, ExportRequest, ExportResult } from '../../shared/history'
import type { HistoryStatus } from '../../shared/history-status'
import type { ClusterView } from '../../shared/cluster'
import {
  defaultDesktopClusterSettings,
  type ClusterSettingsView,
  type DesktopClusterSettingsInput,
} from '../../shared/cluster-settings'
import type { OpenEventRequest } from '../../shared/ipc'
import type { OpenedFileContent, OpenedFileNotice } from '../../shared/opened-file'
import type { PresetDescriptor } from '../../shared/preset-descriptor'
import { PRESET_DESCRIPTORS } from '../../shared/presets'
import type { RecordingInfo, ReplayRequest } from '../../shared/recording'
import type { SourceTestReport, SourceTestRequest } from '../../shared/source-test'
import type { SourceTimelineEntry } from '../../shared/source-timeline'

type Listener<T> = (value: T) => void

/**
 * A stand-in for renderer/api.ts. Tests install it with
 * `vi.mock('../api', async () => (await import('../test/fake-api')).fakeApi)` and play the engine
 * through `push`. `log` records subscriptions and calls in order, to check subscribe-first.
 */
function createFakeApi() {
  const log: string[] = []
  const listeners = {
    sourceChanged: new Set<Listener<SourceView>>(),
    sourceRemoved: new Set<Listener<{ id: string }>>(),
    eventBatch: new Set<Listener<EventBatch>>(),
    reconnect: new Set<Listener<void>>(),
    openEvent: new Set<Listener<OpenEventRequest>>(),
    openFile: new Set<Listener<OpenedFileNotice>>(),
    historyStatus: new Set<Listener<HistoryStatus>>(),
    clusterStatus: new Set<Listener<ClusterView>>(),
  }

  function subscriber<T>(name: string, set: Set<Listener<T>>) {
    return (listener: Listener<T>) => {
      log.push(`on:${name}`)
      set.add(listener)
      return () => set.delete(listener)
    }
  }

  const api = {
    listSources: vi.fn(async (): Promise<SourceView[]> => []),
    recentEvents: vi.fn(async (): Promise<VigilEvent[]> => []),
    connectSource: vi.fn(async (id: string): Promise<SourceView> => {
      throw new Error(`connect ${id} not stubbed`)
    }),
    disconnectSource: vi.fn(async (id: string): Promise<SourceView> => {
      throw new Error(`disconnect ${id} not stubbed`)
    }),
    retrySource: vi.fn(async (id: string): Promise<SourceView> => {
      throw new Error(`retry ${id} not stubbed`)
    }),
    sourceTimeline: vi.fn(async (_id: string): Promise<SourceTimelineEntry[]> => []),
    testSource: vi.fn(async (_request: SourceTestRequest): Promise<SourceTestReport> => {
      throw new Error('testSource not stubbed')
    }),
    saveSource: vi.fn(async (_draft: unknown): Promise<SourceView> => {
      throw new Error('saveSource not stubbed')
    }),
    removeSource: vi.fn(async (_id: string): Promise<null> => null),
    sendToSource: vi.fn(async (_id: string, _text: string): Promise<SendReceipt> => ({
      status: 'sent',
    })),
    setSecret: vi.fn(async (_ref: string, _value: string): Promise<null> => null),
    listSecrets: vi.fn(async (): Promise<string[]> => []),
    // The engine answers the descriptors the renderer's bundle also has.
    listPresets: vi.fn(async (): Promise<PresetDescriptor[]> => [...PRESET_DESCRIPTORS]),
    getConfig: vi.fn(async (): Promise<Config> => emptyConfig()),
    replaceConfig: vi.fn(async (config: unknown): Promise<Config> => config as Config),
    searchEvents: vi.fn(async (_query: unknown): Promise<EventPage> => ({
      events: [],
      next: null,
    })),
    exportHistory: vi.fn(async (_request: ExportRequest): Promise<ExportResult> => {
      throw new Error('exportHistory not stubbed')
    }),
    listRecordings: vi.fn(async (): Promise<RecordingInfo[]> => []),
    startRecording: vi.fn(async (_id: string): Promise<RecordingInfo> => {
      throw new Error('startRecording not stubbed')
    }),
    stopRecording: vi.fn(async (_id: string): Promise<RecordingInfo> => {
      throw new Error('stopRecording not stubbed')
    }),
    takeOpenedFile: vi.fn(async (_token: string): Promise<OpenedFileContent> => {
      throw new Error('takeOpenedFile not stubbed')
    }),
    replayRecording: vi.fn(async (_request: ReplayRequest): Promise<SourceView> => {
      throw new Error('replayRecording not stubbed')
    }),
    exportConfig: vi.fn(async (): Promise<ConfigExport> => ({
      config: emptyConfig(),
      secretRefs: [],
      exportedAt: 0,
    })),
    previewConfigImport: vi.fn(async (_document: unknown): Promise<ImportPreview> => {
      throw new Error('previewConfigImport not stubbed')
    }),
    importConfig: vi.fn(async (document: unknown): Promise<Config> => document as Config),
    getAppInfo: vi.fn(),
    getHistoryStatus: vi.fn(async (): Promise<HistoryStatus | null> => null),
    connectionStatus: vi.fn(() => 'open' as const),
    onConnectionChange: vi.fn(() => () => {}),
    signIn: vi.fn(async (_token: string): Promise<void> => {}),
    onSourceChanged: subscriber('source:changed', listeners.sourceChanged),
    onSourceRemoved: subscriber('source:removed', listeners.sourceRemoved),
    onEventBatch: subscriber('event:batch', listeners.eventBatch),
    onReconnect: subscriber('reconnect', listeners.reconnect),
    onOpenEvent: subscriber('ui:open-event', listeners.openEvent),
    onOpenFile: subscriber('ui:open-file', listeners.openFile),
    onHistoryStatus: subscriber('history:status', listeners.historyStatus),
    getClusterStatus: vi.fn(async (): Promise<ClusterView> => ({ enabled: false })),
    onClusterStatus: subscriber('cluster:status', listeners.clusterStatus),
    getClusterSettings: vi.fn(async (): Promise<ClusterSettingsView> => desktopClusterView()),
    saveClusterSettings: vi.fn(
      async (_settings: DesktopClusterSettingsInput): Promise<ClusterSettingsView> => {
        throw new Error('saveClusterSettings not stubbed')
      },
    ),
    markReady: vi.fn(),
  }

  const push = {
    sourceChanged: (view: SourceView) => listeners.sourceChanged.forEach((l) => l(view)),
    sourceRemoved: (id: string) => listeners.sourceRemoved.forEach((l) => l({ id })),
    eventBatch: (batch: EventBatch) => listeners.eventBatch.forEach((l) => l(batch)),
    reconnect: () => listeners.reconnect.forEach((l) => l()),
    openEvent: (request: OpenEventRequest) => listeners.openEvent.forEach((l) => l(request)),
    openFile: (notice: OpenedFileNotice) => listeners.openFile.forEach((l) => l(notice)),
    historyStatus: (status: HistoryStatus) => listeners.historyStatus.forEach((l) => l(status)),
    clusterStatus: (status: ClusterView) => listeners.clusterStatus.forEach((l) => l(status)),
  }

  function reset(): void {
    log.length = 0
    for (const set of Object.values(listeners)) set.clear()
    api.listSources.mockReset()
    api.listSources.mockImplementation(async () => {
      log.push('call:listSources')
      return []
    })
    api.recentEvents.mockReset()
    api.recentEvents.mockImplementation(async () => {
      log.push('call:recentEvents')
      return []
    })
    api.connectSource.mockClear()
    api.disconnectSource.mockClear()
    api.retrySource.mockClear()
    for (const mock of [
      api.sourceTimeline,
      api.testSource,
      api.saveSource,
      api.removeSource,
      api.sendToSource,
      api.setSecret,
      api.listSecrets,
      api.listPresets,
      api.signIn,
      api.getConfig,
      api.replaceConfig,
      api.searchEvents,
      api.exportHistory,
      api.listRecordings,
      api.startRecording,
      api.stopRecording,
      api.replayRecording,
      api.takeOpenedFile,
      api.exportConfig,
      api.previewConfigImport,
      api.importConfig,
      api.getHistoryStatus,
      api.getClusterStatus,
      api.getClusterSettings,
      api.saveClusterSettings,
    ]) {
      mock.mockReset()
    }
    api.saveSource.mockImplementation(async () => {
      throw new Error('saveSource not stubbed')
    })
    api.sourceTimeline.mockImplementation(async () => [])
    api.testSource.mockImplementation(async () => {
      throw new Error('testSource not stubbed')
    })
    api.removeSource.mockImplementation(async () => null)
    api.sendToSource.mockImplementation(async () => ({ status: 'sent' }))
    api.setSecret.mockImplementation(async () => null)
    api.listSecrets.mockImplementation(async () => [])
    api.listPresets.mockImplementation(async () => [...PRESET_DESCRIPTORS])
    api.signIn.mockImplementation(async () => {})
    api.getConfig.mockImplementation(async () => emptyConfig())
    api.replaceConfig.mockImplementation(async (config: unknown) => config as Config)
    api.searchEvents.mockImplementation(async () => ({ events: [], next: null }))
    api.exportHistory.mockImplementation(async () => {
      throw new Error('exportHistory not stubbed')
    })
    api.listRecordings.mockImplementation(async () => [])
    api.exportConfig.mockImplementation(async () => ({
      config: emptyConfig(),
      secretRefs: [],
      exportedAt: 0,
    }))
    api.importConfig.mockImplementation(async (document: unknown) => document as Config)
    api.getHistoryStatus.mockImplementation(async () => null)
    api.getClusterStatus.mockImplementation(async () => ({ enabled: false }))
    api.getClusterSettings.mockImplementation(async () => desktopClusterView())
    api.saveClusterSettings.mockImplementation(async () => {
      throw new Error('saveClusterSettings not stubbed')
    })
  }

  reset()
  return { api, push, log, reset }
}

/** A desktop app that joins no cluster yet, on host `desk-1`. */
function desktopClusterView(): ClusterSettingsView {
  return {
    editable: true,
    settings: defaultDesktopClusterSettings(),
    defaultNodeName: 'desk-1',
    problem: null,
  }
}

export const fake = createFakeApi()
export const fakeApi = fake.api
