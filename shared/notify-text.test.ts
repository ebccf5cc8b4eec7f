import { describe, expect, it } from 'vitest'
import { defaultNotifyText, defaultOnExpireText } from './notify-text'
import { parseTemplate } from './templates'
import { triggerConfigSchema } from './trigger-config'

const doors = [{ id: 'home-doors', name: 'Home doors' }]
const condition = {
  all: [
    { field: 'payload.door', op: 'eq' as const, value: 'front' },
    { not: { field: 'payload.state', op: 'eq' as const, value: 'closed' } },
    { field: 'type', op: 'eq' as const, value: 'door' },
  ],
}

function render(template: string, payload: unknown, type = 'door') {
  const parsed = parseTemplate(template)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.template.render({
    event: { id: 1, sourceId: 'home-doors', type, receivedAt: 0, payload },
    trigger: { id: 't', name: 'Front door' },
  })
}

describe('default notification text', () => {
  it("names the source and the condition's fields, not the type and source id", () => {
    const text = defaultNotifyText({ condition, events: ['door'], sources: doors })
    expect(text).toEqual({
      title: '{{trigger.name}}',
      body: 'Home doors: door {{payload.door}}, state {{payload.state}}',
    })
    expect(render(text.body, { door: 'front', state: 'open' })).toBe(
      'Home doors: door front, state open',
    )
  })

  it('says the type when the trigger looks at several, and the source id when at several sources', () => {
    const text = defaultNotifyText({
      condition,
      events: [],
      sources: [...doors, { id: 'garage', name: 'Garage' }],
    })
    expect(text.body).toBe('{{sourceId}} {{type}}: door {{payload.door}}, state {{payload.state}}')
  })

  it('without a condition, says what came from where', () => {
    expect(
      defaultNotifyText({ condition: { all: [] }, events: ['door'], sources: doors }).body,
    ).toBe('door from Home doors')
  })

  it('keeps a source name with braces from reading as a placeholder', () => {
    const text = defaultNotifyText({
      condition: { all: [] },
      events: [],
      sources: [{ id: 'x', name: 'Odd {{name}}' }],
    })
    expect(render(text.body, {}, 'ping')).toBe('ping from Odd { {name}}')
  })

  it('gives absence triggers and deadlines text that passes the trigger schema', () => {
    const absence = defaultNotifyText({
      condition,
      events: ['door'],
      sources: doors,
      mode: 'absence',
    })
    const trigger = triggerConfigSchema.safeParse({
      id: 't',
      name: 'Quiet door',
      events: ['door'],
      mode: 'absence',
      absence: { seconds: 60 },
      actions: [{ type: 'notify', ...absence }],
    })
    expect(trigger.success).toBe(true)
    const shot = triggerConfigSchema.safeParse({
      id: 't',
      name: 'BR 100',
      mode: 'single-shot',
      expireAfterSeconds: 60,
      onExpire: defaultOnExpireText(),
      actions: [{ type: 'notify', title: 'x' }],
    })
    expect(shot.success).toBe(true)
  })
})
