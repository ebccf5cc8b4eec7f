/**
 * How sessions open websockets. Injected so tests and benchmarks can observe or replace the
 * socket, and so nothing else in the engine constructs one.
 */

import WebSocket, { type ClientOptions } from 'ws'

export type SocketFactory = (url: string, options: ClientOptions, protocols?: string[]) => WebSocket

export const wsSocketFactory: SocketFactory = (url, options, protocols = []) =>
  new WebSocket(url, protocols, options)
