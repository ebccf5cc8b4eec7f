import { describe, expect, it } from 'vitest'
import { configSchema, emptyConfig } from './config'
import {
  hasOutageTrigger,
  OUTAGE_TRIGGER_ID,
  outageTrigger,
  withOutageTrigger,
} from './outage-trigger'
import { triggerConfigSchema } from './trigger-config'

describe('the outage trigger', () => {
  it('is a valid trigger on the vigil source, critical on failure and normal on recovery', () => {
    const trigger = triggerConfigSchema.parse(outageTrigger())
    expect(trigger).toEqual(outageTrigger())
    expect(trigger).toMatchObject({
      id: OUTAGE_TRIGGER_ID,
      enabled: true,
      sources: ['vigil'],
      events: ['source-failed', 'source-recovered'],
    })
    expect(trigger.actions.map((a) => a.type === 'notify' && [a.urgency, a.events])).toEqual([
      ['critical', ['source-failed']],
      ['normal', ['source-recovered']],
    ])
  })

  it('is added once to a config, and never where one already tells of failures', () => {
    const config = withOutageTrigger(emptyConfig())
    expect(configSchema.safeParse(config).success).toBe(true)
    expect(hasOutageTrigger(config.triggers)).toBe(true)
    expect(withOutageTrigger(config)).toBe(config)

    const own = { sources: ['vigil'], events: ['source-failed'] }
    expect(hasOutageTrigger([own])).toBe(true)
    expect(hasOutageTrigger([{ sources: ['vigil'], events: [] }])).toBe(true)
    expect(hasOutageTrigger([{ sources: [], events: ['source-failed'] }])).toBe(true)
    expect(hasOutageTrigger([{ sources: ['vigil'], events: ['source-recovered'] }])).toBe(false)
    expect(hasOutageTrigger([{ sources: [], events: [] }])).toBe(false)
    expect(hasOutageTrigger([{ sources: ['ps2'], events: ['source-failed'] }])).toBe(false)
  })
})
