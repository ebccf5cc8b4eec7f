import { describe, expect, it } from 'vitest'
import type { NotificationView, SourceState } from '../../shared/domain'
import { trayMenuModel, trayStatus, trayTooltip } from './tray-status'

const s = (state: SourceState, enabled = true) => ({ state, enabled })

const notification = (id: number, title: string, read = false): NotificationView => ({
  id,
  triggerId: 't',
  eventId: id * 10,
  sourceId: 'src',
  title,
  body: '',
  urgency: 'normal',
  firedAt: 0,
  read,
})

describe('trayStatus', () => {
  it.each([
    [[], 'ok'],
    [[s('open'), s('open')], 'ok'],
    [[s('open'), s('connecting'), s('authenticating')], 'ok'],
    [[s('open'), s('stale')], 'degraded'],
    [[s('open'), s('reconnecting')], 'degraded'],
    [[s('stale'), s('failed'), s('reconnecting')], 'failed'],
    [[s('closed'), s('failed')], 'failed'],
    [[s('closed'), s('closed')], 'paused'],
    [[s('closed'), s('idle', false)], 'paused'],
    [[s('open'), s('closed')], 'ok'],
    // Only disabled sources: nothing is paused, there is just nothing to watch.
    [[s('idle', false)], 'ok'],
    [[s('closed', false)], 'ok'],
  ] as const)('%j is %s', (sources, status) => {
    expect(trayStatus(sources)).toBe(status)
  })
})

describe('trayTooltip', () => {
  it('counts sources by state, problems first, with the unread count', () => {
    expect(trayTooltip([s('open'), s('failed'), s('open'), s('closed')], 4)).toBe(
      'Vigil: 4 sources (1 failed, 2 open, 1 paused), 4 unread',
    )
    expect(trayTooltip([s('reconnecting')], 0)).toBe('Vigil: 1 source (1 reconnecting)')
    expect(trayTooltip([], 0)).toBe('Vigil: no sources')
  })

  it('stays within the 127 characters Windows shows, whatever the mix', () => {
    const all = (['open', 'stale', 'reconnecting', 'failed', 'closed', 'idle'] as const).map((x) =>
      s(x),
    )
    expect(trayTooltip([...all, ...all], 123_456).length).toBeLessThan(128)
  })
})

describe('trayMenuModel', () => {
  it('offers pause while anything is active and resume once everything is paused', () => {
    expect(trayMenuModel([s('open'), s('closed')], [], 0).toggle).toBe('pause')
    expect(trayMenuModel([s('reconnecting')], [], 0).toggle).toBe('pause')
    expect(trayMenuModel([s('closed'), s('closed')], [], 0).toggle).toBe('resume')
    expect(trayMenuModel([s('idle', false)], [], 0).toggle).toBeNull()
    expect(trayMenuModel([], [], 0).toggle).toBeNull()
  })

  it('lists the newest few notifications, marking unread and escaping accelerators', () => {
    const recent = [
      notification(9, 'Base captured & held'),
      notification(8, 'x'.repeat(80), true),
      ...[7, 6, 5, 4].map((id) => notification(id, `n${id}`)),
    ]
    const model = trayMenuModel([s('open')], recent, 5)
    expect(model.notifications.map((n) => n.notification.id)).toEqual([9, 8, 7, 6, 5])
    expect(model.notifications[0]!.label).toBe('• Base captured && held')
    expect(model.notifications[1]!.label).toHaveLength(60)
    expect(model.notifications[1]!.label.endsWith('…')).toBe(true)
    expect(model.unread).toBe(5)
  })
})
