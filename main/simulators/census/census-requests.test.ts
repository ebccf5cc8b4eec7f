import { describe, expect, it } from 'vitest'
import { answerRequest } from './census-requests'
import { CensusSubscription } from './census-subscription'

function context() {
  return {
    subscription: new CensusSubscription(),
    recentCharacterIds: () => ['5428010618035323201', '5428713425545165425'],
  }
}

const ask = (message: unknown, ctx = context()) => answerRequest(JSON.stringify(message), ctx)

describe('answerRequest', () => {
  it('answers malformed input with an error frame instead of throwing', () => {
    for (const message of ['{not json', '', '[]', 'null', '42']) {
      expect(answerRequest(message, context())).toHaveProperty('error')
    }
    expect(ask({ action: 'help' })).toHaveProperty('error') // no "service":"event"
    expect(ask({ service: 'event', action: 'dance' })).toEqual({ error: 'Unknown action: "dance"' })
    expect(ask({ service: 'event', action: 'subscribe', worlds: 1 })).toHaveProperty('error')
  })

  it('applies subscribe and clearSubscribe to the connection and echoes the result', () => {
    const ctx = context()
    ask({ service: 'event', action: 'subscribe', eventNames: ['Death'], worlds: ['1'] }, ctx)
    const echo = ask(
      { service: 'event', action: 'subscribe', characters: ['all'], eventNames: ['PlayerLogin'] },
      ctx,
    )
    expect(echo).toEqual({
      subscription: {
        characters: ['all'],
        eventNames: ['Death', 'PlayerLogin'],
        logicalAndCharactersWithWorlds: false,
        worlds: ['1'],
      },
    })
    expect(ask({ service: 'event', action: 'clearSubscribe', all: 'true' }, ctx)).toMatchObject({
      subscription: { eventNames: [], worlds: [] },
    })
  })

  it('echoes payloads and reports recent characters as strings', () => {
    const payload = { anything: ['goes', 1] }
    expect(ask({ service: 'event', action: 'echo', payload })).toEqual({
      payload,
      service: 'event',
      type: 'serviceMessage',
    })
    expect(ask({ service: 'event', action: 'recentCharacterIdsCount' })).toEqual({
      payload: { recent_character_id_count: '2' },
      service: 'event',
      type: 'serviceMessage',
    })
    expect(ask({ service: 'event', action: 'recentCharacterIds' })).toMatchObject({
      payload: { recent_character_id_count: '2', recent_character_id_list: expect.any(Array) },
    })
  })

  it('answers help with example payloads and messages', () => {
    expect(Object.keys(ask({ service: 'event', action: 'help' }) as object)).toEqual([
      'example event service message payloads',
      'example messages to event service',
    ])
  })
})
