import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VigilError } from '../../../shared/result'
import { waitFor } from '../testing/test-server'
import type { ClusterNotification, ReadChange } from './cluster-port'
import { startClusterHarness, type ClusterHarness } from './testing/cluster-harness'
import { natsServerMissing } from './testing/nats-server'

const firing = {
  triggerId: 'headshots',
  sourceId: 's1',
  title: 'Headshot',
  body: 'by 5428010618015189713',
  urgency: 'normal' as const,
  firedAt: 1_700_000_000_000,
}

describe.skipIf(natsServerMissing())('cluster notifications (real nats-server)', () => {
  let harness: ClusterHarness
  beforeEach(async () => {
    harness = await startClusterHarness()
  })
  afterEach(() => harness.dispose())

  it('shows each firing once on every other host, and shares what was read', async () => {
    const alpha = await harness.node('alpha')
    const desktops = await Promise.all(
      ['beta', 'gamma'].map((name) => harness.node(name, { role: 'viewer' })),
    )
    const shown = new Map<string, ClusterNotification[]>()
    const reads = new Map<string, ReadChange[]>()
    for (const node of [alpha, ...desktops]) {
      shown.set(node.name, [])
      reads.set(node.name, [])
      node.onDidReceiveNotification((n) => shown.get(node.name)!.push(n))
      node.onDidChangeReadState((change) => reads.get(node.name)!.push(change))
    }
    const first = alpha.publishNotification(firing)
    const second = alpha.publishNotification({ ...firing, firedAt: firing.firedAt + 1 })
    expect(first).not.toBe(second)
    await waitFor(
      () => desktops.every((node) => shown.get(node.name)!.length === 2),
      'both firings on both desktops',
    )
    // Each is shown once per host (no redelivery reaches the user twice), and not back home.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(shown.get('beta')!.map((n) => n.key)).toEqual([first, second])
    expect(shown.get('gamma')!.map((n) => n.key)).toEqual([first, second])
    expect(shown.get('alpha')).toEqual([])
    expect(shown.get('beta')![0]).toMatchObject({ ...firing, key: first, origin: 'alpha' })

    // Read on one desktop: read everywhere.
    await desktops[0]!.markRead({ key: first, read: true })
    await waitFor(
      () => [alpha, desktops[1]!].every((node) => node.isRead(first, firing.firedAt)),
      'the read state everywhere',
      2_000,
    )
    expect(reads.get('gamma')).toEqual([{ key: first, read: true }])
    expect(desktops[1]!.isRead(second, firing.firedAt + 1)).toBe(false)

    // Mark all read, then one unread again.
    await desktops[1]!.markRead({ allFiredUpTo: firing.firedAt + 1 })
    await waitFor(() => desktops[0]!.isRead(second, firing.firedAt + 1), '"all read" on beta')
    await alpha.markRead({ key: second, read: false })
    await waitFor(() => !desktops[0]!.isRead(second, firing.firedAt + 1), 'unread again on beta')
    expect(desktops[0]!.isRead(first, firing.firedAt)).toBe(true)
  })

  it('refuses a key that names no notification, and read state while NATS is away', async () => {
    const alpha = await harness.node('alpha')
    const refused = await alpha.markRead({ key: 'a b', read: true }).catch((e: unknown) => e)
    expect((refused as VigilError).code).toBe('invalid-argument')
    await harness.server.stop()
    await waitFor(() => !alpha.status().connected, 'the disconnect')
    const away = await alpha.markRead({ key: 'alpha_x_1', read: true }).catch((e: unknown) => e)
    expect((away as VigilError).code).toBe('unavailable')
  })
})
