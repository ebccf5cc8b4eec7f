import { describe, expect, it } from 'vitest'
import { rateSeries, recordRate, type RatePoint } from './rate-history'

const at = (second: number) => second * 1000 + 250

describe('rate history', () => {
  it('records changes only, one point per second', () => {
    let history: readonly RatePoint[] = []
    history = recordRate(history, at(10), 5)
    const same = recordRate(history, at(11), 5)
    expect(same).toBe(history)
    history = recordRate(history, at(12), 7)
    history = recordRate(history, at(12) + 500, 8)
    expect(history).toEqual([
      { second: 10, rate: 5 },
      { second: 12, rate: 8 },
    ])
  })

  it('drops points older than the span but keeps the one that sets its start', () => {
    let history: readonly RatePoint[] = []
    for (let s = 0; s < 10; s++) history = recordRate(history, at(s), s, 5)
    expect(history.map((point) => point.second)).toEqual([4, 5, 6, 7, 8, 9])
  })

  it('reads one value per second, carrying each forward and zero before the first', () => {
    const history: RatePoint[] = [
      { second: 100, rate: 3 },
      { second: 103, rate: 0 },
      { second: 104, rate: 9 },
    ]
    expect(rateSeries(history, at(105), 8)).toEqual([0, 0, 3, 3, 3, 0, 9, 9])
    expect(rateSeries(undefined, at(105), 3)).toEqual([0, 0, 0])
  })
})
