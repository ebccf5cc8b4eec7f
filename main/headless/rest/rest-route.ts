/**
 * One REST route as a table entry: method + path → a contract channel. The entry says how the
 * channel's arguments come from the request, which status a success answers, and how the result
 * reads on the wire; the channel's schema, handler and errors are the contract's (see
 * route-dispatch.ts), so REST and the UI never disagree about what is valid.
 */

import type { InvokeArgs, InvokeChannel, InvokeResult } from '../../../shared/ipc'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** What an arguments builder sees of a request: all of it untrusted. */
export interface RestRequest {
  /** The path's `:name` parts, decoded (Fastify hands them over as strings). */
  params: Readonly<Record<string, string>>
  /** The query string, parsed: each key a string, or an array of strings when repeated. */
  query: unknown
  /** The parsed body: JSON, a string for `text/plain`, undefined for none. */
  body: unknown
  /** The headers, names in lower case. */
  headers: Readonly<Record<string, string | string[] | undefined>>
}

declare const uncheckedBrand: unique symbol
/** A value passed on as a channel's argument without a look: the contract validates it. */
export type Unchecked = { readonly [uncheckedBrand]: true }

/**
 * Marks a part of the request as a channel argument as it came. `dispatchInvoke` validates it
 * against the channel's schema before any handler sees it, so the builder need not (and should
 * not: one schema, one wording of its problems).
 */
export function unchecked(value: unknown): Unchecked {
  return value as Unchecked
}

/** The channel's arguments, each either built (and type-checked here) or passed on unchecked. */
export type RestArgs<K extends InvokeChannel> = OrUnchecked<InvokeArgs<K>>
// Mapped over a type parameter, so a tuple maps to a tuple of the same length.
type OrUnchecked<A extends unknown[]> = { [I in keyof A]: A[I] | Unchecked }

interface RouteBase<K extends InvokeChannel> {
  method: HttpMethod
  /** Fastify's syntax: `/api/sources/:id`. */
  path: string
  channel: K
  /** 200 unless given; 204 answers no body. A function picks by result (a send's 200 or 202). */
  status?: number | ((result: InvokeResult<K>) => number)
  /**
   * The route's public shape when it is not the result itself (`{"recordings": [...]}`). Method
   * syntax on purpose, here and in `args`: it lets a route of one channel stand in a table of all.
   */
  answer?(result: InvokeResult<K>): unknown
}

/**
 * A route. `args` may throw a VigilError for what only REST has (a path id the body contradicts,
 * a body's REST-only envelope, query text to numbers); everything else is the contract's to check.
 * A channel without arguments needs no `args`.
 */
export type RestRoute<K extends InvokeChannel> = RouteBase<K> &
  (InvokeArgs<K> extends []
    ? { args?(request: RestRequest): RestArgs<K> }
    : { args(request: RestRequest): RestArgs<K> })

/** A route of any channel: what a table holds (discriminated by `channel`). */
export type AnyRestRoute = { [K in InvokeChannel]: RestRoute<K> }[InvokeChannel]
