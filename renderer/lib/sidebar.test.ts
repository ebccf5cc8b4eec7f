import { describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { isCollapsed, sidebarSetting, useSidebar } from './sidebar'

function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  } as Storage
}

describe('sidebar', () => {
  it('collapses on narrow windows until the user chooses, then keeps the choice', () => {
    expect(isCollapsed('auto', true)).toBe(true)
    expect(isCollapsed('auto', false)).toBe(false)
    expect(isCollapsed('expanded', true)).toBe(false)
    expect(isCollapsed('collapsed', false)).toBe(true)
  })

  it('remembers a toggle in the window storage', () => {
    const scope = effectScope()
    const sidebar = scope.run(() => useSidebar())!
    const before = sidebar.collapsed.value
    sidebar.toggle()
    expect(sidebar.collapsed.value).toBe(!before)
    expect(sidebarSetting.read()).toBe(before ? 'expanded' : 'collapsed')
    scope.stop()
  })

  it('falls back to automatic when nothing valid is stored', () => {
    const storage = memoryStorage()
    storage.setItem('vigil.sidebar', 'sideways')
    expect(sidebarSetting.read(storage)).toBe('auto')
  })
})
