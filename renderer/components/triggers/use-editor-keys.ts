/**
 * The trigger editor's keyboard shortcuts, on the window while the editor is shown: Ctrl+S and
 * Ctrl+Enter save from anywhere (no tabbing back to the Save button, and no browser "save page"
 * dialog); Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, except in text fields, which keep their
 * own undo. Nothing happens under an open dialog, which has its own keys.
 */

import { onBeforeUnmount, onMounted } from 'vue'

export interface EditorKeys {
  save(): void
  undo(): void
  redo(): void
}

export function useEditorKeys(keys: EditorKeys): void {
  function onKeydown(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return
    const key = event.key.toLowerCase()
    if ((key === 's' || key === 'enter') && !event.shiftKey) {
      event.preventDefault()
      if (!document.querySelector('dialog[open]')) keys.save()
      return
    }
    const target = event.target as HTMLElement
    if (target.matches('input[type="text"], input:not([type]), textarea')) return
    if (key === 'z' && !event.shiftKey) keys.undo()
    else if ((key === 'z' && event.shiftKey) || key === 'y') keys.redo()
    else return
    event.preventDefault()
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
