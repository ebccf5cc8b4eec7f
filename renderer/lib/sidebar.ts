/**
 * Whether the navigation sidebar is collapsed to a rail of icons (B16): the user's choice, kept in
 * this window's storage (see local-setting.ts), or, until they choose, collapsed on narrow windows
 * so tables keep their width.
 */

import { computed, onScopeDispose, shallowRef, type ComputedRef } from 'vue'
import { localSetting } from './local-setting'

export const SIDEBAR_CHOICES = ['auto', 'expanded', 'collapsed'] as const
export type SidebarChoice = (typeof SIDEBAR_CHOICES)[number]

/** Below this width (px) the sidebar starts collapsed. */
export const NARROW_WINDOW = 1000

const isChoice = (value: unknown): value is SidebarChoice =>
  typeof value === 'string' && (SIDEBAR_CHOICES as readonly string[]).includes(value)

export const sidebarSetting = localSetting<SidebarChoice>('vigil.sidebar', isChoice, 'auto')

/** Collapsed or not, from the choice and the window's width. */
export function isCollapsed(choice: SidebarChoice, narrow: boolean): boolean {
  return choice === 'auto' ? narrow : choice === 'collapsed'
}

export interface Sidebar {
  collapsed: ComputedRef<boolean>
  toggle(): void
}

/** The sidebar's state for a component, following the window's width while on `auto`. */
export function useSidebar(): Sidebar {
  const choice = shallowRef(sidebarSetting.read())
  const query =
    typeof matchMedia === 'function' ? matchMedia(`(max-width: ${NARROW_WINDOW - 0.02}px)`) : null
  const narrow = shallowRef(query?.matches ?? false)
  const onChange = (event: MediaQueryListEvent) => (narrow.value = event.matches)
  query?.addEventListener('change', onChange)
  onScopeDispose(() => query?.removeEventListener('change', onChange))

  const collapsed = computed(() => isCollapsed(choice.value, narrow.value))
  function toggle(): void {
    choice.value = collapsed.value ? 'expanded' : 'collapsed'
    sidebarSetting.write(choice.value)
  }
  return { collapsed, toggle }
}
