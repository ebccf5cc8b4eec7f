/**
 * Child process for the crash test: records events as fast as it can through History, flushing
 * after every 2,000 and printing `committed <last id>` once each flush is on disk, until the test
 * kills it with SIGKILL, usually in the middle of a write. Test-only.
 */

import { silentLogger } from '../../util/logger'
import { History } from '../history'

const path = process.argv[2]
if (!path) throw new Error('usage: crash-writer <database path>')

const history = History.open({ path, logger: silentLogger, events: { batchRows: 1_000 } })
let id = 0
for (;;) {
  for (let i = 0; i < 2_000; i++) {
    id++
    history.events.record({
      id,
      sourceId: 'crash',
      type: 'Tick',
      receivedAt: Date.now(),
      payload: { n: String(id), filler: 'x'.repeat(200) },
    })
  }
  await history.flush()
  process.stdout.write(`committed ${id}\n`)
}
