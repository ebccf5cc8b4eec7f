/**
 * Is an IPC message from our own page? Only the main frame of a window we created, showing our
 * own renderer, may call the engine: a frame navigated elsewhere or an iframe must not (Electron
 * security checklist, "Validate the sender of all IPC messages").
 */

import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where our renderer is loaded from: the built file, or the dev server during `npm run dev`. */
export type RendererOrigin = { kind: 'file'; indexPath: string } | { kind: 'dev'; origin: string }

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
  if (!URL.canParse(text)) return false
  const url = new URL(text)
  if (renderer.kind === 'dev') return url.origin === renderer.origin
  if (url.protocol !== 'file:') return false
  // fileURLToPath handles drive letters and escapes, so the comparison holds on Windows too. It
  // throws for file URLs that are no path on this OS (a Windows URL without a drive letter).
  try {
    return resolve(fileURLToPath(url)) === resolve(renderer.indexPath)
  } catch {
    return false
  }
}
