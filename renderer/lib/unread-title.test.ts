import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { titleWithUnread, watchUnreadTitle } from './unread-title'

describe('the unread count in the window title', () => {
  it('leads the title while something is unread, and goes when nothing is', async () => {
    const unread = ref(0)
    const doc = { title: 'Vigil' }
    const stop = watchUnreadTitle(() => unread.value, doc)
    expect(doc.title).toBe('Vigil')
    unread.value = 3
    await nextTick()
    expect(doc.title).toBe('(3) Vigil')
    unread.value = 0
    await nextTick()
    expect(doc.title).toBe('Vigil')
    stop()
    expect(titleWithUnread('Vigil', 12_345)).toBe('(999+) Vigil')
  })
})
