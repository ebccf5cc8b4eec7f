import { describe, expect, it } from 'vitest'
import { waitFor } from '../../services/testing/test-server'
import { useRestHost } from '../testing/rest-host'
import { engineInternals } from '../../services/testing/engine-internals'

const TOKEN = 'catalogue-route-token-0123456789'

describe('REST: the field catalogue', () => {
  const rest = useRestHost(TOKEN)

  it('GET /api/catalogue lists the fields seen per source and type (catalogue:get)', async () => {
    rest.server.broadcast(JSON.stringify({ type: 'reading', celsius: 21.5, room: 'hall' }))
    rest.server.broadcast(JSON.stringify({ type: 'door', open: true }))
    await waitFor(
      () => engineInternals(rest.engine).monitor.view('src').counters.events === 2,
      'two events',
    )

    const all = await rest.call('GET', '/api/catalogue?source=src')
    expect(all.status).toBe(200)
    const { catalogue } = (await all.json()) as {
      catalogue: { sourceId: string; type: string; fields: { path: string }[] }[]
    }
    expect(catalogue.map((entry) => entry.type).sort()).toEqual(['door', 'reading'])
    const reading = catalogue.find((entry) => entry.type === 'reading')!
    expect(reading.fields.map((field) => field.path)).toEqual(
      expect.arrayContaining(['celsius', 'room']),
    )

    const one = (await (await rest.call('GET', '/api/catalogue?type=door')).json()) as {
      catalogue: { type: string }[]
    }
    expect(one.catalogue.map((entry) => entry.type)).toEqual(['door'])

    const unknown = await rest.call('GET', '/api/catalogue?sauce=src')
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({
      error: { code: 'invalid-argument', issues: [{ path: 'sauce' }] },
    })
    expect((await rest.call('GET', '/api/catalogue?source=a&source=b')).status).toBe(400)
  })
})
