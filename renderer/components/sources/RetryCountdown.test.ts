import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { sourceView } from '../../test/fixtures'
import RetryCountdown from './RetryCountdown.vue'
import SourceStateCell from './SourceStateCell.vue'

const START = new Date(2030, 0, 1, 12, 0, 0).getTime()

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(START)
})

afterEach(() => {
  vi.useRealTimers()
})

async function tick(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms)
  await nextTick()
}

describe('RetryCountdown', () => {
  it('counts down to the timestamp once a second, then says now', async () => {
    const wrapper = mount(RetryCountdown, { props: { at: START + 65_000 } })
    expect(wrapper.text()).toBe('in 1 min 5 s')
    expect(wrapper.get('time').attributes('datetime')).toBe(new Date(START + 65_000).toISOString())
    await tick(1_000)
    expect(wrapper.text()).toBe('in 1 min 4 s')
    await tick(60_000)
    expect(wrapper.text()).toBe('in 4 s')
    await tick(5_000)
    expect(wrapper.text()).toBe('now')
    wrapper.unmount()
  })

  it('counts up from a start with `since`', async () => {
    const wrapper = mount(RetryCountdown, { props: { at: START - 3_000, since: true } })
    expect(wrapper.text()).toBe('for 3 s')
    await tick(2_000)
    expect(wrapper.text()).toBe('for 5 s')
    wrapper.unmount()
  })

  it('stops its timer when no countdown is on screen', () => {
    const wrapper = mount(RetryCountdown, { props: { at: START + 5_000 } })
    expect(vi.getTimerCount()).toBe(1)
    wrapper.unmount()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('shares one timer between the countdowns of a failed source', async () => {
    const wrapper = mount(SourceStateCell, {
      props: {
        source: sourceView({
          state: 'failed',
          attempt: 4,
          nextRetryAt: START + 30_000,
          downSince: START - 125_000,
        }),
      },
    })
    expect(vi.getTimerCount()).toBe(1)
    expect(wrapper.text()).toMatch(/Failed/)
    expect(wrapper.text()).toMatch(/down since 11.57.55, attempt 4, next try 12.00.30/)
    expect(wrapper.text()).toContain('retry in 30 s')
    expect(wrapper.text()).toContain('down for 2 min 5 s')
    await tick(10_000)
    expect(wrapper.text()).toContain('retry in 20 s')
    expect(wrapper.text()).toContain('down for 2 min 15 s')
    wrapper.unmount()
  })

  it('shows what the preset flags about the connection, in words', () => {
    const wrapper = mount(SourceStateCell, {
      props: {
        source: sourceView({
          notices: [
            { code: 'subscription-mismatch', message: 'the server dropped Death', at: START },
          ],
        }),
      },
    })
    expect(wrapper.text()).toContain('⚠ the server dropped Death')
    wrapper.unmount()
  })
})
