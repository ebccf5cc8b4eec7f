import { describe, expect, it } from 'vitest'
import { censusOptionsSchema } from '../../../shared/presets/census'
import {
  censusSubscription,
  type CensusSubscriptionRequest,
} from '../../../shared/presets/census-subscription'
import { checkSubscriptionEcho } from './census-subscription-check'

function asked(input: Record<string, unknown>): CensusSubscriptionRequest | null {
  return censusSubscription(censusOptionsSchema.parse(input))
}

const echo = (subscription: Record<string, unknown>) => ({ subscription })

describe('checkSubscriptionEcho', () => {
  const options = asked({
    eventNames: ['Death', 'GainExperience_experience_id_4'],
    characters: ['all'],
    worlds: ['1', '10'],
    logicalAndCharactersWithWorlds: true,
  })

  it('accepts an echo that covers what was asked, booleans as strings included', () => {
    const frame = echo({
      characters: ['all'],
      eventNames: ['GainExperience_experience_id_4', 'Death'],
      logicalAndCharactersWithWorlds: 'true',
      worlds: ['10', '1'],
    })
    expect(checkSubscriptionEcho(options, frame)).toEqual({ echo: true, mismatch: null })
  })

  it('accepts extra entries: subscriptions add up across calls', () => {
    const frame = echo({
      characters: ['all'],
      eventNames: ['Death', 'GainExperience_experience_id_4', 'PlayerLogin'],
      logicalAndCharactersWithWorlds: true,
      worlds: ['1', '10', '13'],
    })
    expect(checkSubscriptionEcho(options, frame).mismatch).toBeNull()
  })

  it('names what the server dropped or changed', () => {
    const frame = echo({
      characterCount: 0,
      eventNames: ['Death'],
      logicalAndCharactersWithWorlds: false,
      worlds: ['1'],
    })
    expect(checkSubscriptionEcho(options, frame)).toEqual({
      echo: true,
      mismatch:
        "the server's subscription differs from the one asked: eventNames " +
        'GainExperience_experience_id_4 missing; worlds 10 missing; characters all missing; ' +
        'logicalAndCharactersWithWorlds is false, asked true',
    })
  })

  it('compares listed characters by id and counted ones by number', () => {
    const specific = asked({ eventNames: ['Death'], characters: ['111', '222'], worlds: [] })
    const listed = echo({ characters: ['111'], eventNames: ['Death'], worlds: [] })
    expect(checkSubscriptionEcho(specific, listed).mismatch).toMatch(/characters 222 missing/)
    const counted = echo({ characterCount: 1, eventNames: ['Death'], worlds: [] })
    expect(checkSubscriptionEcho(specific, counted).mismatch).toMatch(
      /2 characters asked, 1 subscribed/,
    )
    const enough = echo({ characterCount: 2, eventNames: ['Death'], worlds: [] })
    expect(checkSubscriptionEcho(specific, enough).mismatch).toBeNull()
  })

  it('treats "all" in the echo as covering any list', () => {
    const frame = echo({ characters: ['all'], eventNames: ['all'], worlds: ['all'] })
    expect(checkSubscriptionEcho(asked({ eventNames: ['Death'], worlds: ['17'] }), frame)).toEqual({
      echo: true,
      mismatch: null,
    })
  })

  it('reads hostile values in an echo without throwing', () => {
    const specific = asked({ eventNames: ['Death'], characters: ['111', '222'], worlds: [] })
    // `String()` and `Number()` throw on an object whose toString and valueOf are not functions.
    const hostile = { toString: 1, valueOf: 1 }
    const counted = echo({ characterCount: hostile, eventNames: ['Death'], worlds: [] })
    expect(checkSubscriptionEcho(specific, counted)).toEqual({ echo: true, mismatch: null })
    const listed = echo({ characters: [hostile, '111'], eventNames: [hostile], worlds: [] })
    expect(checkSubscriptionEcho(specific, listed).mismatch).toBe(
      "the server's subscription differs from the one asked: eventNames Death missing; " +
        'characters 222 missing',
    )
  })

  it('ignores frames that are not echoes, and echoes when nothing was asked', () => {
    expect(checkSubscriptionEcho(options, { type: 'heartbeat' })).toEqual({
      echo: false,
      mismatch: null,
    })
    expect(checkSubscriptionEcho(asked({}), echo({ eventNames: [] }))).toEqual({
      echo: true,
      mismatch: null,
    })
  })
})
