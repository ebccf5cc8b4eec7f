/**
 * The HTTP client webhooks are sent with: undici (the library Node's own fetch is built on), with
 * an Agent whose every connection is made through one guarded DNS look-up. The look-up resolves
 * the host once, refuses the whole answer if any address is link-local or a metadata service
 * (shared/webhook-destination.ts), and hands exactly the checked addresses to the socket. So a
 * name that answers a harmless address to a first check and 169.254.169.254 to the connection
 * (DNS rebinding) cannot get a request through: there is no second look-up.
 *
 * Only the address is pinned: TLS still sends the host name (SNI) and checks the certificate
 * against it, since undici gives `tls.connect` the URL's host name and uses the look-up only to
 * find where to connect. IP literals are never looked up; the sender checks them itself.
 */

import { lookup as systemLookup, type LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Agent } from 'undici'
import { forbiddenAddressKind } from '../../../shared/webhook-destination'

/** Resolves a host name to its addresses (tests give a fixed table; default: the system's). */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>

/** The connection was refused before it was made: retrying cannot help. */
export class ForbiddenDestinationError extends Error {
  override readonly name = 'ForbiddenDestinationError'
}

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    systemLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    )
  })

/** A `net.connect` look-up that resolves once and passes on only addresses it has checked. */
export function guardedLookup(resolve: HostResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (answer) => {
        for (const { address } of answer) {
          const kind = forbiddenAddressKind(address)
          if (kind === undefined) continue
          const message = `${hostname} resolves to ${address}, ${kind}, which webhooks never reach`
          return callback(new ForbiddenDestinationError(message), '', 0)
        }
        const family = options.family === 4 || options.family === 6 ? options.family : undefined
        const usable = family ? answer.filter((entry) => entry.family === family) : [...answer]
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no address`)
          error.code = 'ENOTFOUND'
          return callback(error, '', 0)
        }
        if (options.all) return callback(null, usable)
        callback(null, usable[0]!.address, usable[0]!.family)
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
}

export interface WebhookAgentOptions {
  resolve?: HostResolver
  /** Authorities to trust instead of the system's (tests use a throwaway certificate). */
  ca?: string | Buffer
}

export function webhookAgent(options: WebhookAgentOptions = {}): Agent {
  return new Agent({
    connect: {
      lookup: guardedLookup(options.resolve ?? systemResolver),
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    },
  })
}
