import { describe, expect, it } from 'vitest'
import { MemoryNotificationKeys } from './notification-log'

describe('MemoryNotificationKeys', () => {
  it('keeps the newest keys, the oldest going first', () => {
    const keys = new MemoryNotificationKeys(2)
    keys.setKey(1, 'a_run_1')
    keys.setKey(2, 'a_run_2')
    expect(keys.idOfKey('a_run_1')).toBe(1)
    keys.setKey(3, 'b_run_1')
    expect(keys.idOfKey('a_run_1')).toBeUndefined()
    expect(keys.idOfKey('b_run_1')).toBe(3)
    expect(keys.keysOf([1, 2, 3])).toEqual(
      new Map([
        [2, 'a_run_2'],
        [3, 'b_run_1'],
      ]),
    )
  })
})
