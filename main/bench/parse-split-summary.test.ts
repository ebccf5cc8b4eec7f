import { describe, expect, it } from 'vitest'
import { PARSE_FUNCTION, splitByCaller, type CpuProfile } from './parse-split-summary'

const frame = (functionName: string, url = 'file:///x.ts') => ({ functionName, url })

/** root → emit → bare handler → parse, toString; root → emit → receive → parse, toString, frame. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2] },
    { id: 2, callFrame: frame('emit'), children: [3, 6] },
    { id: 3, callFrame: frame('', 'file:///main/bench/clients.ts'), children: [4, 5] },
    { id: 4, callFrame: frame(PARSE_FUNCTION) },
    { id: 5, callFrame: frame('toString', 'node:buffer') },
    { id: 6, callFrame: frame('receive', 'file:///connection.ts'), children: [7, 8, 9] },
    { id: 7, callFrame: frame(PARSE_FUNCTION), children: [10] },
    { id: 8, callFrame: frame('toString', 'node:buffer') },
    { id: 9, callFrame: frame('frame', 'file:///source-reader.ts') },
    { id: 10, callFrame: frame('(garbage collector)', '') },
  ],
  // Each sample lasts until the next: the first delta is the time before the first sample.
  samples: [4, 4, 3, 5, 7, 10, 6, 8, 9, 2, 1],
  timeDeltas: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
}

describe('splitByCaller', () => {
  it("sums the parse's time, the caller's own lines and its toString, by caller", () => {
    const splits = splitByCaller(profile, ({ functionName, url }) =>
      functionName === 'receive' ? 'pipeline' : url.endsWith('/clients.ts') ? 'bare' : null,
    )
    expect(Object.fromEntries(splits)).toEqual({
      // parse: samples 0 and 1 (10 + 20); own: sample 2 (30); toString: sample 3 (40).
      bare: { parse: 30, own: 30, toString: 40 },
      // parse: samples 4 and its collector's 5 (50 + 60); own: 6 (70); toString: 7 (80).
      pipeline: { parse: 110, own: 70, toString: 80 },
    })
  })

  it('leaves out callers it is told to leave out', () => {
    const splits = splitByCaller(profile, ({ functionName }) =>
      functionName === 'receive' ? 'pipeline' : null,
    )
    expect([...splits.keys()]).toEqual(['pipeline'])
  })
})
