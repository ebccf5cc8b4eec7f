import { describe, expect, it } from 'vitest'
import { toBoolean, toNumber, toText } from './coercion'

describe('coercion', () => {
  it('reads decimal numbers the way streams send them', () => {
    const cases: [unknown, number][] = [
      ['30.000000', 30],
      ['0', 0],
      ['-12.5', -12.5],
      ['+3', 3],
      ['.5', 0.5],
      ['1.', 1],
      ['1e3', 1000],
      [' 42 ', 42],
      ['5428010618035589553', Number('5428010618035589553')],
      [7, 7],
    ]
    for (const [input, expected] of cases) expect(toNumber(input), String(input)).toBe(expected)
  })

  it('refuses what is not a decimal number', () => {
    for (const input of [
      '',
      ' ',
      'abc',
      '0x10',
      '0b1',
      '0o7',
      'Infinity',
      '-Infinity',
      '1e999',
      '1_000',
      '.',
      '12abc',
      'NaN',
      true,
      null,
      undefined,
      {},
      [],
      Number.POSITIVE_INFINITY,
    ])
      expect(toNumber(input), String(input)).toBeNaN()
  })

  it('reads booleans and text', () => {
    expect([true, 'true', 'TRUE', ' 1 ', 1].map(toBoolean)).toEqual([true, true, true, true, true])
    expect([false, 'false', '0', 0].map(toBoolean)).toEqual([false, false, false, false])
    expect(['yes', 2, null, undefined, {}].map(toBoolean)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    expect([['a'], 1, false, null, {}].map(toText)).toEqual([
      undefined,
      '1',
      'false',
      undefined,
      undefined,
    ])
  })
})
