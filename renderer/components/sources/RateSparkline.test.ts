import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RateSparkline from './RateSparkline.vue'

describe('RateSparkline', () => {
  it('draws one point per value, scaled to the peak, with the numbers in words', () => {
    const wrapper = mount(RateSparkline, {
      props: { values: [0, 5, 10, 5], width: 30, height: 12 },
    })
    const svg = wrapper.get('svg')
    expect(svg.attributes('role')).toBe('img')
    expect(svg.attributes('viewBox')).toBe('0 0 30 12')
    expect(svg.attributes('aria-label')).toBe(
      'Events per second over the last 4 seconds: now 5, peak 10',
    )
    // x steps of 10; y from 11 (zero) to 1 (the peak), leaving a pixel for the stroke.
    expect(wrapper.get('polyline').attributes('points')).toBe(
      '0.00,11.00 10.00,6.00 20.00,1.00 30.00,6.00',
    )
    expect(wrapper.get('polygon').attributes('points')).toMatch(/^0,12 0\.00,11\.00 .* 30,12$/)
  })

  it('draws a flat line at the bottom when nothing arrived', () => {
    const wrapper = mount(RateSparkline, { props: { values: [0, 0, 0], width: 20, height: 10 } })
    expect(wrapper.get('polyline').attributes('points')).toBe('0.00,9.00 10.00,9.00 20.00,9.00')
    expect(wrapper.get('svg').attributes('aria-label')).toContain('now 0, peak 0')
  })

  it('draws nothing for no values', () => {
    const wrapper = mount(RateSparkline, { props: { values: [] } })
    expect(wrapper.find('polyline').exists()).toBe(false)
  })
})
