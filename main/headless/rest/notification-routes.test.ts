import { beforeEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'test-token-0123456789abcdef'

describe('REST: marking notifications read and unread, and unread counts', () => {
  const rest = useRestHost(TOKEN, {
    engine: {
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
    },
  })
  const request = rest.call
  const pushes: unknown[] = []

  beforeEach(() => {
    pushes.length = 0
    rest.engine.onDidPush((message) => {
      if (message.channel.startsWith('notification:')) pushes.push(message)
    })
  })

  it('counts per trigger, marks read and unread, and tells every window', async () => {
    for (const type of ['hot', 'hot', 'cold']) rest.server.broadcast(JSON.stringify({ type }))
    await waitFor(
      () => engineInternals(rest.engine).triggers.notifications.list().length === 3,
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
    const [newest] = engineInternals(rest.engine).triggers.notifications.list({ limit: 1 })
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
