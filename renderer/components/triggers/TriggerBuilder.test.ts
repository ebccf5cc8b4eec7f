import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { Condition, ConditionLeaf } from '../../../shared/conditions/schema'
import type { Issue } from '../../../shared/result'
import { suggestFields } from '../../lib/field-suggestions'
import { newDraft, type Draft } from '../../lib/trigger-draft'
import { vigilEvent } from '../../test/fixtures'
import { mountBuilder as mountTriggerBuilder } from '../../test/trigger-builder'

const sample = vigilEvent(1, {
  type: 'Death',
  payload: { is_headshot: '1', world_id: '17', attacker_character_id: '5428' },
})

/** The builder on a Death trigger with this condition, its fields and sample from `sample`. */
function mountBuilder(condition: Condition, issues: Issue[] = []) {
  const draft: Draft = { ...newDraft({ type: 'Death' }), id: 'test', condition }
  return mountTriggerBuilder(draft, {
    issues,
    fields: suggestFields([sample]),
    knownTypes: ['Death'],
    sources: [{ id: 'demo', name: 'Demo' }],
    sampleEvent: sample,
  })
}

const leafAt = (wrapper: ReturnType<typeof mountBuilder>['wrapper'], path: string) =>
  wrapper.get(`[data-node-path="${path}"] > .node-head`)

