/**
 * The renderer's Content-Security-Policy, sent as a response header by both hosts of the built
 * renderer: the headless host (HTTP) and the desktop app's `vigil://app` protocol. The page's own
 * `<meta>` tag (renderer/index.html) says the same, except `frame-ancestors`, which only a header
 * can carry.
 *
 * Only the page's own origin may supply scripts, styles, fonts and connections (the headless
 * bridge is same-origin); no inline code, plugins, `<base>`, form posts or framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
