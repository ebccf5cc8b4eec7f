import { describe, expect, it } from 'vitest'
import { ApiError } from '../api-error'
import { useSaveAttempt } from './save-attempt'

describe('useSaveAttempt', () => {
  it('says what is being saved while the call runs, and answers whether it saved', async () => {
    const save = useSaveAttempt<string | null>(null)
    let finish: () => void = () => undefined
    const running = save.attempt('history', () => new Promise<void>((r) => (finish = r)))
    expect(save.saving.value).toBe('history')
    finish()
    expect(await running).toBe(true)
    expect(save.saving.value).toBeNull()
  })

  it('keeps a refusal by field, or as one message, until the next attempt', async () => {
    const save = useSaveAttempt(false)
    const issues = [{ path: 'url', message: 'not a nats:// URL' }]
    const refused = () => Promise.reject(new ApiError('invalid-argument', 'refused', issues))
    expect(await save.attempt(true, refused)).toBe(false)
    expect(save.saveIssues.value).toEqual(issues)
    expect(save.saveError.value).toBeNull()
    expect(save.saving.value).toBe(false)
    expect(await save.attempt(true, () => Promise.reject(new Error('engine gone')))).toBe(false)
    expect(save.saveIssues.value).toEqual([])
    expect(save.saveError.value).toContain('engine gone')
    expect(await save.attempt(true, () => Promise.resolve())).toBe(true)
    expect(save.saveError.value).toBeNull()
  })
})
