import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { optionFields } from './option-fields'
import { durationOption, listOption } from './option-kit'
import { censusDescriptor } from './census'
import { piDescriptor } from './piwebapi'

const schema = z.strictObject({
  name: z.string().default('Vigil'),
  count: z.number().int().min(1).max(50).default(5),
  anyInt: z.number().int().default(0),
  everyMs: durationOption(1_000, 60_000).default(10_000),
  tags: listOption(z.string(), 10).default(['a']),
  secretRef: z.string().optional(),
})

const field = (key: 'name' | 'count' | 'anyInt' | 'everyMs' | 'tags' | 'secretRef') => ({
  key,
  label: key,
  kind: 'text' as const,
  required: false,
  help: '',
})

describe('optionFields', () => {
  it('takes each default and number bounds from the options schema', () => {
    const fields = optionFields(schema, [
      field('name'),
      field('count'),
      field('anyInt'),
      field('everyMs'),
      field('tags'),
      field('secretRef'),
    ])
    expect(fields.map(({ key, default: value, min, max }) => ({ key, value, min, max }))).toEqual([
      { key: 'name', value: 'Vigil', min: undefined, max: undefined },
      { key: 'count', value: 5, min: 1, max: 50 },
      // `.int()` alone bounds nothing a form should show.
      { key: 'anyInt', value: 0, min: undefined, max: undefined },
      // A duration runs from 0 (off) to its maximum.
      { key: 'everyMs', value: 10_000, min: 0, max: 60_000 },
      { key: 'tags', value: ['a'], min: undefined, max: undefined },
      { key: 'secretRef', value: undefined, min: undefined, max: undefined },
    ])
    expect('default' in fields[5]!).toBe(false)
  })

  it('gives the shipped presets the defaults and bounds their forms showed', () => {
    const census = censusDescriptor.fields.find((f) => f.key === 'resubscribeMs')!
    expect(census).toMatchObject({ default: 300_000, min: 0, max: 86_400_000, unit: 'ms' })
    const polling = piDescriptor.fields.find((f) => f.key === 'pollingIntervalMs')!
    expect(polling).toMatchObject({ default: 5_000, min: 10, max: 3_600_000 })
    expect(censusDescriptor.fields.find((f) => f.key === 'characters')!.default).toEqual(['all'])
  })
})
