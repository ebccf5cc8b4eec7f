import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RecordingInfo } from '../../../shared/recording'
import { fake } from '../../test/fake-api'
import { sourceView } from '../../test/fixtures'
import { testRouter } from '../../test/router'
import RecordingsPanel from './RecordingsPanel.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const recording = (overrides: Partial<RecordingInfo> = {}): RecordingInfo => ({
  id: 'ps2-20300101-120000-000',
  sourceId: 'ps2',
  name: 'PlanetSide 2',
  preset: 'census',
  eventTypePath: null,
  startedAt: 1_900_000_000_000,
  stoppedAt: 1_900_000_060_000,
  frames: 1234,
  dropped: 0,
  bytes: 2048,
  active: false,
  replayUrl: 'sim://replay/ps2-20300101-120000-000',
  ...overrides,
})

async function mountPanel() {
  const router = testRouter()
  const wrapper = mount(RecordingsPanel, {
    props: { sourceId: 'ps2' },
    global: { plugins: [router] },
  })
  await flushPromises()
  return { wrapper, router }
}

const button = (wrapper: Awaited<ReturnType<typeof mountPanel>>['wrapper'], text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!

describe('RecordingsPanel', () => {
  it('starts and stops a recording of the source', async () => {
    const { wrapper } = await mountPanel()
    fake.api.startRecording.mockResolvedValueOnce(recording({ active: true, frames: null }))
    fake.api.listRecordings.mockResolvedValueOnce([recording({ active: true, frames: null })])
    await button(wrapper, 'Start recording').trigger('click')
    await flushPromises()
    expect(fake.api.startRecording).toHaveBeenCalledWith('ps2')
    expect(wrapper.get('[role="status"]').text()).toMatch(/Recording, for/)

    fake.api.stopRecording.mockResolvedValueOnce(recording())
    fake.api.listRecordings.mockResolvedValueOnce([recording()])
    await button(wrapper, 'Stop recording').trigger('click')
    await flushPromises()
    expect(fake.api.stopRecording).toHaveBeenCalledWith('ps2')
    expect(wrapper.text()).toContain((1234).toLocaleString())
  })

  it('replays a recording at the chosen speed and opens the replay source', async () => {
    fake.api.listRecordings.mockResolvedValue([
      recording(),
      recording({ id: 'other', sourceId: 'faces' }),
    ])
    fake.api.replayRecording.mockResolvedValueOnce(sourceView({ id: 'replay-ps2' }))
    const { wrapper, router } = await mountPanel()
    expect(wrapper.findAll('tbody tr')).toHaveLength(1)
    await wrapper.get('select').setValue('max')
    await button(wrapper, 'Replay').trigger('click')
    await flushPromises()
    expect(fake.api.replayRecording).toHaveBeenCalledWith({
      id: 'ps2-20300101-120000-000',
      speed: 'max',
    })
    expect(router.currentRoute.value.path).toBe('/sources/replay-ps2')
  })

  it('says why a recording stopped early', async () => {
    fake.api.listRecordings.mockResolvedValueOnce([
      recording({ frames: null, error: 'ENOSPC: no space left on device' }),
    ])
    const { wrapper } = await mountPanel()
    expect(wrapper.get('tbody tr').text()).toContain(
      'stopped: ENOSPC: no space left on device (the file holds what came before)',
    )
  })

  it('says why a recording could not start', async () => {
    fake.api.startRecording.mockRejectedValueOnce(new Error('source "ps2" is not open'))
    const { wrapper } = await mountPanel()
    await button(wrapper, 'Start recording').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('source "ps2" is not open')
  })
})
