/**
 * A test client for the simulators: queues every frame (text parsed as JSON where it can be, binary
 * kept as bytes) and lets a test await them in order, with generous deadlines so that tests stay
 * green on a loaded machine. Test-only; never imported by production code.
 */

import WebSocket, { type ClientOptions } from 'ws'

export type Frame = Record<string, unknown>

export type Received =
  | { kind: 'json'; value: unknown; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Buffer }

const DEFAULT_WAIT_MS = 5_000

function receive(data: WebSocket.RawData, isBinary: boolean): Received {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : data
  if (isBinary) return { kind: 'binary', bytes }
  const text = bytes.toString('utf8')
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown, text }
  } catch {
    return { kind: 'text', text }
  }
}

export class SimClient {
  readonly received: Received[] = []
  closeCode: number | undefined
  closeReason = ''
  private waiting: (() => void) | undefined
  private readonly closed: Promise<void>

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      this.received.push(receive(data, isBinary))
      this.wake()
    })
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        this.closeCode = code
        this.closeReason = reason.toString()
        this.wake()
        resolve()
      })
    })
    socket.on('error', () => undefined)
  }

  /** Opens a client of this class (a subclass's own, called on it). */
  static async open<T extends SimClient>(
    this: new (socket: WebSocket) => T,
    url: string,
    options?: ClientOptions,
  ): Promise<T> {
    const socket = new WebSocket(url, options)
    const client = new this(socket)
    await new Promise((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    return client
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** The next frame of any kind. */
  async nextReceived(timeoutMs = DEFAULT_WAIT_MS): Promise<Received> {
    const deadline = Date.now() + timeoutMs
    while (this.received.length === 0) {
      if (this.closeCode !== undefined) throw new Error(`closed with ${this.closeCode}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('no frame arrived in time')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiting = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.waiting = undefined
    }
    return this.received.shift()!
  }

  /** The next frame, which must be a JSON object. */
  async next(timeoutMs = DEFAULT_WAIT_MS): Promise<Frame> {
    const received = await this.nextReceived(timeoutMs)
    if (received.kind !== 'json' || typeof received.value !== 'object' || !received.value) {
      throw new Error(`expected a JSON object, got ${JSON.stringify(received)}`)
    }
    return received.value as Frame
  }

  /** Skips frames (of any kind) until a JSON object matches. */
  async until(predicate: (frame: Frame) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const received = await this.nextReceived(Math.max(1, deadline - Date.now()))
      if (received.kind !== 'json' || typeof received.value !== 'object' || !received.value) {
        continue
      }
      if (predicate(received.value as Frame)) return received.value as Frame
    }
  }

  /** Resolves with the close code once the server has closed the connection. */
  async whenClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the connection stayed open')), timeoutMs)
    })
    try {
      await Promise.race([this.closed, timeout])
    } finally {
      clearTimeout(timer)
    }
    return this.closeCode ?? 0
  }

  private wake(): void {
    this.waiting?.()
  }
}

/** The HTTP answer to a refused upgrade: its status and headers. */
export function refusedHandshake(
  url: string,
  options?: ClientOptions,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options)
    socket.on('unexpected-response', (request, response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers })
      request.destroy()
    })
    socket.on('error', () => undefined) // the aborted handshake reports an error after the status
    socket.on('open', () => {
      socket.terminate()
      reject(new Error('the handshake should have been refused'))
    })
  })
}

/** Collects clients and simulators opened by a test so afterEach can close them all. */
export class Cleanup {
  private readonly tasks: (() => unknown)[] = []

  add<T extends { close(): unknown }>(closable: T): T {
    this.tasks.push(() => closable.close())
    return closable
  }

  client(client: SimClient): SimClient {
    this.tasks.push(() => client.socket.terminate())
    return client
  }

  async run(): Promise<void> {
    const tasks = this.tasks.splice(0).reverse()
    for (const task of tasks) await task()
  }
}
