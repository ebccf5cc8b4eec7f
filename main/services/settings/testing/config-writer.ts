/**
 * Child process for the interrupted-write test: saves two config documents in turn, as fast as it
 * can, until the test kills it with SIGKILL (at whatever point of a write it happens to be).
 * Test-only.
 */

import { configSchema, type Config } from '../../../../shared/config'
import { ConfigFile } from '../config-file'

const path = process.argv[2]
if (!path) throw new Error('usage: config-writer <config path>')

const file = new ConfigFile(path)
const documents: Config[] = ['a', 'b'].map((name) =>
  configSchema.parse({
    version: 1,
    sources: Array.from({ length: 200 }, (_, i) => ({
      id: `${name}${i}`,
      name: `${name} ${'x'.repeat(150)}`,
      preset: 'generic' as const,
      enabled: true,
      url: 'ws://127.0.0.1:1/',
      headers: {},
      onOpen: [],
    })),
    triggers: [],
  }),
)
for (let round = 0; ; round++) {
  await file.save(documents[round % 2]!)
  process.stdout.write(`saved ${round}\n`)
}
