/**
 * Every error the host answers, in the REST envelope `{"error":{"code","message"}}` with a code
 * from docs/rest-api.md: what routes throw, what Fastify raises before a route runs (a bad
 * percent-encoding, a body too large, of the wrong type or not JSON), and what Node's HTTP parser
 * refuses before Fastify ever sees a request (malformed HTTP, headers over the size limit, a
 * request not received in time). Scripts then need one error format, not three.
 */

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { maxHeaderSize, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { VigilError } from '../../shared/result'
import type { Logger } from '../services/util/logger'
import { codeForStatus, errorBody, httpStatus, type RestError } from './rest/http-errors'

export interface HttpLimits {
  /** The largest request body accepted. */
  bodyBytes: number
  /** How long a request (headers and body) may take to arrive in full. */
  requestTimeoutMs: number
}

export const BAD_PATH: RestError = {
  code: 'invalid-argument',
  message: 'the request path is not a valid URL path',
}

/**
 * How long the rest of a refused request is read before the connection closes: enough for any
 * client on a local link to finish sending what it started, little enough to hold nothing long.
 */
const LINGER_MS = 2_000

/** What anything a route threw, or Fastify raised, answers. */
export function restErrorOf(error: unknown, limits: HttpLimits, contentType?: string): RestError {
  if (error instanceof VigilError) return error.toInfo()
  const { code, statusCode, message } = error as Partial<FastifyError>
  switch (code) {
    case 'FST_ERR_BAD_URL':
      return BAD_PATH
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'invalid-argument', message: 'a part of the request path is too long' }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        code: 'payload-too-large',
        message: `the request body is larger than ${mebibytes(limits.bodyBytes)} MiB`,
      }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        code: 'unsupported-media-type',
        message: `a body of type "${clip(contentType ?? 'none')}" is not accepted: send application/json (or text/plain where a route takes text)`,
      }
  }
  // Clipped: some messages quote the request, and an answer never echoes kilobytes of input.
  const text = clip(typeof message === 'string' ? message : 'unknown error', 300)
  if (statusCode !== undefined && statusCode >= 400)
    return { code: codeForStatus(statusCode), message: text }
  return { code: 'internal', message: text }
}

/** Fastify's error handler: the envelope, with the status its code maps to. */
export function createErrorHandler(limits: HttpLimits, logger: Logger) {
  return async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const info = restErrorOf(error, limits, request.headers['content-type'])
    const status = httpStatus(info)
    if (status >= 500)
      logger.error(`${request.method} ${pathOf(request.url)} failed: ${info.message}`)
    // Closing a connection while the client is still sending resets it: the client gets EPIPE
    // and never reads the answer. So the rest of an oversized body is read and thrown away
    // first (for LINGER_MS at most), and only then answered; Fastify closes the connection.
    if (info.code === 'payload-too-large') await discardBody(request.raw, LINGER_MS)
    return reply.code(status).send(errorBody(info))
  }
}

/** Resolves once the request's body has been read to its end (or closed), or after `maxMs`. */
function discardBody(request: IncomingMessage, maxMs: number): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      request.off('end', done).off('close', done).off('error', done)
      resolve()
    }
    const timer = setTimeout(done, maxMs)
    request.on('end', done).on('close', done).on('error', done)
    request.resume()
  })
}

/** For the errors Fastify raises while routing (a path whose percent-encoding is broken). */
export function answerFrameworkError(
  limits: HttpLimits,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const info = restErrorOf(error, limits, request.headers['content-type'])
    void reply.code(httpStatus(info)).send(errorBody(info))
  }
}

/**
 * Node's `clientError`: the request never became one (malformed, headers too large, too slow).
 * There is no response object, so the answer is written to the socket, and only when no answer
 * has started on it. The connection then half-closes and is read for a moment before it is
 * destroyed: destroying it with input unread would reset it and could lose the answer.
 */
export function createClientErrorHandler(limits: HttpLimits) {
  const answered = new WeakSet<Socket>()
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // Node's parser reports every later chunk on a connection it gave up on: answer once.
    if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return
    answered.add(socket)
    // The response in progress on this socket, if any (Node keeps it there, and checks the same).
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage
    if (socket.writable && !inFlight?.headersSent)
      socket.write(rawErrorAnswer(clientErrorOf(error, limits)))
    socket.end()
    socket.resume()
    const linger = setTimeout(() => socket.destroy(), LINGER_MS)
    linger.unref()
    socket.once('close', () => clearTimeout(linger))
  }
}

function clientErrorOf(error: NodeJS.ErrnoException, limits: HttpLimits): RestError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        code: 'request-timeout',
        message: `the request did not arrive in full within ${limits.requestTimeoutMs / 1000} seconds`,
      }
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'headers-too-large',
        message: `the request line and headers are larger than ${maxHeaderSize / 1024} KiB`,
      }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        code: 'payload-too-large',
        message: 'the chunk extensions of the body are too large',
      }
    default:
      return {
        code: 'invalid-argument',
        message: `not a valid HTTP/1.1 request (${error.code ?? 'unknown'})`,
      }
  }
}

/** A whole HTTP answer carrying the envelope, for a socket no Fastify reply owns. */
export function rawErrorAnswer(error: RestError, status = httpStatus(error)): string {
  const body = JSON.stringify(errorBody(error))
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\n' +
    'X-Content-Type-Options: nosniff\r\n' +
    'Connection: close\r\n\r\n' +
    body
  )
}

/** The path of a request URL, clipped: error messages never echo kilobytes of someone's input. */
export function pathOf(url: string): string {
  return clip(url.split('?')[0] ?? '')
}

/** A message cut to `max` characters: an answer never echoes kilobytes of input. */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

function mebibytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10)
}
