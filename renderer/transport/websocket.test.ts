import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { InvokeFrame } from '../../shared/bridge'
import type { BridgeStatus } from './transport'
import { bridgeUrl, probeUrl } from './host-http'
import {
  parseHostFrame,
  SESSION_EXPIRED_MESSAGE,
  WebSocketTransport,
  WRONG_TOKEN_MESSAGE,
  type SocketLike,
  type WebSocketTransportOptions,
} from './websocket'

/** Stands in for the browser's WebSocket; the test plays the host. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = []
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  readonly sent: InvokeFrame[] = []

  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open')
    this.sent.push(JSON.parse(data) as InvokeFrame)
  }

  close(): void {
    this.readyState = 3
  }

  open(): void {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  receive(frame: unknown): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame)
    this.onmessage?.(new MessageEvent('message', { data }))
  }

  drop(): void {
    this.readyState = 3
    this.onerror?.(new Event('error'))
    this.onclose?.(new CloseEvent('close', { code: 1006 }))
  }
}

const latest = (): FakeSocket => FakeSocket.all.at(-1)!

/** The transport under test, closed after each test so no retry timer leaks. */
let current: WebSocketTransport | undefined
/** What the host answers the session probe: a status, or unreachable (rejects). */
let probe: ReturnType<typeof vi.fn<() => Promise<number>>>

function create(options: WebSocketTransportOptions = {}): WebSocketTransport {
  const created = new WebSocketTransport({
    url: 'ws://127.0.0.1:7000/bridge',
    createSocket: (url) => new FakeSocket(url),
    probe,
    ...options,
  })
  current = created
  return created
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.all = []
  probe = vi.fn(async () => 200)
})

afterEach(() => {
  current?.dispose()
  current = undefined
  vi.useRealTimers()
})

