/**
 * The one shape both ways of reaching the engine share: Electron IPC through the preload bridge,
 * or the headless host's websocket bridge. Untyped by channel on purpose; renderer/api.ts adds the
 * contract's types on top, so only it needs to know channel names.
 */

import type { EventChannel, InvokeChannel } from '../../shared/ipc'
import type { Result } from '../../shared/result'

/**
 * `connecting`: the first attempt, nothing has been open yet. `open`: calls flow. `disconnected`:
 * the link dropped (or never came up) and the transport is retrying on its own. `unauthorized`:
 * the host refuses this page's session (it restarted with another token, so the session cookie no
 * longer holds); the transport has stopped retrying, and only the new token (`signIn`, or opening
 * the URL the host printed, with `?token=`) brings the link back.
 */
export type BridgeStatus = 'connecting' | 'open' | 'disconnected' | 'unauthorized'

export interface Transport {
  /** Rejects (rather than resolving a failed Result) only when the link itself failed. */
  invoke(channel: InvokeChannel, args: unknown[]): Promise<Result<unknown>>
  /** Subscribes to a push channel; returns the unsubscribe function. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void
  status(): BridgeStatus
  onStatus(listener: (status: BridgeStatus) => void): () => void
  /** Fires after the link came back: pushes were missed meanwhile, so stores re-snapshot. */
  onReconnect(listener: () => void): () => void
  /** Tells the engine the page has subscribed, so pushes it held back may flow. */
  ready(): void
  /** Headless only: signs the page in with a pasted token after `unauthorized`. */
  signIn?(token: string): Promise<void>
}
