import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SourceConfig } from '../../shared/source-config'
import { Monitor } from './monitor'
import { wsSocketFactory } from './sources/socket-factory'
import { startTestServer, waitFor, type TestServer } from './testing/test-server'

const source = (id: string, url: string, enabled = true): SourceConfig => ({
  id,
  name: id,
  preset: 'generic',
  enabled,
  url,
  headers: {},
  onOpen: [],
})

describe('Monitor pause all / resume all', () => {
  let server: TestServer
  let monitor: Monitor

  beforeEach(async () => {
    server = await startTestServer()
    monitor = new Monitor({ socketFactory: wsSocketFactory, random: () => 0 })
  })

  afterEach(async () => {
    monitor.dispose()
    await server.close()
  })

  const states = () => Object.fromEntries(monitor.list().map((view) => [view.id, view.state]))

  it('closes every active source, and resumes only the enabled ones', async () => {
    monitor.setSources([
      source('a', server.url),
      source('b', server.url),
      source('off', server.url, false),
    ])
    await waitFor(() => states().a === 'open' && states().b === 'open', 'both open')

    const paused = monitor.pauseAll()
    expect(paused.map((view) => [view.id, view.state])).toEqual([
      ['a', 'closed'],
      ['b', 'closed'],
      ['off', 'idle'],
    ])
    await waitFor(() => server.sockets.every((s) => s.readyState === s.CLOSED), 'sockets closed')

    monitor.resumeAll()
    await waitFor(() => states().a === 'open' && states().b === 'open', 'both open again')
    // A disabled source is not the user's to resume from the tray: it stays idle.
    expect(states().off).toBe('idle')
  })
})
