/**
 * A ClusterNode played by a test: it decides the leases, records what is published and the read
 * marks made, and delivers firings and read changes "from other hosts" when the test fires them.
 * Test-only.
 */

import { Emitter } from '../../../../shared/utils/emitter'
import { silentLogger } from '../../util/logger'
import type {
  ClusterEventDraft,
  ClusterMember,
  ClusterNode,
  ClusterNotification,
  ClusterNotificationDraft,
  ConfigJoin,
  LeaseChange,
  ReadChange,
  RemoteEvent,
  SourceMove,
} from '../cluster-port'

export function fakeClusterNode() {
  const leases = new Emitter<LeaseChange>(silentLogger)
  const remote = new Emitter<RemoteEvent>(silentLogger)
  const connection = new Emitter<boolean>(silentLogger)
  const moves = new Emitter<SourceMove>(silentLogger)
  const hold = new Emitter<boolean>(silentLogger)
  const notifications = new Emitter<ClusterNotification>(silentLogger)
  const readChanges = new Emitter<ReadChange>(silentLogger)
  const published: ClusterEventDraft[] = []
  const firings: ClusterNotificationDraft[] = []
  const marks: ReadChange[] = []
  /** The shared read state, as `isRead` answers it. */
  const read = new Map<string, boolean>()
  const none = () => () => {}
  const node = {
    name: 'me',
    role: 'member',
    start: async () => {},
    stop: async () => {},
    status: () => ({
      enabled: true,
      node: 'me',
      role: 'member',
      connected: true,
      members: [] as ClusterMember[],
      leases: {},
    }),
    onDidChangeConnection: connection.event,
    onDidChangeMembers: none,
    holderOf: () => null,
    setSources: () => {},
    heldSources: () => [],
    onDidChangeLeases: leases.event,
    onDidMoveSource: moves.event,
    publishEvent: (event: ClusterEventDraft) => (published.push(event), true),
    onDidReceiveRemoteEvent: remote.event,
    onDidChangeHold: hold.event,
    publishNotification: (draft: ClusterNotificationDraft) => `me_run_${firings.push(draft)}`,
    onDidReceiveNotification: notifications.event,
    markRead: async (change: ReadChange) => void marks.push(change),
    isRead: (key: string) => read.get(key) ?? false,
    onDidChangeReadState: readChanges.event,
    config: { current: () => null, put: async () => 1, onDidChange: none },
    configJoin: () => null,
    onDidJoinConfig: none as (listener: (join: ConfigJoin) => void) => () => void,
    diagnostics: () => ({}) as ReturnType<ClusterNode['diagnostics']>,
  } satisfies ClusterNode
  return {
    node,
    leases,
    remote,
    connection,
    moves,
    hold,
    notifications,
    readChanges,
    published,
    firings,
    marks,
    read,
  }
}
