/**
 * Text search over a large history: fills a fresh database with Census-like events straight
 * through History (the pipeline's own recorder and write batches), then times the searches people
 * run, each the median of three.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { History } from '../services/history/history'
import { silentLogger } from '../services/util/logger'
import { censusFrameTexts } from './feed-frames'

export interface SearchTiming {
  label: string
  ms: number
  found: number
}

export interface SearchReport {
  events: number
  fillSeconds: number
  timings: SearchTiming[]
}

export async function searchBench(count: number): Promise<SearchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-search-'))
  const history = History.open({ path: join(dir, 'history.sqlite'), logger: silentLogger })
  const payloads = censusFrameTexts(8_192).map(
    (text) => (JSON.parse(text) as { payload: Record<string, string> }).payload,
  )
  const at = Date.now() - count
  const filled = performance.now()
  for (let id = 1; id <= count; id++) {
    const payload = payloads[id % payloads.length]!
    history.events.record({
      id,
      sourceId: id % 4 === 0 ? 'other' : 'ps2',
      type: payload.event_name!,
      receivedAt: at + id,
      payload,
    })
    if (id % 50_000 === 0) await history.flush()
  }
  await history.flush()
  const fillSeconds = (performance.now() - filled) / 1_000

  const timings: SearchTiming[] = []
  const time = async (label: string, query: Parameters<History['search']>[0]) => {
    const runs: number[] = []
    let found = 0
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      found = (await history.search(query)).events.length
      runs.push(performance.now() - started)
    }
    runs.sort((a, b) => a - b)
    timings.push({ label, ms: runs[1]!, found })
  }
  const oldest = payloads[1]!
  await time('text, no match (scans every payload)', { q: 'no-such-value' })
  await time('text, one character id (first page of 100)', { q: oldest.character_id! })
  await time('text, common (first page of 100)', { q: '"world_id":"17"' })
  await time('text + source + type, no match', {
    q: 'no-such-value',
    source: 'other',
    type: 'Death',
  })
  await time('type, newest 100', { type: 'MetagameEvent' })
  await time('time range (a tenth of the events), newest 100', {
    from: at + count * 0.4,
    to: at + count * 0.5,
  })
  await history.close()
  await rm(dir, { recursive: true, force: true })
  return { events: count, fillSeconds, timings }
}
