// History across a restart, search and export over REST, and record/replay over the contract,
// against the built headless host and its demo simulator. The REST API is the headless host's,
// so the Electron target skips this file (playwright.config.ts).
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, invokeOverBridge, startHeadless, stopHeadless, test } from './fixtures'

interface StoredEvent {
  id: number
  sourceId: string
  type: string
  payload: Record<string, string>
}

test.describe('headless history', () => {
  test('events survive a restart, are searchable and exportable, and a recording replays', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-history-'))
    const children: ChildProcess[] = []
    try {
      const start = async () => {
        const host = await startHeadless(dataDir, undefined)
        children.push(host.child)
        const rest = { origin: host.origin, token: host.token }
        const headers = { authorization: `Bearer ${host.token}` }
        const events = async (query = '') => {
          const response = await fetch(`${host.origin}/api/events?limit=10000${query}`, { headers })
          expect(response.status).toBe(200)
          return ((await response.json()) as { events: StoredEvent[] }).events
        }
        const call = async (channel: string, ...args: unknown[]) => {
          const result = await invokeOverBridge(rest, channel, args)
          expect(result.error).toBeUndefined()
          return result.value
        }
        return { host, headers, events, call }
      }

      // First run: the demo source's events go to history while a recording runs.
      const first = await start()
      await expect.poll(async () => (await first.events()).length).toBeGreaterThan(0)
      const recording = (await first.call('recording:start', 'demo-census')) as { id: string }
      await expect
        .poll(async () => {
          const [info] = (await first.call('recording:list')) as { frames: number }[]
          return info!.frames
        })
        .toBeGreaterThan(8)
      await first.call('recording:stop', 'demo-census')
      const before = await first.events()
      await stopHeadless(first.host.child)

      // Second run, same data dir: everything is still there and numbering goes on.
      const second = await start()
      const after = await second.events()
      const ids = new Set(after.map((event) => event.id))
      for (const event of before) expect(ids.has(event.id)).toBe(true)
      await expect
        .poll(async () => (await second.events())[0]!.id)
        .toBeGreaterThan(Math.max(...before.map((event) => event.id)))

      const oldest = before.at(-1)!
      const found = await second.events(`&q=${oldest.payload.character_id}`)
      expect(found.map((event) => event.id)).toContain(oldest.id)

      const exported = await fetch(
        `${second.host.origin}/api/export?kind=events&format=jsonl&source=demo-census`,
        { headers: second.headers },
      )
      expect(exported.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
      const lines = (await exported.text()).trimEnd().split('\n')
      expect(JSON.parse(lines[0]!)).toMatchObject({ id: Math.min(...ids), sourceId: 'demo-census' })

      // The recording replays as a source of its own, through the same pipeline.
      const replay = (await second.call('recording:replay', {
        id: recording.id,
        speed: 'max',
      })) as {
        id: string
      }
      await expect
        .poll(async () => (await second.events(`&source=${replay.id}`)).length)
        .toBeGreaterThan(0)
      const replayed = await second.events(`&source=${replay.id}`)
      for (const event of replayed) expect(event.type).toBe(event.payload.event_name)
    } finally {
      for (const child of children) await stopHeadless(child)
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
