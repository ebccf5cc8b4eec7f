import { vi } from 'vitest'
import type { CatalogueEntry } from '../../shared/catalogue'
import type { NotificationView } from '../../shared/domain'
import type { PresetDescriptor } from '../../shared/preset-descriptor'
import type { Events } from '../../shared/ipc'
import type {
  BacktestReport,
  NearMiss,
  NearMissReport,
  SoundCue,
  TriggerView,
} from '../../shared/trigger-views'
import { ApiError } from '../api-error'
import { fake } from './fake-api'

type Listener<T> = (value: T) => void

/**
 * renderer/api.ts's trigger and notification functions, on top of the base fake (fake-api.ts),
 * which they share `log` and `reset` with. Install with
 * `vi.mock('../api', async () => (await import('../test/fake-trigger-api')).fakeApi)`; the real
 * `ApiError` comes with it, so a test can make a call fail the way the contract does.
 */
function createTriggerFake() {
  const log = fake.log
  const listeners = {
    notificationFired: new Set<Listener<NotificationView>>(),
    notificationRead: new Set<Listener<Events['notification:read']>>(),
    notificationUnread: new Set<Listener<Events['notification:unread']>>(),
    soundPlay: new Set<Listener<SoundCue>>(),
    triggersChanged: new Set<Listener<TriggerView[]>>(),
    triggerRemoved: new Set<Listener<{ id: string }>>(),
  }

  function subscriber<T>(name: string, set: Set<Listener<T>>) {
    return (listener: Listener<T>) => {
      log.push(`on:${name}`)
      set.add(listener)
      return () => set.delete(listener)
    }
  }

  function logged<A extends unknown[], R>(name: string, answer: (...args: A) => R) {
    return vi.fn(async (...args: A): Promise<R> => {
      log.push(`call:${name}`)
      return answer(...args)
    })
  }

  const defaults = {
    listTriggers: () => [] as TriggerView[],
    saveTrigger: (_trigger: unknown): TriggerView => {
      throw new Error('saveTrigger not stubbed')
    },
    removeTrigger: (_id: string) => null,
    backtestTrigger: (_draft: unknown, _limit: number): BacktestReport => {
      throw new Error('backtestTrigger not stubbed')
    },
    triggerNearMisses: (_id: string) => [] as NearMiss[],
    triggerNearMissReport: (_id: string): NearMissReport => ({
      nearMisses: [],
      summary: { events: 0, leaves: [] },
    }),
    snoozeTrigger: (_id: string, _until: number | null): TriggerView => {
      throw new Error('snoozeTrigger not stubbed')
    },
    setTriggerEnabled: (_id: string, _enabled: boolean): TriggerView => {
      throw new Error('setTriggerEnabled not stubbed')
    },
    listNotifications: (_query: unknown) => [] as NotificationView[],
    markNotificationsRead: (_ids: number[] | 'all') => 0,
    markNotificationsUnread: (_ids: number[]) => 0,
    unreadNotificationCount: (_query?: unknown) => 0,
    getCatalogue: (_query?: unknown) => [] as CatalogueEntry[],
    listPresets: () => [] as PresetDescriptor[],
  }

  const api = {
    listTriggers: logged('listTriggers', defaults.listTriggers),
    saveTrigger: logged('saveTrigger', defaults.saveTrigger),
    removeTrigger: logged('removeTrigger', defaults.removeTrigger),
    backtestTrigger: logged('backtestTrigger', defaults.backtestTrigger),
    triggerNearMisses: logged('triggerNearMisses', defaults.triggerNearMisses),
    triggerNearMissReport: logged('triggerNearMissReport', defaults.triggerNearMissReport),
    snoozeTrigger: logged('snoozeTrigger', defaults.snoozeTrigger),
    setTriggerEnabled: logged('setTriggerEnabled', defaults.setTriggerEnabled),
    listNotifications: logged('listNotifications', defaults.listNotifications),
    markNotificationsRead: logged('markNotificationsRead', defaults.markNotificationsRead),
    markNotificationsUnread: logged('markNotificationsUnread', defaults.markNotificationsUnread),
    unreadNotificationCount: logged('unreadNotificationCount', defaults.unreadNotificationCount),
    getCatalogue: logged('getCatalogue', defaults.getCatalogue),
    listPresets: logged('listPresets', defaults.listPresets),
    onNotificationFired: subscriber('notification:fired', listeners.notificationFired),
    onNotificationRead: subscriber('notification:read', listeners.notificationRead),
    onNotificationUnread: subscriber('notification:unread', listeners.notificationUnread),
    onSoundPlay: subscriber('sound:play', listeners.soundPlay),
    onTriggersChanged: subscriber('trigger:changed', listeners.triggersChanged),
    onTriggerRemoved: subscriber('trigger:removed', listeners.triggerRemoved),
  }

  const push = {
    notificationFired: (n: NotificationView) => listeners.notificationFired.forEach((l) => l(n)),
    notificationRead: (read: Events['notification:read']) =>
      listeners.notificationRead.forEach((l) => l(read)),
    notificationUnread: (unread: Events['notification:unread']) =>
      listeners.notificationUnread.forEach((l) => l(unread)),
    soundPlay: (cue: SoundCue) => listeners.soundPlay.forEach((l) => l(cue)),
    triggersChanged: (views: TriggerView[]) => listeners.triggersChanged.forEach((l) => l(views)),
    triggerRemoved: (id: string) => listeners.triggerRemoved.forEach((l) => l({ id })),
  }

  function reset(): void {
    fake.reset()
    for (const set of Object.values(listeners)) set.clear()
    for (const [name, fn] of Object.entries(api)) {
      if (!name.startsWith('on')) {
        const mock = fn as ReturnType<typeof vi.fn>
        mock.mockReset()
        const answer = defaults[name as keyof typeof defaults] as (...args: unknown[]) => unknown
        mock.mockImplementation(async (...args: unknown[]) => {
          log.push(`call:${name}`)
          return answer(...args)
        })
      }
    }
  }

  return { api, push, log, reset }
}

export const triggerFake = createTriggerFake()
export const fakeApi = { ...fake.api, ...triggerFake.api, ApiError }
