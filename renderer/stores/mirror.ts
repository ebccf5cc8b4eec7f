import { shallowRef, type ShallowRef } from 'vue'
import { errorText } from '../../shared/utils/error-text'
import * as api from '../api'

/** One push channel of a mirror: how to subscribe to it and what a payload does to the state. */
export interface PushFeed {
  /** Subscribes; called once, before the first snapshot is asked for. */
  subscribe(onPush: () => void): void
}

/** A push channel typed by its payload; `apply` updates the mirrored state with one push. */
export function pushFeed<P>(
  subscribe: (listener: (payload: P) => void) => () => void,
  apply: (payload: P) => void,
): PushFeed {
  return {
    subscribe(onPush) {
      subscribe((payload) => {
        onPush()
        apply(payload)
      })
    },
  }
}

/** A further part of a snapshot in parts (see `MirrorOptions.more`). */
export interface SnapshotPart {
  /** Fetches the part and applies it if `current()` still holds; answers whether it applied. */
  load(current: () => boolean): Promise<boolean>
}

/** A part of a snapshot typed by its answer; `apply` puts it into the mirrored state. */
export function snapshotPart<T>(fetch: () => Promise<T>, apply: (answer: T) => void): SnapshotPart {
  return {
    async load(current) {
      const answer = await fetch()
      if (!current()) return false
      apply(answer)
      return true
    },
  }
}

export interface MirrorOptions<S> {
  /** Asks the engine for the whole state. */
  fetch: () => Promise<S>
  /** Replaces the mirrored state with a snapshot (only the answer to the latest request). */
  applySnapshot: (snapshot: S) => void
  /**
   * Further parts of the snapshot, each asked for once the one before has applied, so each answer
   * holds the pushes before it and later pushes apply on top of it (a list, then counts that
   * pushes of the list change). A newer request drops the rest; the mirror is loaded once all
   * have applied. Parts apply as `included`, whatever `pushesDuringLoad` says.
   */
  more?: () => readonly SnapshotPart[]
  /**
   * The push channels, subscribed in this order before the first snapshot. Built at start, so a
   * store that is never started touches no push function (a test's partial API mock has none).
   */
  feeds: () => readonly PushFeed[]
  /**
   * What a push that arrives while a snapshot is out means for it. `included` (the default): the
   * answer travels after it on the same channel, so it already holds the push and is applied.
   * `supersedes`: the push is the newer whole value, so the snapshot asked for before it is dropped.
   */
  pushesDuringLoad?: 'included' | 'supersedes'
  /** Runs once at start, after subscribing and before the first snapshot (side loads, watchers). */
  onStart?: () => void
  /** Runs after every reconnect, besides the re-snapshot. */
  onReconnect?: () => void
  /** Sees every failed snapshot, also the ones a newer request made moot (for a log line). */
  onError?: (error: unknown) => void
}

export interface Mirror {
  /** False until the first snapshot arrived: "loading" and "nothing there" are different screens. */
  loaded: ShallowRef<boolean>
  /** Why the latest snapshot failed; null once one succeeds. */
  loadError: ShallowRef<string | null>
  /** Asks for a fresh snapshot; an answer overtaken by a newer request is dropped. */
  refresh(): Promise<void>
  /** Snapshots asked for so far: an action that waited can tell whether one was asked meanwhile. */
  requested(): number
  /** Subscribes first, then fetches the snapshot (again after every reconnect); once only. */
  start(): Promise<void>
}

/**
 * The machinery every store that mirrors engine state shares: subscribe-then-snapshot, so no push
 * is lost at start-up; re-snapshot on reconnect, since pushes are lost while the bridge is down;
 * only the latest request's answer applies; loading and error state.
 */
export function createMirror<S>(options: MirrorOptions<S>): Mirror {
  const loaded = shallowRef(false)
  const loadError = shallowRef<string | null>(null)
  const supersedes = options.pushesDuringLoad === 'supersedes'
  let requests = 0
  /** Bumped by every push, so a `supersedes` snapshot asked for before one does not undo it. */
  let pushes = 0
  let started = false

  async function refresh(): Promise<void> {
    const request = ++requests
    const pushesBefore = pushes
    try {
      const snapshot = await options.fetch()
      if (request !== requests) return
      if (!supersedes || pushes === pushesBefore) options.applySnapshot(snapshot)
      const current = () => request === requests
      for (const part of options.more?.() ?? []) if (!(await part.load(current))) return
      loaded.value = true
      loadError.value = null
    } catch (error) {
      options.onError?.(error)
      if (request !== requests) return
      loadError.value = errorText(error)
    }
  }

  function start(): Promise<void> {
    if (started) return Promise.resolve()
    started = true
    for (const feed of options.feeds()) feed.subscribe(() => pushes++)
    api.onReconnect(() => {
      void refresh()
      options.onReconnect?.()
    })
    options.onStart?.()
    return refresh()
  }

  return { loaded, loadError, refresh, start, requested: () => requests }
}