describe('WebSocketTransport', () => {
  it('builds a same-origin bridge URL, wss for https pages', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:7000' })).toBe(
      'ws://127.0.0.1:7000/bridge',
    )
    expect(bridgeUrl({ protocol: 'https:', host: 'vigil.local' })).toBe('wss://vigil.local/bridge')
    expect(probeUrl('ws://127.0.0.1:7000/bridge')).toBe('http://127.0.0.1:7000/')
    expect(probeUrl('wss://vigil.local/bridge')).toBe('https://vigil.local/')
  })

  it('queues invokes until the socket opens, then correlates results by id', async () => {
    const transport = create()
    const socket = latest()
    const first = transport.invoke('source:list', [])
    const second = transport.invoke('source:connect', ['demo'])
    expect(socket.sent).toEqual([])

    socket.open()
    expect(socket.sent).toEqual([
      { t: 'invoke', id: 1, channel: 'source:list', args: [] },
      { t: 'invoke', id: 2, channel: 'source:connect', args: ['demo'] },
    ])

    // Answers may come back in any order.
    socket.receive({
      t: 'result',
      id: 2,
      result: { ok: false, error: { code: 'not-found', message: 'no demo' } },
    })
    socket.receive({ t: 'result', id: 1, result: { ok: true, value: [] } })
    await expect(first).resolves.toEqual({ ok: true, value: [] })
    await expect(second).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no demo' },
    })
  })

  it('dispatches pushes to the listeners of their channel until they unsubscribe', () => {
    const transport = create()
    latest().open()
    const batches: unknown[] = []
    const changes: unknown[] = []
    const off = transport.on('event:batch', (payload) => batches.push(payload))
    transport.on('source:changed', (payload) => changes.push(payload))

    latest().receive({ t: 'push', channel: 'event:batch', payload: { events: [] } })
    off()
    latest().receive({ t: 'push', channel: 'event:batch', payload: { events: [1] } })
    latest().receive({ t: 'push', channel: 'source:changed', payload: { id: 'a' } })

    expect(batches).toEqual([{ events: [] }])
    expect(changes).toEqual([{ id: 'a' }])
  })

  it('ignores malformed frames', async () => {
    const transport = create()
    const socket = latest()
    socket.open()
    const pushes: unknown[] = []
    transport.on('event:batch', (payload) => pushes.push(payload))
    const call = transport.invoke('app:info', [])

    socket.receive('not json')
    socket.receive({ t: 'push', channel: 'no:such-channel', payload: 1 })
    socket.receive({ t: 'push', channel: 'event:batch' })
    socket.receive({ t: 'result', id: 1, result: { ok: 'yes' } })
    socket.receive({ t: 'result', id: '1', result: { ok: true, value: 1 } })
    socket.receive({ t: 'result', id: 99, result: { ok: true, value: 1 } })
    socket.receive([1, 2])
    expect(pushes).toEqual([])

    socket.receive({ t: 'result', id: 1, result: { ok: true, value: 'info' } })
    await expect(call).resolves.toEqual({ ok: true, value: 'info' })
  })

  it('rejects calls in flight when the socket closes, and reports the status', async () => {
    const transport = create()
    const statuses: BridgeStatus[] = []
    transport.onStatus((status) => statuses.push(status))
    latest().open()
    const call = transport.invoke('source:list', [])

    latest().drop()

    await expect(call).rejects.toThrow('lost the connection to the engine')
    expect(transport.status()).toBe('disconnected')
    expect(statuses).toEqual(['open', 'disconnected'])
  })

  it('reconnects with capped doubling backoff and fires onReconnect on each return', async () => {
    const transport = create()
    const reconnects = vi.fn()
    transport.onReconnect(reconnects)
    latest().open()
    expect(reconnects).not.toHaveBeenCalled()

    latest().drop()
    // Failed attempts: waits of 0.5, 1, 2, 4, 5 and 5 seconds.
    for (const wait of [500, 1_000, 2_000, 4_000, 5_000, 5_000]) {
      const count = FakeSocket.all.length
      await vi.advanceTimersByTimeAsync(wait - 1)
      expect(FakeSocket.all).toHaveLength(count)
      await vi.advanceTimersByTimeAsync(1)
      expect(FakeSocket.all).toHaveLength(count + 1)
      latest().drop()
    }
    expect(transport.status()).toBe('disconnected')
    // From the second attempt that never opened, each retry asks the host first; it is merely down.
    expect(probe).toHaveBeenCalledTimes(5)

    // An invoke made while down waits for the link rather than failing.
    const call = transport.invoke('source:list', [])
    await vi.advanceTimersByTimeAsync(5_000)
    latest().open()
    expect(transport.status()).toBe('open')
    expect(reconnects).toHaveBeenCalledTimes(1)
    expect(latest().sent).toEqual([{ t: 'invoke', id: 1, channel: 'source:list', args: [] }])
    latest().receive({ t: 'result', id: 1, result: { ok: true, value: [] } })
    await expect(call).resolves.toEqual({ ok: true, value: [] })

    // A stable connection resets the backoff.
    latest().drop()
    const count = FakeSocket.all.length
    vi.advanceTimersByTime(500)
    expect(FakeSocket.all).toHaveLength(count + 1)
  })

  it('stops retrying once the host refuses the session, and rejects what waits', async () => {
    const transport = create()
    const statuses: BridgeStatus[] = []
    transport.onStatus((status) => statuses.push(status))
    latest().open()
    // The host restarted: the link drops, and every upgrade is refused (401) from now on.
    probe.mockResolvedValue(401)
    latest().drop()
    const save = expect(transport.invoke('config:replace', [{}])).rejects.toThrow(
      SESSION_EXPIRED_MESSAGE,
    )
    await vi.advanceTimersByTimeAsync(500)
    latest().drop()
    expect(probe).not.toHaveBeenCalled() // one refusal may be a host still starting
    await vi.advanceTimersByTimeAsync(1_000)
    latest().drop()
    await vi.advanceTimersByTimeAsync(0)

    expect(probe).toHaveBeenCalledTimes(1)
    await save
    expect(transport.status()).toBe('unauthorized')
    expect(statuses).toEqual(['open', 'disconnected', 'unauthorized'])
    const count = FakeSocket.all.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.all).toHaveLength(count)
    await expect(transport.invoke('source:list', [])).rejects.toThrow('session has expired')
  })

  it('signs in again with a pasted token: the link comes back and stores re-snapshot', async () => {
    const postToken = vi.fn(async (token: string) => (token === 'the-new-token' ? 204 : 401))
    const transport = create({ postToken })
    const reconnects = vi.fn()
    transport.onReconnect(reconnects)
    latest().open()
    // The host came back with another token: its upgrades refuse this page's cookie.
    probe.mockResolvedValue(401)
    latest().drop()
    await vi.advanceTimersByTimeAsync(500)
    latest().drop()
    await vi.advanceTimersByTimeAsync(1_000)
    latest().drop()
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.status()).toBe('unauthorized')

    const count = FakeSocket.all.length
    await expect(transport.signIn('a-wrong-token')).rejects.toThrow(WRONG_TOKEN_MESSAGE)
    expect(transport.status()).toBe('unauthorized')
    expect(FakeSocket.all).toHaveLength(count)

    await transport.signIn('the-new-token')
    expect(postToken).toHaveBeenLastCalledWith('the-new-token')
    expect(transport.status()).toBe('disconnected')
    expect(FakeSocket.all).toHaveLength(count + 1)
    latest().open()
    expect(transport.status()).toBe('open')
    expect(reconnects).toHaveBeenCalledTimes(1)
    const listed = transport.invoke('source:list', [])
    latest().receive({ t: 'result', id: latest().sent[0]!.id, result: { ok: true, value: [] } })
    await expect(listed).resolves.toEqual({ ok: true, value: [] })
  })

  it('keeps retrying while the probe finds the host unreachable', async () => {
    const transport = create()
    probe.mockRejectedValue(new TypeError('Failed to fetch'))
    latest().drop()
    for (const wait of [500, 1_000, 2_000]) {
      await vi.advanceTimersByTimeAsync(wait)
      latest().drop()
    }
    expect(probe).toHaveBeenCalledTimes(3)
    expect(transport.status()).toBe('disconnected')
    await vi.advanceTimersByTimeAsync(4_000)
    latest().open()
    expect(transport.status()).toBe('open')
  })

  it('rejects a call that waited too long for the link, and re-snapshots once it is up', async () => {
    const transport = create({ queueTimeoutMs: 30_000 })
    const reconnects = vi.fn()
    transport.onReconnect(reconnects)
    const call = transport.invoke('source:list', [])
    const rejected = expect(call).rejects.toThrow('no connection to the engine for 30 s')
    await vi.advanceTimersByTimeAsync(29_999)
    latest().drop()
    await vi.advanceTimersByTimeAsync(1)
    await rejected

    const later = transport.invoke('app:info', [])
    await vi.advanceTimersByTimeAsync(500)
    latest().open()
    // Only the call still waiting goes out; the stores fetch what the lapsed one would have.
    expect(latest().sent).toEqual([{ t: 'invoke', id: 2, channel: 'app:info', args: [] }])
    expect(reconnects).toHaveBeenCalledTimes(1)
    latest().receive({ t: 'result', id: 2, result: { ok: true, value: 'info' } })
    await expect(later).resolves.toEqual({ ok: true, value: 'info' })
    // Sent in time, its deadline is gone.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(transport.status()).toBe('open')
  })

  it('stops retrying and rejects queued calls when disposed', async () => {
    const transport = create()
    const call = transport.invoke('source:list', [])
    transport.dispose()
    await expect(call).rejects.toThrow('shut down')
    vi.advanceTimersByTime(60_000)
    expect(FakeSocket.all).toHaveLength(1)
  })
})

describe('parseHostFrame', () => {
  it('keeps the issues of a failed result', () => {
    const frame = {
      t: 'result',
      id: 3,
      result: {
        ok: false,
        error: {
          code: 'invalid-argument',
          message: 'bad',
          issues: [{ path: 'url', message: 'x' }],
        },
      },
    }
    expect(parseHostFrame(JSON.stringify(frame))).toEqual(frame)
  })

  it('rejects binary data', () => {
    expect(parseHostFrame(new ArrayBuffer(4))).toBeUndefined()
  })
})