describe('TriggerBuilder: condition leaves', () => {
  it('edits a leaf field and operator, reshaping the value to fit the operator', async () => {
    const { wrapper, current } = mountBuilder({
      all: [{ field: 'payload.world_id', op: 'eq', value: 17 }],
    })
    const leaf = leafAt(wrapper, 'all.0')
    await leaf.get('input[role="combobox"]').setValue('payload.attacker_character_id')
    expect((current().condition as { all: ConditionLeaf[] }).all[0]!.field).toBe(
      'payload.attacker_character_id',
    )

    await leaf.get('select.operator-select').setValue('in')
    expect((current().condition as { all: ConditionLeaf[] }).all[0]).toEqual({
      field: 'payload.attacker_character_id',
      op: 'in',
      value: [17],
    })
    wrapper.unmount()
  })

  it('maps each operator to the value input it needs', async () => {
    const cases: [ConditionLeaf, string, (leaf: ReturnType<typeof leafAt>) => void][] = [
      [
        { field: 'payload.x', op: 'eq', value: 'a' },
        'scalar',
        (l) => expect(l.findAll('input[type="text"]')).toHaveLength(2),
      ],
      [
        { field: 'payload.x', op: 'in', value: ['a', 'b'] },
        'list',
        (l) => expect(l.findAll('.list-input li')).toHaveLength(3),
      ],
      [{ field: 'payload.x', op: 'contains', value: 'a' }, 'string', () => {}],
      [
        { field: 'payload.x', op: 'matches', value: '^a', flags: 'i' },
        'regex',
        (l) => {
          expect(l.text()).toContain('Valid pattern')
          expect(l.get('input[aria-label="ignore case"]').element).toHaveProperty('checked', true)
        },
      ],
      [
        { field: 'payload.x', op: 'gt', value: 3 },
        'number',
        (l) => expect(l.findAll('input[type="number"]')).toHaveLength(1),
      ],
      [
        { field: 'payload.x', op: 'between', value: [1, 5] },
        'range',
        (l) =>
          expect(
            l.findAll('input[type="number"]').map((i) => (i.element as HTMLInputElement).value),
          ).toEqual(['1', '5']),
      ],
      [
        { field: 'payload.x', op: 'exists' },
        'none',
        (l) => expect(l.findAll('.value-input input')).toHaveLength(0),
      ],
      [
        { field: 'payload.x', op: 'is-false' },
        'none',
        (l) => expect(l.findAll('.value-input input')).toHaveLength(0),
      ],
      [
        { field: 'payload.x', op: 'changed', key: 'payload.id' },
        'none',
        (l) =>
          expect((l.get('.changed-key input').element as HTMLInputElement).value).toBe(
            'payload.id',
          ),
      ],
    ]
    for (const [leaf, rule, check] of cases) {
      const { wrapper } = mountBuilder({ all: [leaf] })
      const row = leafAt(wrapper, 'all.0')
      expect(row.get('.value-input').attributes('data-rule')).toBe(rule)
      check(row)
      wrapper.unmount()
    }
  })

  it('says at once whether a pattern compiles, and keeps the flags', async () => {
    const { wrapper, current } = mountBuilder({
      all: [{ field: 'payload.x', op: 'matches', value: 'a' }],
    })
    const row = () => leafAt(wrapper, 'all.0')
    await row().get('.pattern input').setValue('a(b')
    expect(row().get('.regex-input .state').text()).toMatch(/^Invalid: /)
    await row().get('input[aria-label="ignore case"]').setValue(true)
    expect((current().condition as { all: ConditionLeaf[] }).all[0]).toEqual({
      field: 'payload.x',
      op: 'matches',
      value: 'a(b',
      flags: 'i',
    })
    wrapper.unmount()
  })

  it('flags a reversed range and an empty list value while editing, and a bad pattern once', () => {
    const { wrapper } = mountBuilder(
      {
        all: [
          { field: 'payload.x', op: 'between', value: [10, 2] },
          { field: 'payload.y', op: 'in', value: ['a', ''] },
          { field: 'payload.z', op: 'matches', value: 'a(' },
        ],
      },
      [{ path: 'condition.all.2.value', message: 'invalid regular expression: a(' }],
    )
    const rowText = (path: string) => leafAt(wrapper, path).element.parentElement!.textContent!
    expect(rowText('all.0')).toMatch(/range is reversed/)
    expect(rowText('all.1')).toMatch(/a value is empty/)
    expect(rowText('all.2').match(/Invalid: /g)).toHaveLength(1)
    expect(rowText('all.2')).not.toContain('invalid regular expression: a(')
    wrapper.unmount()
  })

  it('puts the focus in a value just added, and keeps suggestion lists out of the tab order', async () => {
    const { wrapper } = mountBuilder({ all: [{ field: 'payload.x', op: 'in', value: ['a'] }] })
    const buttons = leafAt(wrapper, 'all.0').findAll('button')
    await buttons.find((b) => b.text() === 'Add value')!.trigger('click')
    await nextTick()
    const inputs = leafAt(wrapper, 'all.0').findAll('.list-input input')
    expect(inputs).toHaveLength(2)
    expect(document.activeElement).toBe(inputs[1]!.element)
    for (const list of wrapper.findAll('[role="listbox"]'))
      expect(list.attributes('tabindex')).toBe('-1')
    wrapper.unmount()
  })

  it('reorders and nests with buttons and with Alt+arrows', async () => {
    const a: ConditionLeaf = { field: 'payload.a', op: 'exists' }
    const b: ConditionLeaf = { field: 'payload.b', op: 'exists' }
    const { wrapper, current } = mountBuilder({ all: [a, b] })
    await leafAt(wrapper, 'all.1').get('[data-control="up"]').trigger('click')
    expect(current().condition).toEqual({ all: [b, a] })

    await leafAt(wrapper, 'all.0')
      .get('input[role="combobox"]')
      .trigger('keydown', { key: 'ArrowDown', altKey: true })
    expect(current().condition).toEqual({ all: [a, b] })
    await leafAt(wrapper, 'all.1')
      .get('select.operator-select')
      .trigger('keydown', { key: 'ArrowRight', altKey: true })
    expect(current().condition).toEqual({ all: [a, { all: [b] }] })
    await leafAt(wrapper, 'all.1.all.0').get('[data-control="outdent"]').trigger('click')
    expect(current().condition).toEqual({ all: [a, { all: [] }, b] })
    wrapper.unmount()
  })

  it('shows contract problems beside the input whose path they name', () => {
    const { wrapper } = mountBuilder({ all: [{ field: 'payload.x', op: 'gt', value: 1 }] }, [
      { path: 'condition.all.0.value', message: 'must be a finite number' },
      { path: 'actions.0.title', message: 'a title is required' },
      { path: 'name', message: 'a name is required' },
    ])
    expect(leafAt(wrapper, 'all.0').element.parentElement!.textContent).toContain(
      'must be a finite number',
    )
    expect(wrapper.get('.actions .card').text()).toContain('a title is required')
    expect(wrapper.get('.basics').text()).toContain('a name is required')
    wrapper.unmount()
  })

  it('previews templates against the sample event and summarises noise control', async () => {
    const { wrapper } = mountBuilder({ all: [] })
    const title = wrapper.get('.actions .card input[type="text"]')
    await title.setValue('Headshot on world {{payload.world_id}}')
    expect(wrapper.get('.actions .card').text()).toMatch(/Preview:\s*Headshot on world 17/)
    await title.setValue('broken {{payload.world_id')
    expect(wrapper.get('.actions .card').text()).toMatch(/invalid template: unclosed \{\{/)

    await wrapper.get('.noise-editor input[type="checkbox"]').setValue(true)
    expect(wrapper.get('.noise-editor .summary').text()).toContain('At most once per 5 minutes.')
    wrapper.unmount()
  })
})
