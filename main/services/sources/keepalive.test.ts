import { describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../testing/manual-clock'
import type { KeepalivePlan } from './connection-settings'
import { Keepalive } from './keepalive'

function setup(plan: Partial<KeepalivePlan>) {
  const clock = new ManualClock()
  const target = { ping: vi.fn(), sendText: vi.fn() }
  const dead = vi.fn()
  const keepalive = new Keepalive(
    { pingIntervalMs: 1_000, pongTimeoutMs: 400, app: null, ...plan },
    clock,
    target,
    dead,
  )
  keepalive.start()
  return { clock, target, dead, keepalive }
}

describe('Keepalive', () => {
  it('pings every interval and declares the peer dead when a pong is overdue', () => {
    const { clock, target, dead, keepalive } = setup({})
    clock.advance(1_000)
    expect(target.ping).toHaveBeenCalledTimes(1)
    keepalive.pong()
    clock.advance(1_000)
    expect(target.ping).toHaveBeenCalledTimes(2)
    clock.advance(399)
    expect(dead).not.toHaveBeenCalled()
    clock.advance(1)
    expect(dead).toHaveBeenCalledWith(
      'no answer to a ping within 400 ms (the connection is half-open)',
    )
    clock.advance(10_000)
    expect(target.ping).toHaveBeenCalledTimes(2)
    expect(clock.pending).toBe(0)
  })

  it('takes any frame as the answer to an outstanding ping (its pong queues behind the data)', () => {
    const { clock, dead, keepalive } = setup({})
    clock.advance(1_000)
    clock.advance(300)
    keepalive.heard()
    clock.advance(700)
    clock.advance(300)
    keepalive.heard()
    clock.advance(200)
    expect(dead).not.toHaveBeenCalled()
    // Silence again: the next ping's pong is awaited as before.
    clock.advance(1_000)
    expect(dead).toHaveBeenCalledWith(
      'no answer to a ping within 400 ms (the connection is half-open)',
    )
  })

  it('sends the application ping and consumes its reply', () => {
    const { clock, target, dead, keepalive } = setup({
      pingIntervalMs: 0,
      app: {
        text: '{"action":"PING"}',
        intervalMs: 5_000,
        isReply: (frame) => (frame as { PING?: string }).PING === 'PONG',
      },
    })
    clock.advance(5_000)
    expect(target.sendText).toHaveBeenCalledWith('{"action":"PING"}')
    expect(keepalive.reply({ id: 1 })).toBe(false)
    expect(keepalive.reply({ PING: 'PONG' })).toBe(true)
    clock.advance(5_000)
    clock.advance(400)
    expect(dead).toHaveBeenCalledWith(
      'no reply to the application ping within 400 ms (the service stopped answering)',
    )
    expect(target.ping).not.toHaveBeenCalled()
  })

  it('takes new timings live, and stops for good', () => {
    const { clock, target, keepalive } = setup({})
    keepalive.retime({ pingIntervalMs: 3_000, pongTimeoutMs: 400, app: null })
    clock.advance(2_000)
    expect(target.ping).not.toHaveBeenCalled()
    clock.advance(1_000)
    expect(target.ping).toHaveBeenCalledTimes(1)
    keepalive.stop()
    clock.advance(60_000)
    expect(target.ping).toHaveBeenCalledTimes(1)
  })

  it('awaits no answer while the socket is not read, and gives a whole timeout after resuming', () => {
    const { clock, target, dead, keepalive } = setup({
      app: {
        text: 'PING',
        intervalMs: 1_000,
        isReply: (frame) => frame === 'PONG',
      },
    })
    clock.advance(1_000)
    // A ping and an app ping are out; the reader stops before their answers can be read.
    keepalive.pause()
    clock.advance(60_000)
    expect(dead).not.toHaveBeenCalled()
    // Pings still go out: a server may count a client that never pings as gone.
    expect(target.ping).toHaveBeenCalledTimes(61)
    expect(target.sendText).toHaveBeenCalledTimes(61)

    keepalive.resume()
    keepalive.retime({ pingIntervalMs: 1_000, pongTimeoutMs: 400, app: null })
    clock.advance(1_399)
    expect(dead).not.toHaveBeenCalled()
    clock.advance(1)
    expect(dead).toHaveBeenCalledWith(
      'no answer to a ping within 400 ms (the connection is half-open)',
    )
  })

  it('stays paused through a live change of timings', () => {
    const { clock, dead, keepalive } = setup({})
    keepalive.pause()
    keepalive.retime({ pingIntervalMs: 1_000, pongTimeoutMs: 400, app: null })
    clock.advance(10_000)
    expect(dead).not.toHaveBeenCalled()
  })
})
