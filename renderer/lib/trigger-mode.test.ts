import { describe, expect, it } from 'vitest'
import { validateDraft } from './trigger-validation'
import { newDraft, type Draft } from './trigger-draft'
import {
  fromLocalInput,
  hasDeadline,
  toLocalInput,
  withDeadlineKind,
  withMode,
  withWait,
} from './trigger-mode'

const base: Draft = { ...newDraft({ source: 'plant', type: 'heartbeat' }), id: 'beat' }
const NOW = Date.parse('2030-01-01T12:00:00Z')

describe('trigger modes and their keys', () => {
  it('gives an absence trigger its silence and a single shot its wait, each valid', () => {
    const absence = withMode(base, 'absence')
    expect(absence).toMatchObject({ mode: 'absence', absence: { seconds: 300 } })
    expect(validateDraft(absence).ok).toBe(true)

    const waiting = withWait(withMode(base, 'single-shot'), true)
    expect(waiting).toMatchObject({ mode: 'single-shot', expireAfterSeconds: 3600 })
    expect(waiting.onExpire?.body).toContain('did not happen by')
    expect(hasDeadline(waiting)).toBe(true)
    expect(validateDraft(waiting).ok).toBe(true)
  })

  it('takes away what the new mode cannot have', () => {
    const waiting = withWait(withMode(base, 'single-shot'), true)
    const absence = withMode(waiting, 'absence')
    expect(absence).not.toHaveProperty('expireAfterSeconds')
    expect(absence).not.toHaveProperty('onExpire')
    const every = withMode(absence, 'every')
    expect(every).not.toHaveProperty('absence')
    expect(validateDraft(every).ok).toBe(true)
    expect(withWait(waiting, false)).not.toHaveProperty('onExpire')
  })

  it('switches between "by a time" and "within a while", keeping the moment', () => {
    const within = withWait(withMode(base, 'single-shot'), true)
    const by = withDeadlineKind(within, 'by', NOW)
    expect(by.deadline).toBe('2030-01-01T13:00:00.000Z')
    expect(by).not.toHaveProperty('expireAfterSeconds')
    expect(validateDraft(by).ok).toBe(true)
    expect(withDeadlineKind(by, 'within', NOW).expireAfterSeconds).toBe(3600)
  })

  it('reads and writes a deadline as local time for the time input', () => {
    const iso = fromLocalInput('2030-01-01T22:00')!
    expect(toLocalInput(iso)).toBe('2030-01-01T22:00')
    expect(fromLocalInput('')).toBeNull()
    expect(toLocalInput('nope')).toBe('')
  })
})
