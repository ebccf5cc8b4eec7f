import { describe, expect, it } from 'vitest'
import { validateWith } from './schema-kit'
import { triggerConfigSchema, triggerDraftSchema } from './trigger-config'

const base = {
  id: 'beat',
  name: 'Plant heartbeat',
  events: ['heartbeat'],
  actions: [{ type: 'notify', title: 'No heartbeat for {{absence.seconds}} s' }],
}
const onExpire = { title: '{{trigger.name}} did not happen by {{trigger.deadline}}' }

function issues(input: unknown) {
  const result = validateWith(triggerConfigSchema, input)
  return result.ok ? [] : result.issues
}

describe('trigger timing keys', () => {
  it('accepts an absence trigger and a single shot with each kind of deadline', () => {
    const absence = validateWith(triggerConfigSchema, {
      ...base,
      mode: 'absence',
      absence: { seconds: 600 },
    })
    expect(absence.ok && absence.value).toMatchObject({
      mode: 'absence',
      absence: { seconds: 600 },
    })
    const shot = { ...base, actions: [{ type: 'notify', title: 'BR 100' }], mode: 'single-shot' }
    const atTime = validateWith(triggerConfigSchema, {
      ...shot,
      deadline: '2030-01-01T22:00:00+01:00',
      onExpire,
    })
    // onExpire gets a notification's defaults.
    expect(atTime.ok && atTime.value.onExpire).toEqual({ ...onExpire, body: '', urgency: 'normal' })
    expect(issues({ ...shot, expireAfterSeconds: 3600, onExpire })).toEqual([])
  })

  it('says which key does not go with the mode, at that key', () => {
    expect(issues({ ...base, mode: 'absence' })).toEqual([
      { path: 'absence', message: 'mode "absence" needs "absence": {"seconds": N}' },
    ])
    expect(issues({ ...base, absence: { seconds: 5 } })).toContainEqual({
      path: 'absence',
      message: '"absence" applies only to mode "absence"',
    })
    const plain = { ...base, actions: [{ type: 'notify', title: 'x' }] }
    expect(issues({ ...plain, deadline: '2030-01-01T22:00:00Z', onExpire })).toEqual([
      { path: 'deadline', message: 'only a single-shot trigger can have a deadline' },
    ])
    expect(
      issues({
        ...plain,
        mode: 'absence',
        absence: { seconds: 5 },
        expireAfterSeconds: 9,
        onExpire,
      }),
    ).toEqual([{ path: 'expireAfterSeconds', message: 'only a single-shot trigger can expire' }])
    const shot = { ...plain, mode: 'single-shot' }
    expect(issues({ ...shot, deadline: '2030-01-01T22:00:00Z' })).toEqual([
      { path: 'onExpire', message: 'a deadline needs an "onExpire" notification' },
    ])
    expect(issues({ ...shot, onExpire })).toEqual([
      { path: 'onExpire', message: '"onExpire" needs a "deadline" or "expireAfterSeconds"' },
    ])
    expect(
      issues({ ...shot, deadline: '2030-01-01T22:00:00Z', expireAfterSeconds: 60, onExpire }),
    ).toEqual([
      {
        path: 'expireAfterSeconds',
        message: 'give either "deadline" or "expireAfterSeconds", not both',
      },
    ])
  })

  it('bounds the durations and reads the deadline as an ISO time with its offset', () => {
    const absence = (seconds: unknown) => issues({ ...base, mode: 'absence', absence: { seconds } })
    expect(absence(0)).toEqual([{ path: 'absence.seconds', message: 'at least 1 second' }])
    expect(absence(1.5)).toEqual([{ path: 'absence.seconds', message: 'write whole seconds' }])
    expect(absence(8 * 86_400)).toEqual([
      { path: 'absence.seconds', message: 'at most a week (604800 seconds)' },
    ])
    const shot = {
      ...base,
      actions: [{ type: 'notify', title: 'x' }],
      mode: 'single-shot',
      onExpire,
    }
    expect(issues({ ...shot, expireAfterSeconds: 366 * 86_400 })).toEqual([
      { path: 'expireAfterSeconds', message: 'at most a year (31536000 seconds)' },
    ])
    expect(issues({ ...shot, deadline: 'tonight at ten' })).toEqual([
      {
        path: 'deadline',
        message: 'write the deadline as an ISO 8601 time, e.g. 2030-01-01T22:00:00+01:00',
      },
    ])
  })

  it('refuses {{absence.…}} where no absence firing fills it in, at the template', () => {
    expect(
      issues({ ...base, noise: { cooldown: { seconds: 5, key: '{{ absence.since }}' } } }),
    ).toEqual([
      {
        path: 'actions.0.title',
        message: '{{absence.…}} is filled in only by a trigger of mode "absence"',
      },
      {
        path: 'noise.cooldown.key',
        message: '{{absence.…}} is filled in only by a trigger of mode "absence"',
      },
    ])
  })

  it('checks drafts the same way (the backtest runs them)', () => {
    const result = validateWith(triggerDraftSchema, { name: 'x', mode: 'absence' })
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual(['absence'])
  })

  it("checks an action's events against the trigger's", () => {
    const actions = [{ type: 'notify', title: 'x', events: ['heartbeat', 'alarm'] }]
    expect(issues({ ...base, actions })).toEqual([
      { path: 'actions.0.events.1', message: 'the trigger does not look at "alarm" events' },
    ])
  })
})
