import { describe, expect, it } from 'vitest'
import { amountIn, msFrom, unitById, unitFor } from './duration-units'

const seconds = unitById('s')
const minutes = unitById('min')

describe('duration units', () => {
  it('picks minutes for whole minutes and seconds otherwise', () => {
    expect(unitFor(120_000).id).toBe('min')
    expect(unitFor(90_000).id).toBe('s')
    expect(unitFor(0).id).toBe('s')
  })

  it('shows milliseconds in the unit, and keeps an empty field empty (the default)', () => {
    expect(amountIn('90000', seconds)).toBe('90')
    expect(amountIn('1500', seconds)).toBe('1.5')
    expect(amountIn('120000', minutes)).toBe('2')
    expect(amountIn('', minutes)).toBe('')
  })

  it('turns what is typed into milliseconds, the unit the config keeps', () => {
    expect(msFrom('1.5', seconds)).toBe('1500')
    expect(msFrom('2', minutes)).toBe('120000')
    expect(msFrom('.5', minutes)).toBe('30000')
    expect(msFrom(' ', seconds)).toBe('')
    // Not a number: handed on as typed, for the form to say so.
    expect(msFrom('soon', seconds)).toBe('soon')
    expect(msFrom('1,5', seconds)).toBe('1,5')
  })
})
