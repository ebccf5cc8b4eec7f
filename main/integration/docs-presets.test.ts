/** The config reference's preset examples are config v1 that validates, one per preset. */

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PRESET_IDS } from '../../shared/preset-id'
import { validateSource } from '../../shared/source-config'

const reference = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8')
const section = reference.slice(
  reference.indexOf('### Presets'),
  reference.indexOf('### Source states'),
)
const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (match) => JSON.parse(match[1]!) as { preset: string },
)

describe('docs/config.md preset examples', () => {
  it('show every preset once', () => {
    expect(examples.map((example) => example.preset).sort()).toEqual([...PRESET_IDS].sort())
  })

  it.each(examples.map((example) => [example.preset, example] as const))(
    '%s validates',
    (_id, example) => {
      expect(validateSource(example)).toMatchObject({ ok: true })
    },
  )
})
