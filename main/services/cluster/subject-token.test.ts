import { describe, expect, it } from 'vitest'
import { eventSubject, leaseMarkerSubject } from './cluster-names'
import { MAX_TOKEN, subjectToken } from './subject-token'

describe('subjectToken', () => {
  it('keeps safe text, and escapes everything that would split, widen or end a subject', () => {
    expect(subjectToken('Death_2-x')).toBe('Death_2-x')
    expect(subjectToken('a.b')).toBe('a=2Eb')
    expect(subjectToken('*')).toBe('=2A')
    expect(subjectToken('>')).toBe('=3E')
    expect(subjectToken('a b\r\n')).toBe('a=20b=0D=0A')
    expect(subjectToken('=')).toBe('=3D')
    expect(subjectToken('é')).toBe('=C3=A9')
    expect(subjectToken('')).toBe('=')
  })

  it('is one token for any text, distinct texts stay distinct, long ones end in a digest', () => {
    const texts = ['a.b', 'a=2Eb', 'a_b', '', '=', 'x'.repeat(500), `${'x'.repeat(499)}y`]
    const tokens = texts.map(subjectToken)
    expect(new Set(tokens).size).toBe(texts.length)
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_=-]+$/)
      expect(token.length).toBeLessThanOrEqual(MAX_TOKEN)
    }
    expect(tokens[5]).toContain('==')
  })

  it('makes event subjects of four tokens and marker subjects of three', () => {
    expect(eventSubject('census', 'GainExperience.x')).toBe(
      'vigil.events.census.GainExperience=2Ex',
    )
    expect(leaseMarkerSubject('census')).toBe('vigil.events.census')
  })
})
