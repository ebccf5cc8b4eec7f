/**
 * The Census simulator on its own thread, so generating and sending the stream does not compete
 * with the client being measured for the main thread. The parent sets the rate by message.
 */

import { parentPort } from 'node:worker_threads'
import { startCensusSimulator } from '../simulators/census/census-simulator'

export type SimulatorCommand = { type: 'rate'; rate: number } | { type: 'close' }
export type SimulatorReport = { type: 'ready'; url: string } | { type: 'closed' }

const port = parentPort!
// A fixed seed and no duplicates: both clients see the same kind of stream.
const simulator = await startCensusSimulator({ rate: 0, seed: 1, duplicateRate: 0 })
port.on('message', (command: SimulatorCommand) => {
  if (command.type === 'rate') simulator.setRate(command.rate)
  else
    void simulator.close().then(() => {
      port.postMessage({ type: 'closed' } satisfies SimulatorReport)
      port.close()
    })
})
port.postMessage({ type: 'ready', url: simulator.url } satisfies SimulatorReport)
