import { expect, test } from './fixtures'

test.describe('presets', () => {
  test('preset:list describes every preset, and options are checked on save', async ({ vigil }) => {
    const listed = await vigil.invoke('preset:list')
    expect(listed.ok).toBe(true)
    const presets = listed.value as { id: string; fields: { key: string }[] }[]
    expect(presets.map((preset) => preset.id)).toEqual([
      'generic',
      'census',
      'neuroio',
      'piwebapi',
      'simplisafe',
      'ebsockets',
    ])
    expect(presets.find((preset) => preset.id === 'census')!.fields.map((f) => f.key)).toContain(
      'eventNames',
    )

    const bad = await vigil.invoke('source:save', {
      id: 'ps2',
      name: 'PS2',
      preset: 'census',
      url: 'sim://census',
      options: { eventNames: ['Death'], serviceId: 's:abc' },
    })
    expect(bad.ok).toBe(false)
    // The envelope carries the problems per field (the fixture types only code and message).
    const { issues } = bad.error as { issues?: { path: string; message: string }[] }
    expect(issues).toContainEqual({
      path: 'options.serviceId',
      message: expect.stringMatching(/^unknown key: .*options\.serviceId$/),
    })

    const saved = await vigil.invoke('source:save', {
      id: 'ps2',
      name: 'PS2',
      preset: 'census',
      url: 'sim://census',
      options: { eventNames: ['Death'], worlds: ['17'] },
    })
    expect(saved.ok).toBe(true)
    await expect
      .poll(async () => {
        const list = await vigil.invoke('source:list')
        return (list.value as { id: string; state: string }[]).find((s) => s.id === 'ps2')?.state
      })
      .toBe('open')
  })
})
