/**
 * Completing a `{{placeholder}}` while a template is typed: where the open placeholder under the
 * caret starts, what of its path is typed so far, and the text once a path is chosen.
 */

/** An unclosed `{{` before the caret, and the path typed after it so far. */
export interface OpenPlaceholder {
  /** Index just after the `{{`. */
  start: number
  /** What was typed after it, up to the caret (leading spaces left out). */
  partial: string
}

/** Characters a path is written with; anything else (a space after text, `}`) ends the offer. */
const PATH_SO_FAR = /^\s*[\w.[\]"*-]*$/

export function openPlaceholder(text: string, caret: number): OpenPlaceholder | null {
  const before = text.slice(0, caret)
  const open = before.lastIndexOf('{{')
  if (open < 0) return null
  const typed = before.slice(open + 2)
  if (typed.includes('}}') || !PATH_SO_FAR.test(typed)) return null
  return { start: open + 2, partial: typed.trim() }
}

/**
 * The text with the open placeholder finished as `{{path}}`, and where the caret goes (after the
 * closing braces). Closing braces already right after the caret are reused, not doubled.
 */
export function completePlaceholder(
  text: string,
  caret: number,
  open: OpenPlaceholder,
  path: string,
): { text: string; caret: number } {
  let rest = text.slice(caret)
  // The rest of a path already there (completing inside `{{payload.st|ate}}`) is replaced.
  rest = rest.replace(/^[\w.[\]"*-]*/, '')
  const closing = /^\s*\}\}/.exec(rest)
  const tail = closing ? rest.slice(closing[0].length) : rest
  const head = `${text.slice(0, open.start)}${path}}}`
  return { text: head + tail, caret: head.length }
}

/** The event's own fields and the trigger's, which every template may name. */
export const TEMPLATE_BUILTINS: readonly { path: string; detail: string }[] = [
  { path: 'trigger.name', detail: "the trigger's name" },
  { path: 'trigger.id', detail: "the trigger's id" },
  { path: 'type', detail: 'event type' },
  { path: 'sourceId', detail: 'source id' },
  { path: 'receivedAt', detail: 'time received (epoch ms)' },
  { path: 'id', detail: 'event id' },
]
