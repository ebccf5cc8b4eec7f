import { describe, expect, it } from 'vitest'
import { useItemActions } from './item-actions'

describe('useItemActions', () => {
  it('keeps an item busy while its call runs, and answers whether it worked', async () => {
    const actions = useItemActions((id) => id.toUpperCase())
    let finish: () => void = () => undefined
    const running = actions.run('a', () => new Promise<void>((resolve) => (finish = resolve)))
    expect([...actions.busy.value]).toEqual(['a'])
    finish()
    expect(await running).toBe(true)
    expect(actions.busy.value.size).toBe(0)
    expect(actions.actionError.value).toBeNull()
  })

  it('names the item in a failure, which the next call or a dismiss clears', async () => {
    const actions = useItemActions((id) => (id === 'a' ? 'Alpha' : id))
    expect(await actions.run('a', () => Promise.reject(new Error('refused')))).toBe(false)
    expect(actions.actionError.value).toBe('Alpha: refused')
    expect(actions.busy.value.size).toBe(0)
    await actions.run('b', () => Promise.resolve())
    expect(actions.actionError.value).toBeNull()
    await actions.run('b', () => Promise.reject('gone'))
    expect(actions.actionError.value).toBe('b: gone')
    actions.dismissActionError()
    expect(actions.actionError.value).toBeNull()
  })
})
