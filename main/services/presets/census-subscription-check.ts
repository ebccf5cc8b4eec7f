/**
 * Compares the subscription echo the Census service answers every subscribe with to what the
 * source asked for (the subscription as sent, not the options it came from: Vigil may ask for AND
 * where the options say OR, see `censusSubscription`). The server has been seen altering live subscriptions, so a difference is
 * worth telling the user about. Subscriptions add up across calls (a subscribe in `onOpen`, or one
 * sent by hand, adds to the preset's), so only what is missing counts, never what is extra: an
 * event name, world or character asked for and not in the echo, or a different AND/OR flag.
 * Echoes list characters only when asked to (`list_characters`) or subscribed to all; otherwise
 * they carry `characterCount`, which is compared as a count.
 */

import type { CensusSubscriptionRequest } from '../../../shared/presets/census-subscription'

const ALL = 'all'

export interface EchoVerdict {
  /** Whether the frame was a subscription echo at all. */
  echo: boolean
  /** What differs, in words; null when the echo covers what was asked. */
  mismatch: string | null
}

/**
 * The echo's list as text; entries that are not numbers or strings are left out. Never `String()`
 * on what a server sent: an object whose `toString` is not a function makes it throw.
 */
function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const list: string[] = []
  for (const item of value)
    if (typeof item === 'string' || typeof item === 'number') list.push(String(item))
  return list
}

/** A count sent as a number or as its text; NaN for anything else (never `Number()` on objects). */
function count(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '') return Number(value)
  return NaN
}

function missingFrom(asked: readonly string[], echoed: readonly string[] | undefined): string[] {
  const have = new Set(echoed ?? [])
  if (have.has(ALL)) return []
  return asked.filter((item) => !have.has(item))
}

/** The service's booleans arrive as true/false or as "true"/"false". */
function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  return undefined
}

/** An empty list or none at all. */
function none(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0)
}

/**
 * Whether an echo shows an emptied subscription, as a clearSubscribe's echo does: no event names,
 * worlds or characters (an echo of something else is not one).
 */
export function isEmptiedEcho(frame: unknown): boolean {
  if (frame === null || typeof frame !== 'object' || !('subscription' in frame)) return false
  const echo = (frame as { subscription: unknown }).subscription
  if (echo === null || typeof echo !== 'object') return false
  const got = echo as Record<string, unknown>
  return (
    none(got.eventNames) &&
    none(got.worlds) &&
    none(got.characters) &&
    (got.characterCount === undefined || count(got.characterCount) === 0)
  )
}

/** `asked`: the subscription sent (`censusSubscription`), null when the source asks for none. */
export function checkSubscriptionEcho(
  asked: CensusSubscriptionRequest | null,
  frame: unknown,
): EchoVerdict {
  if (frame === null || typeof frame !== 'object' || !('subscription' in frame))
    return { echo: false, mismatch: null }
  const echo = (frame as { subscription: unknown }).subscription
  if (echo === null || typeof echo !== 'object') return { echo: false, mismatch: null }
  if (asked === null) return { echo: true, mismatch: null }
  const got = echo as Record<string, unknown>
  const problems: string[] = []
  const missing = (key: string, list: string[]) => {
    if (list.length > 0) problems.push(`${key} ${list.join(', ')} missing`)
  }
  missing('eventNames', missingFrom(asked.eventNames, stringList(got.eventNames)))
  missing('worlds', missingFrom(asked.worlds, stringList(got.worlds)))
  const characters = stringList(got.characters)
  if (characters !== undefined) {
    missing('characters', missingFrom(asked.characters, characters))
  } else if (!asked.characters.includes(ALL)) {
    const subscribed = count(got.characterCount)
    if (Number.isFinite(subscribed) && subscribed < asked.characters.length)
      problems.push(`${asked.characters.length} characters asked, ${subscribed} subscribed`)
  } else {
    problems.push('characters all missing')
  }
  const logicalAnd = flag(got.logicalAndCharactersWithWorlds)
  if (logicalAnd !== undefined && logicalAnd !== asked.logicalAndCharactersWithWorlds)
    problems.push(
      `logicalAndCharactersWithWorlds is ${logicalAnd}, asked ${asked.logicalAndCharactersWithWorlds}`,
    )
  return {
    echo: true,
    mismatch:
      problems.length === 0
        ? null
        : `the server's subscription differs from the one asked: ${problems.join('; ')}`,
  }
}
