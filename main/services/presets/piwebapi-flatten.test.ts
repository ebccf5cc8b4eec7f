import { describe, expect, it } from 'vitest'
import { flattenPiMessage, piFlag } from './piwebapi-flatten'

const flags = { Good: true, Questionable: false, Substituted: false, Annotated: false }

function value(Timestamp: string, Value: unknown, extra: Record<string, unknown> = {}) {
  return { Timestamp, Value, UnitsAbbreviation: 'm', ...flags, ...extra }
}

const water = {
  WebId: 'F1AbEwater',
  Name: 'Water',
  Path: '\\\\PIAF01\\Plant\\Tank 7|Water',
  Links: {},
  UnitsAbbreviation: 'm',
  Items: [value('2014-07-22T14:00:02Z', 2.3), value('2014-07-22T14:00:01Z', 2.2)],
}
const valve = {
  WebId: 'F1AbEvalve',
  Name: 'Inlet Valve',
  Path: '\\\\PIAF01\\Plant\\Tank 7|Inlet Valve',
  Links: {},
  UnitsAbbreviation: '',
  Items: [value('2014-07-22T14:00:00Z', { Name: 'Open', Value: 1 }, { UnitsAbbreviation: '' })],
}

describe('flattenPiMessage', () => {
  it('makes one event per (stream, value), in the order received, with the stream around it', () => {
    const message = flattenPiMessage({ Links: {}, Items: [water, valve] })
    expect(message.kind).toBe('values')
    if (message.kind !== 'values') return
    expect(message.events).toEqual([
      {
        WebId: 'F1AbEwater',
        Name: 'Water',
        Path: '\\\\PIAF01\\Plant\\Tank 7|Water',
        UnitsAbbreviation: 'm',
        Timestamp: '2014-07-22T14:00:02Z',
        Value: 2.3,
        ...flags,
      },
      // Out of time order as the server sent it: kept that way.
      expect.objectContaining({ Name: 'Water', Timestamp: '2014-07-22T14:00:01Z', Value: 2.2 }),
      expect.objectContaining({
        WebId: 'F1AbEvalve',
        Name: 'Inlet Valve',
        UnitsAbbreviation: '',
        // A digital state stays the object it is.
        Value: { Name: 'Open', Value: 1 },
      }),
    ])
  })

  it('reads quality flags written as strings, and keeps values as sent', () => {
    const stringly = {
      ...water,
      Items: [
        {
          Timestamp: '2014-07-22T14:00:00Z',
          Value: 'true',
          Good: 'true',
          Questionable: 'False',
          Substituted: 'false',
          Annotated: 'true',
        },
      ],
    }
    const message = flattenPiMessage({ Items: [stringly] })
    expect(message).toEqual({
      kind: 'values',
      events: [
        expect.objectContaining({
          Value: 'true',
          Good: true,
          Questionable: false,
          Substituted: false,
          Annotated: true,
          // No units on the value: the stream's.
          UnitsAbbreviation: 'm',
        }),
      ],
    })
  })

  it('keeps system states of bad values, with Good false', () => {
    const bad = {
      ...valve,
      Items: [value('t', { Name: 'I/O Timeout', Value: 246, IsSystem: true }, { Good: false })],
    }
    const message = flattenPiMessage({ Items: [bad] })
    expect(message).toMatchObject({
      kind: 'values',
      events: [{ Good: false, Value: { Name: 'I/O Timeout', Value: 246, IsSystem: true } }],
    })
  })

  it('reads an empty message as a heartbeat and a WebException as an error', () => {
    expect(flattenPiMessage({ Links: {}, Items: [] })).toEqual({ kind: 'heartbeat' })
    expect(
      flattenPiMessage({ WebException: { StatusCode: 502, Errors: ['No data', 'Try later'] } }),
    ).toEqual({ kind: 'error', message: 'PI Web API error 502: No data; Try later' })
    expect(flattenPiMessage({ WebException: {} })).toEqual({
      kind: 'error',
      message: 'PI Web API error: no details given',
    })
  })

  it('reads a WebException with hostile entries without throwing', () => {
    // `String()` throws on an object whose toString is not a function.
    const hostile = { toString: 1 }
    expect(
      flattenPiMessage({ WebException: { StatusCode: hostile, Errors: [hostile, 'No data', 7] } }),
    ).toEqual({ kind: 'error', message: 'PI Web API error: No data; 7' })
    expect(flattenPiMessage({ WebException: { Errors: [hostile] } })).toEqual({
      kind: 'error',
      message: 'PI Web API error: no details given',
    })
  })

  it('skips malformed items and calls anything else other', () => {
    expect(flattenPiMessage({ Items: [null, { Name: 'x' }, { Items: [3] }] })).toEqual({
      kind: 'values',
      events: [],
    })
    expect(flattenPiMessage('text')).toEqual({ kind: 'other' })
    expect(flattenPiMessage({ Links: {} })).toEqual({ kind: 'other' })
  })
})

describe('piFlag', () => {
  it('accepts booleans and their text, nothing else', () => {
    expect([true, false, 'true', 'FALSE', ' True '].map(piFlag)).toEqual([
      true,
      false,
      true,
      false,
      true,
    ])
    expect([1, 'yes', null, undefined].map(piFlag)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})
