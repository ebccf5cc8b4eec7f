import { describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../testing/manual-clock'
import { Outage, SilenceWatch } from './watchdog'

describe('SilenceWatch', () => {
  it('fires once the window passes with nothing heard, re-arming for what remains', () => {
    const clock = new ManualClock()
    const silent = vi.fn()
    const watch = new SilenceWatch(clock, silent)
    watch.start(5_000, clock.now())
    clock.advance(3_000)
    watch.heard(clock.now())
    clock.advance(4_999)
    expect(silent).not.toHaveBeenCalled()
    clock.advance(1)
    expect(silent).toHaveBeenCalledWith(5_000)
    expect(clock.pending).toBe(0)
  })

  it('does nothing when off, and stops cleanly', () => {
    const clock = new ManualClock()
    const silent = vi.fn()
    const watch = new SilenceWatch(clock, silent)
    watch.start(0, clock.now())
    expect(clock.pending).toBe(0)
    watch.start(1_000, clock.now())
    watch.stop()
    clock.advance(10_000)
    expect(silent).not.toHaveBeenCalled()
  })
})

describe('Outage', () => {
  it('expires once per outage, pausing while a connection is open', () => {
    const clock = new ManualClock()
    const expired = vi.fn()
    const outage = new Outage(clock, expired)
    const start = clock.now()
    outage.down(start, 10_000)
    clock.advance(6_000)
    outage.pause() // open again, not yet stable
    clock.advance(60_000)
    expect(expired).not.toHaveBeenCalled()
    outage.down(clock.now(), 10_000) // dropped before stable: past the window already
    expect(expired).toHaveBeenCalledTimes(1)
    expect(outage.since).toBe(start)
    outage.down(clock.now(), 10_000)
    clock.advance(60_000)
    expect(expired).toHaveBeenCalledTimes(1)
    expect(outage.end()).toBe(true)
    expect(outage.since).toBeNull()
  })

  it('ends without a verdict when healthy in time, and never expires when off', () => {
    const clock = new ManualClock()
    const expired = vi.fn()
    const outage = new Outage(clock, expired)
    outage.down(clock.now(), 10_000)
    clock.advance(5_000)
    expect(outage.end()).toBe(false)
    outage.down(clock.now(), 0)
    clock.advance(1_000_000)
    expect(expired).not.toHaveBeenCalled()
    expect(outage.since).not.toBeNull()
  })
})
