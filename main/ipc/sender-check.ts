/**
 * Is an IPC message from our own page? Only the main frame of a window we created, showing our
 * own renderer, may call the engine: a frame navigated elsewhere or an iframe must not (Electron
 * security checklist, "Validate the sender of all IPC messages").
 */

import { isRendererPageUrl } from '../shell/renderer-protocol'

/**
 * Where our renderer is loaded from: the build, served on `vigil://app` (shell/renderer-protocol.ts),
 * or the dev server during `npm run dev`.
 */
export type RendererOrigin = { kind: 'app' } | { kind: 'dev'; origin: string }

export interface SenderFacts {
  /** The window the message came from is one we created. */
  fromOurWindow: boolean
  /** The sender is that window's main frame, not a subframe. */
  isMainFrame: boolean
  /** The sender frame's URL at the time of the message. */
  url: string
}

export function isTrustedSender(facts: SenderFacts, renderer: RendererOrigin): boolean {
  return facts.fromOurWindow && facts.isMainFrame && isRendererUrl(facts.url, renderer)
}

/** Whether a URL is our renderer page (any hash route of it). */
export function isRendererUrl(text: string, renderer: RendererOrigin): boolean {
  if (renderer.kind === 'app') return isRendererPageUrl(text)
  return URL.canParse(text) && new URL(text).origin === renderer.origin
}
