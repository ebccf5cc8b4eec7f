import { describe, expect, it } from 'vitest'
import { presetDescriptor } from '../../shared/presets'
import {
  draftsToOptions,
  emptyOptionDrafts,
  isShown,
  listItems,
  optionsToDrafts,
  type OptionSecrets,
} from './preset-form'

const none: OptionSecrets = { stored: new Set(), entered: new Set() }
const census = presetDescriptor('census')
const pi = presetDescriptor('piwebapi')
const neuroio = presetDescriptor('neuroio')

describe('preset form fields', () => {
  it('writes only the fields that were set, as the types the options need', () => {
    const drafts = emptyOptionDrafts(census)
    drafts.eventNames = 'Death, GainExperience\nPlayerLogin'
    drafts.resubscribeMs = '60000'
    drafts.logicalAndCharactersWithWorlds = true
    expect(draftsToOptions(census, drafts, 'ps2', none)).toEqual({
      options: {
        eventNames: ['Death', 'GainExperience', 'PlayerLogin'],
        resubscribeMs: 60_000,
        logicalAndCharactersWithWorlds: true,
      },
      issues: [],
    })
  })

  it('insists on required fields that have no default', () => {
    const { issues } = draftsToOptions(census, emptyOptionDrafts(census), 'ps2', none)
    expect(issues).toEqual([{ path: 'options.eventNames', message: 'Events is required' }])
  })

  it('names a secret by reference once a value is typed or stored, never the value', () => {
    const drafts = emptyOptionDrafts(neuroio)
    expect(draftsToOptions(neuroio, drafts, 'faces', none).issues).toEqual([
      { path: 'options.tokenSecretRef', message: 'enter the api token' },
    ])
    const typed = draftsToOptions(neuroio, drafts, 'faces', {
      ...none,
      entered: new Set(['tokenSecretRef']),
    })
    expect(typed).toEqual({ options: { tokenSecretRef: 'faces.token' }, issues: [] })
    const stored = draftsToOptions(neuroio, { tokenSecretRef: 'shared-token' }, 'faces', {
      ...none,
      stored: new Set(['shared-token']),
    })
    expect(stored.options).toEqual({ tokenSecretRef: 'shared-token' })
  })

  it('shows and writes fields only when the fields they depend on say so', () => {
    const drafts = emptyOptionDrafts(pi)
    const username = pi.fields.find((field) => field.key === 'username')!
    expect(isShown(username, pi, drafts)).toBe(false)
    drafts.auth = 'basic'
    expect(isShown(username, pi, drafts)).toBe(true)
    drafts.server = 'pi.example.com'
    drafts.webIds = 'F1AbcD'
    const { issues } = draftsToOptions(pi, drafts, 'pi', none)
    expect(issues.map((issue) => issue.path)).toEqual([
      'options.username',
      'options.passwordSecretRef',
    ])
  })

  it('reads stored options back into drafts', () => {
    const drafts = optionsToDrafts(census, {
      eventNames: ['Death'],
      worlds: ['1', '10'],
      logicalAndCharactersWithWorlds: false,
      resubscribeMs: 0,
    })
    expect(drafts).toMatchObject({
      eventNames: 'Death',
      worlds: '1, 10',
      logicalAndCharactersWithWorlds: false,
      resubscribeMs: '0',
      characters: '',
    })
    expect(draftsToOptions(census, drafts, 'ps2', none).options).toEqual({
      eventNames: ['Death'],
      worlds: ['1', '10'],
      logicalAndCharactersWithWorlds: false,
      resubscribeMs: 0,
    })
  })

  it('splits lists on commas and lines', () => {
    expect(listItems(' a, b\n\nc ,')).toEqual(['a', 'b', 'c'])
  })
})
