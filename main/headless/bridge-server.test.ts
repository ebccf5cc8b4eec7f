import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createInvokeHandlers } from '../services/api/invoke-handlers'
import { startTestEngine, type TestEngine } from '../services/testing/test-engine'
import { waitFor } from '../services/testing/test-server'
import { silentLogger } from '../services/util/logger'
import { BridgeServer } from './bridge-server'
import { engineInternals } from '../services/testing/engine-internals'

let running: TestEngine
let bridge: BridgeServer
let http: Server
let url: string

beforeEach(async () => {
  running = await startTestEngine({
    // A notification for every event, each push a few kilobytes.
    triggers: [
      {
        id: 'every',
        name: 'Every event',
        actions: [{ type: 'notify', title: 'event', body: '{{payload.fill}}' }],
      },
    ],
  })
  bridge = new BridgeServer(running.engine, createInvokeHandlers(running.engine), silentLogger, {
    slowClientBytes: 64 * 1024,
    stuckClientBytes: 1024 * 1024,
  })
  http = createServer()
  http.on('upgrade', (request, socket, head) => bridge.accept(request, socket, head))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/bridge`
})

afterEach(async () => {
  bridge.close()
  await new Promise((resolve) => http.close(resolve))
  await running.dispose()
})

async function connect(): Promise<WebSocket> {
  const client = new WebSocket(url)
  await new Promise((resolve) => client.once('open', resolve))
  return client
}

describe('BridgeServer and clients that do not read', () => {
  it('disconnects a client whose pushes pile up past the limit, and keeps one that reads', async () => {
    const reader = await connect()
    let read = 0
    reader.on('message', () => read++)
    const stuck = await connect()
    stuck.pause()
    await waitFor(() => bridge.clientCount === 2, 'two clients')

    // In slices, each well under the limit, with a pause after each for the reader to read them.
    const fill = 'x'.repeat(3_000)
    for (let slice = 0; slice < 50; slice++) {
      for (let n = 0; n < 100; n++) running.server.broadcast(JSON.stringify({ type: 'e', fill }))
      const events = (slice + 1) * 100
      await waitFor(
        () =>
          engineInternals(running.engine).monitor.view('src').counters.events === events &&
          read >= events,
        `slice ${slice + 1} read`,
        20_000,
      )
    }
    await waitFor(() => bridge.clientCount === 1, 'the stuck client to be let go', 20_000)
    expect(reader.readyState).toBe(WebSocket.OPEN)
    reader.close()
    stuck.terminate()
  }, 60_000)
})
