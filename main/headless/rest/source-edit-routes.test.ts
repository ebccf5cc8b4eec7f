import { describe, expect, it } from 'vitest'
import type { SourceView } from '../../../shared/domain'
import type { RecordingInfo } from '../../../shared/recording'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'source-edit-routes-token-0123456789'

describe('REST: saving, removing, connecting and recording sources', () => {
  const rest = useRestHost(TOKEN)
  const { call } = rest
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const state = (id: string) => engineInternals(rest.engine).monitor.view(id).state

  it('PUT /api/sources/:id saves a source (source:save), DELETE removes it', async () => {
    const fresh = { name: 'Fresh', preset: 'generic', url: rest.server.url }
    const saved = await call('PUT', '/api/sources/fresh', fresh)
    expect(saved.status).toBe(200)
    expect(await json(saved)).toMatchObject({ id: 'fresh', name: 'Fresh', enabled: true })
    expect(rest.engine.config.sources.map((s) => s.id)).toEqual(['src', 'fresh'])
    await waitFor(() => state('fresh') === 'open', 'the new source to open')

    const renamed = await call('PUT', '/api/sources/fresh', { ...fresh, id: 'fresh', name: 'New' })
    expect(await json(renamed)).toMatchObject({ id: 'fresh', name: 'New' })
    const listed = await json<SourceView[]>(await call('GET', '/api/sources'))
    expect(listed.map((s) => s.name)).toEqual(['Test', 'New'])

    const other = await call('PUT', '/api/sources/fresh', { ...fresh, id: 'other' })
    expect(other.status).toBe(400)
    expect(await other.json()).toEqual({
      error: {
        code: 'invalid-argument',
        message: `id: the body's id differs from the path's ("fresh")`,
        issues: [{ path: 'id', message: `the body's id differs from the path's ("fresh")` }],
      },
    })
    const invalid = await call('PUT', '/api/sources/bad', { name: 'Bad', url: 'ftp://x' })
    expect(invalid.status).toBe(400)
    const problems = await json<{ error: { code: string; issues: { path: string }[] } }>(invalid)
    expect(problems.error.code).toBe('invalid-argument')
    expect(problems.error.issues.map((issue) => issue.path).sort()).toEqual(['preset', 'url'])
    expect((await call('PUT', '/api/sources/Bad%20Id', fresh)).status).toBe(400)
    expect(rest.engine.config.sources.map((s) => s.id)).toEqual(['src', 'fresh'])

    expect((await call('DELETE', '/api/sources/fresh')).status).toBe(204)
    expect(rest.engine.config.sources.map((s) => s.id)).toEqual(['src'])
    const again = await call('DELETE', '/api/sources/fresh')
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual({
      error: { code: 'not-found', message: 'no source with id "fresh"' },
    })
  })

  it('connects and disconnects one source, or pauses and resumes them all', async () => {
    const closed = await call('POST', '/api/sources/src/disconnect')
    expect(closed.status).toBe(200)
    expect(await json(closed)).toMatchObject({ id: 'src', state: 'closed' })
    const opened = await call('POST', '/api/sources/src/connect')
    expect(opened.status).toBe(200)
    await waitFor(() => state('src') === 'open', 'reconnected')

    const paused = await call('POST', '/api/sources/pause-all')
    expect(paused.status).toBe(200)
    expect(await json(paused)).toMatchObject([{ id: 'src', state: 'closed' }])
    const resumed = await call('POST', '/api/sources/resume-all')
    expect(await json(resumed)).toMatchObject([{ id: 'src' }])
    await waitFor(() => state('src') === 'open', 'resumed')

    expect((await call('POST', '/api/sources/nope/connect')).status).toBe(404)
    expect((await call('POST', '/api/sources/pause-all', {})).status).toBe(200)
  })

  it('starts and stops a recording, and replays it as a new source', async () => {
    const started = await call('POST', '/api/sources/src/recording')
    expect(started.status).toBe(201)
    const recording = await json<RecordingInfo>(started)
    expect(recording).toMatchObject({ sourceId: 'src', active: true })
    expect((await call('POST', '/api/sources/src/recording')).status).toBe(409)

    rest.server.broadcast(JSON.stringify({ type: 'reading', n: 1 }))
    await waitFor(
      () => engineInternals(rest.engine).monitor.view('src').counters.events === 1,
      'one event',
    )
    const stopped = await call('DELETE', '/api/sources/src/recording')
    expect(stopped.status).toBe(200)
    expect(await json(stopped)).toMatchObject({ id: recording.id, active: false })
    expect((await call('DELETE', '/api/sources/src/recording')).status).toBe(404)

    const replay = await call('POST', '/api/recordings/replay', { id: recording.id, speed: 'max' })
    expect(replay.status).toBe(201)
    const source = await json<SourceView>(replay)
    expect(source.url).toMatch(/^sim:\/\/replay\//)
    expect(rest.engine.config.sources.map((s) => s.id)).toContain(source.id)

    const unknown = await call('POST', '/api/recordings/replay', { id: recording.id, fast: 1 })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({
      error: { code: 'invalid-argument', issues: [{ path: 'fast' }] },
    })
  })
})
