/**
 * What the page asks its host over plain HTTP and where: the bridge's address, the probe that
 * tells a refused session from a host that is down, and the exchange of a pasted token for a
 * session cookie. All same-origin, so the browser's session cookie goes with them.
 */

import { BRIDGE_PATH, SESSION_PATH } from '../../shared/bridge'

/** `ws://host/bridge` for an http page, `wss://` for https: same origin, so the cookie applies. */
export function bridgeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}${BRIDGE_PATH}`
}

/** The page's own address (`http://host/`) for a bridge URL: what the session probe asks. */
export function probeUrl(bridge: string): string {
  const url = new URL(bridge)
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:'
  url.pathname = '/'
  url.search = ''
  return url.href
}

/** POST `/api/session` on the host (same origin), so the answer's cookie is this page's. */
export function fetchSignIn(url: string): (token: string) => Promise<number> {
  return async (token) =>
    (
      await fetch(new URL(SESSION_PATH, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
        cache: 'no-store',
        credentials: 'same-origin',
      })
    ).status
}

/** HEAD `/` on the host, with the session cookie (same origin): 401 once the session is gone. */
export function fetchProbe(url: string): () => Promise<number> {
  return async () =>
    (await fetch(url, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' })).status
}
