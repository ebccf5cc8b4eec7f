import { describe, expect, it } from 'vitest'
import { CensusSubscription, parseSubscriptionFields } from './census-subscription'

const ALICE = '5428010618035323201'
const BOB = '5428713425545165425'
const CAROL = '5428345446430485649'

function death(attacker: string, victim: string, worldId = '1') {
  return {
    attacker_character_id: attacker,
    character_id: victim,
    event_name: 'Death',
    timestamp: '1706357108',
    world_id: worldId,
  }
}

function experience(character: string, experienceId: string, worldId = '1') {
  return {
    character_id: character,
    event_name: 'GainExperience',
    experience_id: experienceId,
    timestamp: '1706357108',
    world_id: worldId,
  }
}

function facilityControl(worldId: string) {
  return { event_name: 'FacilityControl', facility_id: '222280', timestamp: '1', world_id: worldId }
}

describe('CensusSubscription', () => {
  it('adds up across subscribe calls instead of replacing', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ eventNames: ['Death'], worlds: ['1'] })
    subscription.subscribe({ eventNames: ['PlayerLogin'], worlds: ['10'] })
    expect(subscription.echo()).toEqual({
      subscription: {
        characterCount: 0,
        eventNames: ['Death', 'PlayerLogin'],
        logicalAndCharactersWithWorlds: false,
        worlds: ['1', '10'],
      },
    })
  })

  it('leaves the subscription alone on an empty subscribe', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: ['all'], eventNames: ['Death'], worlds: ['17'] })
    const before = subscription.echo()
    subscription.subscribe({})
    expect(subscription.echo()).toEqual(before)
  })

  it('echoes characters only for "all", a count otherwise, and the list when asked', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: [ALICE, BOB], eventNames: ['Death'] })
    expect(subscription.echo().subscription).toMatchObject({ characterCount: 2 })
    expect(subscription.echo().subscription).not.toHaveProperty('characters')
    expect(subscription.echo(true).subscription.characters).toEqual([ALICE, BOB])
    subscription.subscribe({ characters: ['all'] })
    expect(subscription.echo().subscription.characters).toEqual(['all'])
  })

  it('clears everything with all, or just the fields listed', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({
      characters: [ALICE, BOB],
      eventNames: ['Death', 'PlayerLogin'],
      worlds: ['1', '10'],
      logicalAndCharactersWithWorlds: true,
    })
    subscription.clear({ characters: [BOB], eventNames: ['PlayerLogin'], worlds: ['10'] })
    expect(subscription.echo(true).subscription).toEqual({
      characters: [ALICE],
      eventNames: ['Death'],
      logicalAndCharactersWithWorlds: true,
      worlds: ['1'],
    })
    subscription.clear({ all: true })
    expect(subscription.echo().subscription).toEqual({
      characterCount: 0,
      eventNames: [],
      logicalAndCharactersWithWorlds: false,
      worlds: [],
    })
    expect(subscription.isEmpty).toBe(true)
    expect(subscription.matches(death(ALICE, BOB))).toBe(false)
  })

  it('combines characters and worlds with OR by default', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: [ALICE], worlds: ['10'], eventNames: ['Death'] })
    expect(subscription.matches(death(BOB, ALICE, '1'))).toBe(true) // by character
    expect(subscription.matches(death(BOB, CAROL, '10'))).toBe(true) // by world
    expect(subscription.matches(death(BOB, CAROL, '1'))).toBe(false)
  })

  it('combines them with AND when logicalAndCharactersWithWorlds is true', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({
      characters: ['all'],
      worlds: ['10'],
      eventNames: ['Death'],
      logicalAndCharactersWithWorlds: true,
    })
    expect(subscription.matches(death(BOB, ALICE, '10'))).toBe(true)
    expect(subscription.matches(death(BOB, ALICE, '1'))).toBe(false)
    // With OR, characters: ["all"] would let every world through.
    subscription.subscribe({ logicalAndCharactersWithWorlds: false })
    expect(subscription.matches(death(BOB, ALICE, '1'))).toBe(true)
  })

  it('matches a Death when the attacker or the victim is subscribed', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: [ALICE], eventNames: ['Death'] })
    expect(subscription.matches(death(ALICE, BOB))).toBe(true)
    expect(subscription.matches(death(BOB, ALICE))).toBe(true)
    expect(subscription.matches(death(BOB, CAROL))).toBe(false)
    // Only Death looks at the attacker: an event naming ALICE in another field does not match.
    subscription.subscribe({ eventNames: ['GainExperience'] })
    expect(subscription.matches({ ...experience(BOB, '4'), other_id: ALICE })).toBe(false)
  })

  it('narrows GainExperience to one experience id, or takes all of them', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: ['all'], eventNames: ['GainExperience_experience_id_4'] })
    expect(subscription.matches(experience(ALICE, '4'))).toBe(true)
    expect(subscription.matches(experience(ALICE, '7'))).toBe(false)
    subscription.subscribe({ eventNames: ['GainExperience'] })
    expect(subscription.matches(experience(ALICE, '7'))).toBe(true)
    subscription.clear({ eventNames: ['GainExperience'] })
    expect(subscription.matches(experience(ALICE, '7'))).toBe(false)
    subscription.clear({ eventNames: ['GainExperience_experience_id_4'] })
    expect(subscription.matches(experience(ALICE, '4'))).toBe(false)
  })

  it('selects world-centric events by world only', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: ['all'], eventNames: ['FacilityControl'] })
    expect(subscription.matches(facilityControl('1'))).toBe(false)
    subscription.subscribe({ worlds: ['1'] })
    expect(subscription.matches(facilityControl('1'))).toBe(true)
    expect(subscription.matches(facilityControl('10'))).toBe(false)
  })

  it('with strictWorldEvents, world events need their world listed: "all" does not do', () => {
    const subscription = new CensusSubscription({ strictWorldEvents: true })
    subscription.subscribe({ characters: ['all'], eventNames: ['all'], worlds: ['all'] })
    expect(subscription.matches(facilityControl('1'))).toBe(false)
    expect(subscription.matches(death(ALICE, BOB))).toBe(true)
    subscription.subscribe({ worlds: ['1'] })
    expect(subscription.matches(facilityControl('1'))).toBe(true)
    expect(subscription.matches(facilityControl('10'))).toBe(false)
  })

  it('selects nothing without a matching event name, and everything with "all"', () => {
    const subscription = new CensusSubscription()
    subscription.subscribe({ characters: ['all'], worlds: ['all'] })
    expect(subscription.matches(death(ALICE, BOB))).toBe(false)
    subscription.subscribe({ eventNames: ['all'] })
    expect(subscription.matches(death(ALICE, BOB))).toBe(true)
    expect(subscription.matches(facilityControl('40'))).toBe(true)
  })
})

describe('parseSubscriptionFields', () => {
  it('reads lists, numeric ids and both spellings of booleans', () => {
    const parsed = parseSubscriptionFields({
      characters: [ALICE],
      worlds: [1, '10'],
      eventNames: ['Death'],
      logicalAndCharactersWithWorlds: 'true',
      all: true,
      list_characters: false,
    })
    expect(parsed).toEqual({
      ok: true,
      value: {
        characters: [ALICE],
        worlds: ['1', '10'],
        eventNames: ['Death'],
        logicalAndCharactersWithWorlds: true,
        all: true,
        listCharacters: false,
      },
    })
  })

  it('refuses fields of the wrong type with a message', () => {
    expect(parseSubscriptionFields({ worlds: '1' })).toEqual({
      ok: false,
      error: 'worlds must be an array of strings',
    })
    expect(parseSubscriptionFields({ eventNames: [{}] }).ok).toBe(false)
    expect(parseSubscriptionFields({ logicalAndCharactersWithWorlds: 'yes' }).ok).toBe(false)
  })
})
