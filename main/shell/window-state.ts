/**
 * Where the window was: size, position and maximised state, kept in `window-state.json` in the
 * data dir. Machine state rather than a preference, so it is not in the config (an exported config
 * would carry one screen's geometry to another). A saved position that no longer lies on any
 * display (a monitor was unplugged) is dropped, keeping the size.
 */

import { readFile } from 'node:fs/promises'
import type { Rectangle } from 'electron'
import { z } from 'zod'
import { writeFileAtomic } from '../services/settings/atomic-file'

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
})
export type WindowState = z.output<typeof stateSchema>

/** How much of the window's title bar must be on a display for the position to be kept. */
const MIN_VISIBLE = 48

export async function loadWindowState(
  path: string,
  workAreas: readonly Rectangle[],
): Promise<WindowState | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  let parsed: ReturnType<typeof stateSchema.safeParse>
  try {
    parsed = stateSchema.safeParse(JSON.parse(text))
  } catch {
    return undefined
  }
  if (!parsed.success) return undefined
  const state = parsed.data
  if (state.x === undefined || state.y === undefined) return state
  const onScreen = workAreas.some((area) => overlaps(area, state as Rectangle))
  if (onScreen) return state
  const { width, height, maximized } = state
  return { width, height, maximized }
}

export async function saveWindowState(path: string, state: WindowState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`)
}

/** The bounds to remember: the normal (unmaximised) ones, so restoring un-maximises sensibly. */
export function captureWindowState(window: {
  getNormalBounds(): Rectangle
  isMaximized(): boolean
}): WindowState {
  const { x, y, width, height } = window.getNormalBounds()
  return { x, y, width, height, maximized: window.isMaximized() }
}

/** Whether the window's top strip (where its title bar is) is visible on this display. */
function overlaps(area: Rectangle, window: Rectangle): boolean {
  const left = Math.max(area.x, window.x)
  const right = Math.min(area.x + area.width, window.x + window.width)
  const top = Math.max(area.y, window.y)
  const bottom = Math.min(area.y + area.height, window.y + MIN_VISIBLE)
  return right - left >= MIN_VISIBLE && bottom - top > 0
}
