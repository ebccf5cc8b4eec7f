/**
 * `allowSelfSigned`, done without ever sending credentials to an unchecked server. Turning off
 * Node's verification (`rejectUnauthorized: false`) and looking at the certificate afterwards
 * would be too late: the upgrade request, with its Authorization header or query token, is
 * already written by then. Instead a probe connection (a TLS handshake, no HTTP) fetches the
 * server's certificate; if it is self-signed (or chains to a self-signed root) and was issued for
 * the host being dialled, the real connection pins exactly that certificate as its only trusted
 * authority, with Node's normal checks (chain and host name) on.
 *
 * What this cannot do is tell the right self-signed certificate from an impostor's on the first
 * connect: only `caFile` (pinning a known certificate) does that, which docs/config.md says.
 */

import { X509Certificate } from 'node:crypto'
import { checkServerIdentity, connect, type DetailedPeerCertificate } from 'node:tls'
import { DialError } from './dial-error'
import { dialTarget, plainSocketError, plainTlsError, type SocketError } from './plain-errors'

export interface ProbeTarget {
  url: string
  /** Authorities from `caFile`, if any, so a server they already vouch for needs no pin. */
  ca: Buffer | undefined
  timeoutMs: number
  /** Aborted when the dial is no longer wanted (the source was removed, disconnected or edited). */
  signal?: AbortSignal
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN'])

/** The certificate to pin (PEM), or null when the server is trusted without one. */
export function probeSelfSigned(target: ProbeTarget): Promise<string | null> {
  const url = new URL(target.url)
  if (url.protocol !== 'wss:') return Promise.resolve(null)
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = Number(url.port || 443)
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      // SNI takes host names only (RFC 6066 section 3).
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      ...(target.ca ? { ca: target.ca } : {}),
      // Only the certificate is wanted from this connection; nothing is sent on it.
      rejectUnauthorized: false,
    })
    socket.setTimeout(target.timeoutMs, () => {
      socket.destroy()
      reject(
        new DialError(
          'timeout',
          `no TLS handshake from ${host}:${port} within ${target.timeoutMs} ms`,
          false,
        ),
      )
    })
    const abandon = () => {
      socket.destroy()
      reject(new DialError('network', 'the dial was cancelled', false))
    }
    if (target.signal?.aborted) abandon()
    target.signal?.addEventListener('abort', abandon, { once: true })
    socket.once('close', () => target.signal?.removeEventListener('abort', abandon))
    socket.once('error', (error: SocketError) => {
      // Only the network can fail here: certificates are judged below, not refused.
      const plain = plainSocketError(error, dialTarget(target.url))
      reject(
        plain?.kind === 'network'
          ? new DialError('network', plain.message, false, plain.detail)
          : new DialError('network', error.message, false),
      )
    })
    socket.once('secureConnect', () => {
      const verdict = judge(
        socket.authorized,
        String(socket.authorizationError),
        socket.getPeerCertificate(true),
        host,
      )
      socket.destroy()
      if (typeof verdict === 'string' || verdict === null) resolve(verdict)
      else reject(verdict)
    })
  })
}

function judge(
  authorized: boolean,
  error: string,
  peer: DetailedPeerCertificate,
  host: string,
): string | null | DialError {
  if (authorized) return null
  if (!SELF_SIGNED.has(error)) {
    const plain = plainTlsError(error, error)
    return new DialError(
      'handshake',
      plain?.message ?? `the server's certificate was refused: ${error}`,
      true,
      plain?.detail,
    )
  }
  const mismatch = checkServerIdentity(host, peer)
  if (mismatch)
    return new DialError(
      'handshake',
      `the self-signed certificate does not match ${host}: ${mismatch.message}`,
      true,
    )
  return new X509Certificate(rootOf(peer).raw).toString()
}

/** The top of the chain the server sent (the leaf itself when it is self-signed). */
function rootOf(peer: DetailedPeerCertificate): DetailedPeerCertificate {
  let cert = peer
  // A self-signed certificate is its own issuer; Node links it to itself.
  while (cert.issuerCertificate && cert.issuerCertificate !== cert) cert = cert.issuerCertificate
  return cert
}
