/**
 * The built renderer is served from `vigil://app/` rather than `file://` (Electron security
 * checklist 18). A `file://` page shares its origin with every file on the disk and needs the
 * `grantFileProtocolExtraPrivileges` fuse; a page on our own standard, secure scheme has an origin
 * of its own, and this handler answers only for the files of the renderer build, read-only, with
 * the same security headers the headless host sends.
 *
 * The scheme must be registered as privileged before the app is ready (`index.ts` does it at
 * load) and handled once it is; the handler itself is plain Node (Fetch API Request/Response), so
 * it is unit-tested without Electron.
 */

import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { CustomScheme } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../content-security-policy'

export const RENDERER_SCHEME = 'vigil'
export const RENDERER_HOST = 'app'
/** The page the window loads; `isRendererUrl` accepts exactly this page, with any hash route. */
export const RENDERER_INDEX_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`

/**
 * `standard`: URLs resolve like http ones (relative asset paths, a real origin for the page).
 * `secure`: a secure context, as https would be. `supportFetchAPI`: modules and fetch may load
 * from it. No `bypassCSP`, no `corsEnabled`, no service workers, no streaming: nothing needs them.
 */
export const RENDERER_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: RENDERER_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
}

/**
 * The file types an electron-vite renderer build emits; anything else is refused rather than
 * served with a guessed type (the page has no business loading other files).
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const

export type ReadFile = (path: string) => Promise<Uint8Array>

/**
 * The handler for `protocol.handle(RENDERER_SCHEME, …)`: GET and HEAD of a file under `rootDir`
 * (the renderer build), `/` meaning `index.html`. Paths that leave `rootDir`, other hosts, other
 * methods and unknown file types are refused with a status and a one-line reason.
 */
export function createRendererHandler(
  rootDir: string,
  read: ReadFile = readFile,
): (request: Request) => Promise<Response> {
  const root = resolve(rootDir)
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'read-only')
    const path = filePathOf(request.url, root)
    if (path === undefined) return refuse(404, 'not part of the Vigil renderer')
    const type = CONTENT_TYPES[extname(path).toLowerCase()]
    if (type === undefined) return refuse(404, 'not a renderer file type')
    let body: Uint8Array
    try {
      body = await read(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
        return refuse(404, 'no such renderer file')
      return refuse(500, 'could not read the renderer file')
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' },
    })
  }
}

/** The file a `vigil://app/…` URL names under `root`, or undefined when it names none. */
export function filePathOf(text: string, root: string): string | undefined {
  if (!URL.canParse(text)) return undefined
  const url = new URL(text)
  if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST) return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return undefined // a malformed escape
  }
  // A NUL or a backslash has no place in our asset names; both are tricks on some file systems.
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined
  const path = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  const inside = relative(root, path)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return undefined
  return path
}

/** Whether a URL is the renderer's page (any hash route of it), not just any file of ours. */
export function isRendererPageUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  const url = new URL(text)
  return (
    url.protocol === `${RENDERER_SCHEME}:` &&
    url.host === RENDERER_HOST &&
    url.pathname === '/index.html' &&
    url.search === '' &&
    url.username === '' &&
    url.password === '' &&
    url.port === ''
  )
}

function refuse(status: number, reason: string): Response {
  return new Response(`${status}: ${reason}`, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  })
}
