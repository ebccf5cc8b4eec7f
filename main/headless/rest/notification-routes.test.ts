import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../services/engine'
import { startTestEngine, type TestEngine } from '../../services/testing/test-engine'
import { waitFor, type TestServer } from '../../services/testing/test-server'
import type { HeadlessHost } from '../host'
import { startTestHost } from '../testing/test-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'

describe('REST: marking notifications read and unread, and unread counts', () => {
  let running: TestEngine
  let server: TestServer
  let engine: Engine
  let host: HeadlessHost
  const pushes: unknown[] = []

  beforeEach(async () => {
    running = await startTestEngine({
      triggers: ['hot', 'cold'].map((id) => ({
        id,
        name: id,
        enabled: true,
        sources: ['src'],
        events: [id],
        condition: { all: [] },
        actions: [{ type: 'notify' as const, title: id, body: '', urgency: 'normal' as const }],
        noise: { quietHours: [] },
        mode: 'every' as const,
      })),
    })
    ;({ server, engine } = running)
    pushes.length = 0
    engine.onDidPush((message) => {
      if (message.channel.startsWith('notification:')) pushes.push(message)
    })
    host = await startTestHost(engine, TOKEN)
  })

  afterEach(async () => {
    await host.close()
    await running.dispose()
  })

  const request = (method: string, path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${host.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

  it('counts per trigger, marks read and unread, and tells every window', async () => {
    for (const type of ['hot', 'hot', 'cold']) server.broadcast(JSON.stringify({ type }))
    await waitFor(
      () => engineInternals(engine).triggers.notifications.list().length === 3,
      'three notifications',
    )
    const count = async (query = '') =>
      (
        (await (await request('GET', `/api/notifications/unread-count${query}`)).json()) as {
          unread: number
        }
      ).unread
    expect(await count()).toBe(3)
    expect(await count('?trigger=hot')).toBe(2)
    expect(await count('?source=src&trigger=cold')).toBe(1)

    expect(
      await (await request('POST', '/api/notifications/mark-read', { ids: 'all' })).json(),
    ).toEqual({
      changed: 3,
    })
    const [newest] = engineInternals(engine).triggers.notifications.list({ limit: 1 })
    const unmarked = await request('POST', '/api/notifications/mark-unread', { ids: [newest!.id] })
    expect(await unmarked.json()).toEqual({ changed: 1 })
    expect(await count()).toBe(1)
    expect(pushes.at(-1)).toMatchObject({
      channel: 'notification:unread',
      payload: { ids: [newest!.id], unread: 1 },
    })
    const listed = (await (
      await request('GET', '/api/notifications?unread=true&source=src')
    ).json()) as {
      notifications: { id: number }[]
    }
    expect(listed.notifications.map((n) => n.id)).toEqual([newest!.id])
  })

  it('refuses a body without ids, or with ids that are not notification ids', async () => {
    expect((await request('POST', '/api/notifications/mark-unread', {})).status).toBe(400)
    expect((await request('POST', '/api/notifications/mark-unread', { ids: 'all' })).status).toBe(
      400,
    )
    expect((await request('POST', '/api/notifications/mark-read', { ids: [0] })).status).toBe(400)
    expect((await request('GET', '/api/notifications/unread-count?trigger=Bad%20Id')).status).toBe(
      400,
    )
  })
})
