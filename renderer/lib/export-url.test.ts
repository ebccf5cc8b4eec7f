import { describe, expect, it } from 'vitest'
import { exportDownloadUrl } from './export-url'

describe('exportDownloadUrl', () => {
  it('puts every field of the request in the query, and nothing for the fields left out', () => {
    expect(exportDownloadUrl({ kind: 'events', format: 'csv' })).toBe(
      '/api/export?kind=events&format=csv',
    )
    expect(
      exportDownloadUrl({
        kind: 'events',
        format: 'jsonl',
        source: 'demo',
        type: 'Death',
        q: 'a&b c',
        from: 1_700_000_000_000,
      }),
    ).toBe(
      '/api/export?kind=events&format=jsonl&source=demo&type=Death&q=a%26b+c&from=1700000000000',
    )
  })
})
