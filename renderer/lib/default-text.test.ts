import { describe, expect, it } from 'vitest'
import { followDefaultText, notifyTextFor } from './default-text'
import { newDraft, type Draft } from './trigger-draft'

const doors = [{ id: 'home-doors', name: 'Home doors' }]

describe("a new trigger's notification text", () => {
  const draft = newDraft({ source: 'home-doors', type: 'door' }, undefined, doors)

  it('starts with the source by name, not "door from home-doors"', () => {
    expect(draft.actions[0]).toMatchObject({ type: 'notify', body: 'door from Home doors' })
  })

  it("follows the condition's fields while it is the default text", () => {
    const next: Draft = {
      ...draft,
      condition: { all: [{ field: 'payload.state', op: 'eq', value: 'open' }] },
    }
    const followed = followDefaultText(draft, next, doors)
    expect(followed.actions[0]).toMatchObject({ body: 'Home doors: state {{payload.state}}' })
    const absence = followDefaultText(followed, { ...followed, mode: 'absence' }, doors)
    expect(absence.actions[0]).toMatchObject({
      body: expect.stringContaining('{{absence.seconds}}'),
    })
  })

  it('leaves text the user wrote alone', () => {
    const own: Draft = {
      ...draft,
      actions: [{ type: 'notify', title: 'Door!', body: 'mine', urgency: 'normal' }],
    }
    const next = { ...own, condition: { all: [{ field: 'payload.state', op: 'exists' as const }] } }
    expect(followDefaultText(own, next, doors)).toBe(next)
  })

  it('names a source it does not know by its id', () => {
    expect(notifyTextFor({ ...draft, sources: ['garage'] }, doors).body).toBe('door from garage')
  })
})
