import { describe, expect, it } from 'vitest'
import { outageTrigger } from '../../../shared/outage-trigger'
import type { Draft } from '../../lib/trigger-draft'
import { mountBuilder as mountTriggerBuilder } from '../../test/trigger-builder'

const mountBuilder = (draft: Draft) => mountTriggerBuilder(draft, { isNew: false })

describe('ActionsEditor: the event types an action runs for', () => {
  it("shows and edits each action's types, as the outage trigger uses them", async () => {
    const { wrapper, current } = mountBuilder(outageTrigger())
    const groups = wrapper.findAll('fieldset.action-events')
    expect(groups).toHaveLength(2)
    const boxes = groups[0]!.findAll('input[type="checkbox"]')
    expect(boxes.map((box) => (box.element as HTMLInputElement).checked)).toEqual([true, false])

    // Ticking every type means every type: the key goes.
    await boxes[1]!.setValue(true)
    expect(current().actions[0]).not.toHaveProperty('events')
    await wrapper
      .findAll('fieldset.action-events')[0]!
      .findAll('input[type="checkbox"]')[0]!
      .setValue(false)
    expect(current().actions[0]).toMatchObject({ events: ['source-recovered'] })
    wrapper.unmount()
  })
})
