import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { issuesText, MAX_NESTING, parseWith, validateWith } from './schema-kit'

const schema = z.strictObject({ name: z.string().min(1, 'a name is required'), size: z.number() })

describe('the validate-and-report pipeline', () => {
  it('answers the parsed value, defaults included', () => {
    const withDefault = z.object({ n: z.number().default(3) })
    expect(validateWith(withDefault, {})).toEqual({ ok: true, value: { n: 3 } })
  })

  it('reports every problem by path, and unknown keys by their full path', () => {
    expect(validateWith(schema, { name: '', size: 'big', extra: 1 })).toEqual({
      ok: false,
      issues: [
        { path: 'name', message: 'a name is required' },
        { path: 'size', message: 'Invalid input: expected number, received string' },
        { path: 'extra', message: 'unknown key: extra' },
      ],
    })
  })

  it('names the paths as the caller does (a part of a bigger document)', () => {
    const checked = parseWith(schema, { name: '', size: 1 }, (path) => `part.${path}`)
    expect(checked).toEqual({
      ok: false,
      issues: [{ path: 'part.name', message: 'a name is required' }],
    })
  })

  it('refuses input nested too deep before the schema sees it', () => {
    let deep: unknown = 1
    for (let i = 0; i <= MAX_NESTING; i++) deep = [deep]
    expect(validateWith(z.unknown(), deep)).toEqual({
      ok: false,
      issues: [{ path: '(root)', message: `nested more than ${MAX_NESTING} levels deep` }],
    })
  })

  it('writes issues as one line for a message or the log', () => {
    expect(
      issuesText([
        { path: 'a', message: 'one' },
        { path: 'b.c', message: 'two' },
      ]),
    ).toBe('a: one; b.c: two')
  })
})
