/**
 * Electron: preload exposes `window.api`. IPC lives as long as the window, so the status is always
 * `open` and there is never a reconnect to report.
 */

import type { VigilBridge } from '../../shared/bridge'
import type { Transport } from './transport'

const noop = (): void => {}

export function createElectronTransport(bridge: VigilBridge): Transport {
  return {
    invoke: (channel, args) => bridge.invoke(channel, args),
    on: (channel, listener) => bridge.on(channel, listener),
    status: () => 'open',
    onStatus: () => noop,
    onReconnect: () => noop,
    ready: () => bridge.ready(),
  }
}
