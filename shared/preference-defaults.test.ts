import { describe, expect, expectTypeOf, it } from 'vitest'
import { defaultPreferences } from './preference-defaults'
import { preferencesSchema, type Preferences } from './preferences'

describe('defaultPreferences', () => {
  it('is exactly what an empty preferences object parses to', () => {
    expect(defaultPreferences()).toEqual(preferencesSchema.parse({}))
    // ...and has the parsed type (checked by the type-checker, which runs over the tests).
    expectTypeOf(defaultPreferences()).toExtend<Preferences>()
  })

  it('answers a fresh copy each time', () => {
    const first = defaultPreferences()
    first.triggers.noise.quietHours.push({ days: ['mon'], from: '22:00', to: '07:00' })
    expect(defaultPreferences().triggers.noise.quietHours).toEqual([])
  })
})
