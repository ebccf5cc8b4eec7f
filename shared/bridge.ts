/**
 * Transport-neutral shapes of the contract as it travels.
 *
 * - Under Electron, preload exposes `VigilBridge` as `window.api` (registered channels only).
 * - In a browser, the headless host carries the same calls over one websocket at `/bridge`, using
 *   the `BridgeMessage` frames below. The page never sees the host's token: the host authenticates
 *   the bridge socket by its session cookie and checks Host and Origin.
 */

import type { EventChannel, InvokeChannel } from './ipc'
import type { Result } from './result'

/** What preload exposes on `window.api`. Untyped by channel here; `renderer/api.ts` adds types. */
export interface VigilBridge {
  invoke(channel: InvokeChannel, args: unknown[]): Promise<Result<unknown>>
  /** Subscribes to a push channel; returns the unsubscribe function. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void
  /** Tells main the page has subscribed, so queued pushes may flow. */
  ready(): void
}

export const BRIDGE_PATH = '/bridge'

/** Where a page trades a pasted token for its session cookie (headless: `POST`, `{"token"}`). */
export const SESSION_PATH = '/api/session'

/** Client to host. */
export interface InvokeFrame {
  t: 'invoke'
  id: number
  channel: string
  args: unknown[]
}

/** Host to client. */
export interface ResultFrame {
  t: 'result'
  id: number
  result: Result<unknown>
}

export interface PushFrame {
  t: 'push'
  channel: EventChannel
  payload: unknown
}

export type HostFrame = ResultFrame | PushFrame

/**
 * Under Electron, the only raw IPC channels: the whole contract is multiplexed over them, and
 * the contract's registry decides which contract channels exist, on both sides of the bridge.
 */
export const IPC_INVOKE = 'vigil:invoke'
export const IPC_PUSH = 'vigil:push'
export const IPC_READY = 'vigil:ready'
