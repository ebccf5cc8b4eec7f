import type { VigilBridge } from '../shared/bridge'

declare global {
  interface Window {
    /** Present only under Electron, where preload exposes it; absent in a browser (headless). */
    readonly api?: VigilBridge
  }
}
