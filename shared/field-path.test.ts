import { describe, expect, it } from 'vitest'
import {
  collectPath,
  compilePathReader,
  formatFieldPath,
  mustParseFieldPath,
  parseFieldPath,
  readPath,
  WILDCARD,
} from './field-path'

describe('parseFieldPath', () => {
  it('parses dotted, indexed, wildcard and quoted segments', () => {
    expect(mustParseFieldPath('payload.character_id').segments).toEqual(['payload', 'character_id'])
    expect(mustParseFieldPath('Items[0].Value').segments).toEqual(['Items', '0', 'Value'])
    expect(mustParseFieldPath('Items.*.Items[*].Value').segments).toEqual([
      'Items',
      WILDCARD,
      'Items',
      WILDCARD,
      'Value',
    ])
    expect(mustParseFieldPath('payload["odd.key"]').segments).toEqual(['payload', 'odd.key'])
    expect(mustParseFieldPath('send this for help.service').segments).toEqual([
      'send this for help',
      'service',
    ])
  })

  it('rejects malformed paths with the position', () => {
    for (const bad of ['', 'a..b', 'a.', '.a', 'a[', 'a[x]', 'a[0]b', 'a."b"']) {
      const parsed = parseFieldPath(bad)
      expect(parsed.ok, bad).toBe(false)
    }
    const parsed = parseFieldPath('a..b')
    expect(!parsed.ok && parsed.message).toMatch(/position 3/)
  })

  it('formats back to a canonical form that parses to the same segments', () => {
    for (const text of ['a.b', 'Items.*.Value', 'a["x.y"].z', 'a.0']) {
      const { segments } = mustParseFieldPath(text)
      expect(mustParseFieldPath(formatFieldPath(segments)).segments).toEqual(segments)
    }
  })
})

describe('readPath and collectPath', () => {
  const pi = {
    Items: [
      { Name: 'Water', Items: [{ Value: 2.3 }, { Value: 2.4 }] },
      { Name: 'Valve', Items: [{ Value: { Name: 'Active', Value: 1 } }] },
    ],
  }

  it('reads plain paths, with undefined for anything missing', () => {
    expect(
      readPath({ payload: { battle_rank: '25' } }, mustParseFieldPath('payload.battle_rank')),
    ).toBe('25')
    expect(readPath({ payload: null }, mustParseFieldPath('payload.x'))).toBeUndefined()
    expect(readPath('text', mustParseFieldPath('length'))).toBeUndefined()
    expect(readPath(pi, mustParseFieldPath('Items.1.Name'))).toBe('Valve')
  })

  it('fans wildcards out over arrays and objects', () => {
    expect(collectPath(pi, mustParseFieldPath('Items.*.Items.*.Value'))).toEqual([
      2.3,
      2.4,
      { Name: 'Active', Value: 1 },
    ])
    expect(collectPath({ a: { x: 1, y: 2 } }, mustParseFieldPath('a.*'))).toEqual([1, 2])
    expect(readPath(pi, mustParseFieldPath('Items.*.Name'))).toBe('Water')
  })

  it('never walks into the prototype chain', () => {
    expect(readPath({}, mustParseFieldPath('constructor'))).toBeUndefined()
    expect(readPath({}, mustParseFieldPath('__proto__.toString'))).toBeUndefined()
  })
})

describe('compilePathReader', () => {
  const root = {
    payload: { character_id: '5428', nested: { deep: [1, { x: 'y' }] }, length: 3, text: 'abc' },
    list: [10, 20],
  }
  const paths = [
    'payload',
    'payload.character_id',
    'payload.missing',
    'payload.nested.deep.1.x',
    'payload.nested.deep.5.x',
    'payload.text.length',
    'payload.length',
    'payload.constructor',
    'payload.__proto__',
    'payload.toString',
    'list.length',
    'list.0',
    'list.*',
    'missing.x',
    'payload.character_id.x',
  ]

  it('reads exactly what readPath reads, never through a prototype', () => {
    for (const text of paths) {
      const path = mustParseFieldPath(text)
      expect(compilePathReader(path)(root), text).toEqual(readPath(root, path))
    }
    expect(compilePathReader(mustParseFieldPath('payload.constructor'))(root)).toBeUndefined()
    expect(compilePathReader(mustParseFieldPath('a.b'))(null)).toBeUndefined()
    expect(compilePathReader(mustParseFieldPath('a'))('text')).toBeUndefined()
  })
})
