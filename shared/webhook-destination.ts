/**
 * Where a webhook may go. The user writes the destination; the stream only fills in details. So
 * the scheme, host and port of a webhook URL are literal text (a template may fill the path, the
 * query and the body, never the origin), and a few destinations are never allowed whoever wrote
 * them: link-local addresses and the cloud metadata services that answer there, which hand out
 * the machine's cloud credentials to any local request. Loopback and private networks stay
 * allowed: a user's own home server or chat bridge lives there.
 *
 * The engine checks the same rules again on the address it actually connects to
 * (main/services/triggers/webhook-dispatcher.ts), since a name can resolve anywhere.
 */

import ipaddr from 'ipaddr.js'

/**
 * Host names of cloud metadata services: GCE (`metadata`, `metadata.google.internal`,
 * `metadata.goog`) and EC2 (`instance-data`, `instance-data.ec2.internal`). They resolve to
 * link-local addresses inside those clouds, which are refused anyway; the names are refused too
 * so the mistake shows when the trigger is saved, and wherever a resolver answers otherwise.
 */
export const METADATA_HOST_NAMES: readonly string[] = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]

/**
 * Metadata services outside the link-local ranges: EC2's IPv6 endpoint (a unique-local address)
 * and Alibaba Cloud's (in the carrier-grade NAT range).
 */
export const METADATA_ADDRESSES: readonly string[] = ['fd00:ec2::254', '100.100.100.200']

const METADATA_IPS = METADATA_ADDRESSES.map((address) => ipaddr.parse(address).toNormalizedString())

/** IPv6 ranges that carry an IPv4 address in their last 32 bits, which is what is reached. */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052'])

/**
 * What kind of forbidden address this IP address is, or undefined when webhooks may connect to
 * it. Refuses 169.254.0.0/16 and fe80::/10, IPv6 forms that embed such an IPv4 address
 * (`::ffff:169.254.169.254`, `64:ff9b::a9fe:a9fe`), and the metadata addresses above. Not an IP
 * address: undefined.
 */
export function forbiddenAddressKind(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  if (!ipaddr.isValid(bare)) return undefined
  let ip = ipaddr.parse(bare)
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6
    if (EMBEDS_IPV4.has(v6.range())) ip = ipaddr.fromByteArray(v6.toByteArray().slice(12))
  }
  if (METADATA_IPS.includes(ip.toNormalizedString())) return 'a cloud metadata address'
  if (ip.range() === 'linkLocal')
    return 'a link-local address (where cloud metadata services answer)'
  return undefined
}

/** Why a webhook may not connect to this IP address, or undefined. */
export function forbiddenAddress(address: string): string | undefined {
  const kind = forbiddenAddressKind(address)
  return kind === undefined ? undefined : `${address} is ${kind}, which webhooks never reach`
}

/**
 * Why a webhook may not go to this host (as `URL.hostname` gives it: lowercase, IPv6 in
 * brackets), or undefined. Names are checked here; what they resolve to is checked when sending.
 */
export function forbiddenHost(hostname: string): string | undefined {
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
  if (METADATA_HOST_NAMES.includes(name.toLowerCase()))
    return `${hostname} is a cloud metadata service, which webhooks never reach`
  return forbiddenAddress(name)
}

export type LiteralOrigin =
  { ok: true; origin: string; hostname: string } | { ok: false; message: string }

/**
 * The origin (`https://hooks.example.com:8443`) a webhook URL template names in literal text.
 * Everything up to the end of the authority (the first `/`, `?` or `#` after `scheme://`) must be
 * written out: `https://{{payload.host}}/x` or `https://hooks.example.com:{{payload.port}}/` would
 * let the stream choose where the request, and the secrets in its headers, go.
 */
export function literalOrigin(text: string): LiteralOrigin {
  const scheme = /^https?:\/\//i.exec(text)
  if (!scheme) return { ok: false, message: 'must be an http:// or https:// URL' }
  const rest = text.slice(scheme[0].length)
  const authorityEnd = rest.search(/[/?#\\]/)
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd)
  if (authority.includes('{{'))
    return {
      ok: false,
      message:
        'write the scheme, host and port out in full: a template may fill the path, query or body, never where the request goes',
    }
  const written = scheme[0] + authority
  if (!URL.canParse(written)) return { ok: false, message: 'not a valid URL' }
  const url = new URL(written)
  if (url.hostname === '') return { ok: false, message: 'the URL names no host' }
  return { ok: true, origin: url.origin, hostname: url.hostname }
}

/** Why a webhook URL template cannot be saved, or undefined: a literal, allowed origin. */
export function webhookUrlProblem(text: string): string | undefined {
  const origin = literalOrigin(text)
  if (!origin.ok) return origin.message
  const forbidden = forbiddenHost(origin.hostname)
  if (forbidden !== undefined) return forbidden
  if (!text.includes('{{') && !URL.canParse(text)) return 'not a valid URL'
  return undefined
}
