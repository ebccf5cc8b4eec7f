/**
 * What the event ring's handoff costs by itself, on one thread with nothing else running
 * (bench only; worker-split.ts measures it in the pipeline, where two busy threads share the
 * machine): per event, the main thread's write into the ring (header and the frame's text,
 * published once per 300 events, a socket read's worth), the trigger thread's read and decode, and
 * beside them what `--transport fields` does instead (the members the triggers name, encoded from
 * the parsed payload, and decoded into a payload) and the `JSON.parse` of the text that it saves
 * the trigger thread, and `--transport binary`'s write of those members into a ring record
 * (payload-binary.ts: encoding and writing are one step) and its read and decode. With `--busy`, a second thread parses JSON in a loop all the while (the other
 * core as busy as the split's trigger thread keeps it): what the same steps cost then. Medians of
 * `--rounds`; asserts nothing.
 *
 *   npx tsx --expose-gc main/bench/ring-handoff.ts [--rounds 7] [--events 300000] [--busy]
 */

import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { BENCH_SOURCE } from './clients'
import { benchTriggers } from './bench-triggers'
import { createRingMemory, RingReader, RingWriter, type RingEvent } from './event-ring'
import { censusFrameTexts } from './feed-frames'
import { median } from './measure'
import { BinaryFieldsEncoder, decodeBinaryFields } from './payload-binary'
import { decodeFields, encodeFields, triggerPayloadFields } from './payload-fields'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    events: { type: 'string', default: '300000' },
    busy: { type: 'boolean', default: false },
  },
})
const rounds = Number(values.rounds)
const events = Number(values.events)
const READ = 300

const texts = censusFrameTexts(8192)
const payloads = texts.map((text) => (JSON.parse(text) as { payload: unknown }).payload)
const fields = triggerPayloadFields(benchTriggers(BENCH_SOURCE, 1000))
const memory = createRingMemory()
const writer = new RingWriter(memory)
const reader = new RingReader(memory)
/** A second ring for `--transport binary`'s records. */
const binaryMemory = createRingMemory()
const binaryWriter = new RingWriter(binaryMemory)
const binaryReader = new RingReader(binaryMemory)
const encoder = new BinaryFieldsEncoder(fields)
const next: RingEvent = {
  id: 0,
  receivedAt: 0,
  bytes: 0,
  sourceId: BENCH_SOURCE,
  type: 'Death',
  place: 'payload',
  text: '',
}

/** This thread's CPU time in ms (not the wall clock: the machine is shared). */
function cpu(): number {
  const { user, system } = process.threadCpuUsage()
  return (user + system) / 1000
}

/** µs per event of each step, over `events` events in reads of `READ`. */
function round(): Record<string, number> {
  const spent = {
    write: 0,
    read: 0,
    parse: 0,
    encodeFields: 0,
    decodeFields: 0,
    writeBinary: 0,
    readBinary: 0,
  }
  let sink = 0
  for (let start = 0; start < events; start += READ) {
    const t0 = cpu()
    for (let i = start; i < start + READ; i++) {
      next.id = i
      next.text = texts[i % texts.length]!
      next.bytes = next.text.length
      if (writer.tryWrite(next) !== 'written') throw new Error('the ring filled up')
    }
    writer.publish()
    const t1 = cpu()
    sink += reader.read((record) => (sink += record.textBytes))
    const t2 = cpu()
    for (let i = start; i < start + READ; i++) sink += JSON.parse(texts[i % texts.length]!) ? 1 : 0
    const t3 = cpu()
    const encoded: string[] = []
    for (let i = start; i < start + READ; i++)
      encoded.push(encodeFields(payloads[i % payloads.length], fields))
    const t4 = cpu()
    for (const text of encoded) sink += decodeFields(text, fields) ? 1 : 0
    const t5 = cpu()
    for (let i = start; i < start + READ; i++) {
      next.id = i
      next.body = encoder.prepare(payloads[i % payloads.length])
      if (binaryWriter.tryWrite(next) !== 'written') throw new Error('the ring filled up')
    }
    binaryWriter.publish()
    next.body = undefined
    const t6 = cpu()
    sink += binaryReader.read((record, bytes, at) => {
      sink += decodeBinaryFields(bytes, at, record.textBytes, fields) ? 1 : 0
    })
    const t7 = cpu()
    spent.write += t1 - t0
    spent.read += t2 - t1
    spent.parse += t3 - t2
    spent.encodeFields += t4 - t3
    spent.decodeFields += t5 - t4
    spent.writeBinary += t6 - t5
    spent.readBinary += t7 - t6
  }
  if (sink === 0) throw new Error('nothing read')
  return Object.fromEntries(Object.entries(spent).map(([k, ms]) => [k, (ms * 1000) / events]))
}

/** A thread that parses a frame's text over and over until `stop[0]` is 1. */
function busyThread(text: string): { stop(): Promise<void> } {
  const stop = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads')
     const flag = new Int32Array(workerData.stop)
     let n = 0
     while (Atomics.load(flag, 0) === 0) for (let i = 0; i < 1000; i++) n += JSON.parse(workerData.text) ? 1 : 0`,
    { eval: true, workerData: { stop: stop.buffer, text } },
  )
  return {
    stop: async () => {
      Atomics.store(stop, 0, 1)
      await new Promise((resolve) => worker.once('exit', resolve))
    },
  }
}

const busy = values.busy ? busyThread(texts[0]!) : undefined
round() // warm-up
const results = Array.from({ length: rounds }, round)
await busy?.stop()
console.log(
  `ring-handoff: ${events.toLocaleString('en-US')} events per round, ${rounds} rounds, ` +
    `${fields.length} fields${busy ? ', another thread busy' : ''}; µs per event, median (min-max)`,
)
for (const step of Object.keys(results[0]!)) {
  const list = results.map((r) => r[step]!)
  console.log(
    `  ${step.padEnd(14)} ${median(list).toFixed(3)} (${Math.min(...list).toFixed(3)}-${Math.max(...list).toFixed(3)})`,
  )
}
