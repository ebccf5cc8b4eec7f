import { describe, expect, it } from 'vitest'
import { canBeType, payloadRelativePath } from './type-path'

describe('payloadRelativePath', () => {
  it('makes a payload field relative to the payload, as eventTypePath reads it', () => {
    expect(payloadRelativePath('payload.event_name')).toBe('event_name')
    expect(payloadRelativePath('payload.Items.0.Name')).toBe('Items.0.Name')
    expect(payloadRelativePath('payload["a.b"].kind')).toBe('["a.b"].kind')
  })

  it('refuses fields outside the payload, the payload itself and wildcards', () => {
    expect(payloadRelativePath('type')).toBeNull()
    expect(payloadRelativePath('sourceId')).toBeNull()
    expect(payloadRelativePath('payload')).toBeNull()
    expect(payloadRelativePath('payload.*.Name')).toBeNull()
    expect(payloadRelativePath('')).toBeNull()
  })
})

describe('canBeType', () => {
  it('takes short strings and numbers, not containers, blanks or walls of text', () => {
    expect(canBeType('Death')).toBe(true)
    expect(canBeType(42)).toBe(true)
    expect(canBeType('')).toBe(false)
    expect(canBeType('x'.repeat(500))).toBe(false)
    expect(canBeType({ a: 1 })).toBe(false)
    expect(canBeType(null)).toBe(false)
    expect(canBeType(Number.NaN)).toBe(false)
  })
})
