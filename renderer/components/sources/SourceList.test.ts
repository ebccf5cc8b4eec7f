import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { SourceView } from '../../../shared/domain'
import type { RatePoint } from '../../lib/rate-history'
import { sourceView } from '../../test/fixtures'
import { testRouter } from '../../test/router'
import SourceList from './SourceList.vue'

function mountList(
  sources: SourceView[],
  linkUp = true,
  rates: ReadonlyMap<string, readonly RatePoint[]> = new Map(),
) {
  return mount(SourceList, {
    props: { sources, rates, busy: new Set<string>(), linkUp },
    global: { plugins: [testRouter()] },
  })
}

const row = (wrapper: ReturnType<typeof mountList>, id: string) =>
  wrapper.get(`[data-source-id="${id}"]`)

/** A time of today: shown as the time alone, like every time of today (B18). */
function today(h: number, m: number, sec: number): number {
  const now = new Date()
  return new Date(now.getFullYear(), now.getMonth(), now.getDate(), h, m, sec).getTime()
}

describe('SourceList', () => {
  it('tells a new user what sources are when there are none', () => {
    const wrapper = mountList([])
    expect(wrapper.find('table').exists()).toBe(false)
    expect(wrapper.text()).toContain('No sources yet')
    expect(wrapper.text()).toContain('websocket endpoint')
    expect(wrapper.get('a.button').attributes('href')).toContain('/sources/new')
  })

  it('says every state in words, not only in colour', () => {
    const states = [
      'idle',
      'connecting',
      'authenticating',
      'open',
      'stale',
      'reconnecting',
      'failed',
      'closed',
    ] as const
    const wrapper = mountList(states.map((state) => sourceView({ id: state, name: state, state })))
    for (const state of states) {
      const label = state[0]!.toUpperCase() + state.slice(1)
      expect(row(wrapper, state).get('.state').text()).toContain(label)
    }
  })

  it('shows the reconnect attempt and next retry time, with counters and the last error', () => {
    const nextRetryAt = today(12, 34, 56)
    const wrapper = mountList([
      sourceView({
        id: 'census',
        name: 'Census',
        preset: 'census',
        url: 'wss://push.planetside2.com/streaming',
        state: 'reconnecting',
        attempt: 3,
        nextRetryAt,
        counters: { ...sourceView().counters, events: 12_345, reconnects: 3, errors: 2 },
        eventsPerSecond: 4.25,
        lastError: { kind: 'network', message: 'socket hang up', at: nextRetryAt - 1_000 },
      }),
    ])
    const text = row(wrapper, 'census').text()
    expect(text).toContain('Reconnecting')
    expect(text).toContain('attempt 3')
    expect(text).toMatch(/next try 12.34.56/)
    expect(text).toContain('PlanetSide 2 Census')
    expect(text).toContain('wss://push.planetside2.com/streaming')
    expect(text).toContain('socket hang up')
    expect(text).toContain((12_345).toLocaleString())
    expect(text).toContain((4.3).toLocaleString())
  })

  it('shows when a stale or failed source tries next, and since when a failed one is down', () => {
    const at = today
    const wrapper = mountList([
      sourceView({ id: 'stale', state: 'stale', attempt: 1, nextRetryAt: at(9, 0, 1) }),
      sourceView({
        id: 'failed',
        state: 'failed',
        attempt: 7,
        nextRetryAt: at(9, 5, 30),
        downSince: at(8, 58, 0),
      }),
      sourceView({ id: 'auth', state: 'authenticating' }),
    ])
    expect(row(wrapper, 'stale').get('.state').text()).toMatch(
      /Stale\s*attempt 1, next try 09.00.01/,
    )
    expect(row(wrapper, 'failed').get('.state').text()).toMatch(
      /Failed\s*down since 08.58.00, attempt 7, next try 09.05.30/,
    )
    expect(row(wrapper, 'auth').get('.state').text()).toBe('Authenticating')
    expect(row(wrapper, 'auth').get('button').text()).toBe('Disconnect')
  })

  it('offers Connect or Disconnect by state and emits the source id', async () => {
    const wrapper = mountList([
      sourceView({ id: 'a', name: 'A', state: 'idle' }),
      sourceView({ id: 'b', name: 'B', state: 'open' }),
    ])
    await row(wrapper, 'a').get('button').trigger('click')
    await row(wrapper, 'b').get('button').trigger('click')
    expect(row(wrapper, 'a').get('a.button').attributes('aria-label')).toBe('Edit A')
    expect(row(wrapper, 'a').get('a.button').attributes('href')).toContain('/sources/a/edit')
    expect(row(wrapper, 'a').get('button').text()).toBe('Connect')
    expect(row(wrapper, 'b').get('button').text()).toBe('Disconnect')
    expect(wrapper.emitted('connect')).toEqual([['a']])
    expect(wrapper.emitted('disconnect')).toEqual([['b']])
  })

  it('makes actions unavailable while the engine is unreachable, without disabling them', async () => {
    const wrapper = mountList([sourceView({ id: 'a', state: 'idle' })], false)
    const button = row(wrapper, 'a').get('button')
    expect(button.attributes('aria-disabled')).toBe('true')
    expect(button.attributes('disabled')).toBeUndefined()
    await button.trigger('click')
    expect(wrapper.emitted('connect')).toBeUndefined()
  })

  it('keeps one Connect/Disconnect button, and its focus, through the call and the state change', async () => {
    const idle = sourceView({ id: 'a', name: 'A', state: 'idle' })
    const wrapper = mount(SourceList, {
      props: { sources: [idle], rates: new Map(), busy: new Set<string>(), linkUp: true },
      global: { plugins: [testRouter()] },
      attachTo: document.body,
    })
    const button = row(wrapper, 'a').get('button')
    ;(button.element as HTMLButtonElement).focus()
    await button.trigger('click')
    expect(wrapper.emitted('connect')).toEqual([['a']])

    await wrapper.setProps({ busy: new Set(['a']) })
    expect(button.attributes('aria-disabled')).toBe('true')
    expect(button.attributes('disabled')).toBeUndefined()
    await button.trigger('click')
    expect(wrapper.emitted('connect')).toHaveLength(1)

    await wrapper.setProps({ sources: [{ ...idle, state: 'open' }], busy: new Set<string>() })
    expect(row(wrapper, 'a').get('button').element).toBe(button.element)
    expect(button.text()).toBe('Disconnect')
    expect(button.attributes('aria-label')).toBe('Disconnect A')
    expect(document.activeElement).toBe(button.element)
    wrapper.unmount()
  })

  it('says which cluster member holds each source, and nothing of it on a single host', () => {
    const sources = [sourceView({ id: 'a', name: 'A' }), sourceView({ id: 'b', name: 'B' })]
    const props = { sources, rates: new Map(), busy: new Set<string>(), linkUp: true }
    const clustered = mount(SourceList, {
      props: { ...props, holders: { a: 'node-1' }, node: 'node-2' },
      global: { plugins: [testRouter()] },
    })
    expect(row(clustered, 'a').get('.holder').text()).toBe('held by node-1')
    expect(row(clustered, 'b').get('.holder').text()).toBe('held by nobody')
    // The holder connects it, not this host: no Connect button for a source held elsewhere.
    expect(row(clustered, 'a').find('.actions button').exists()).toBe(false)
    expect(row(clustered, 'b').find('.actions button').exists()).toBe(true)
    const single = mount(SourceList, { props, global: { plugins: [testRouter()] } })
    expect(single.find('.holder').exists()).toBe(false)
  })
})
