import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SourceView } from '../../../shared/domain'
import type { RecordingInfo } from '../../../shared/recording'
import { useSettingsStore } from '../../stores/settings'
import { fake } from '../../test/fake-api'
import { testRouter } from '../../test/router'
import ConfigTransfer from './ConfigTransfer.vue'
import OpenedFileNotice from './OpenedFileNotice.vue'

vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const recording: RecordingInfo = {
  id: 'demo-census-night',
  sourceId: 'demo-census',
  name: 'Demo: PlanetSide 2 (simulated)',
  preset: 'census',
  eventTypePath: null,
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  stoppedAt: Date.UTC(2026, 0, 2, 3, 9, 5),
  frames: 1500,
  dropped: 0,
  bytes: 420_000,
  active: false,
  replayUrl: 'sim://replay/demo-census-night?speed=1',
}

describe('files the OS opened', () => {
  it('shows the import preview for an opened config, as for a chosen one', async () => {
    fake.api.previewConfigImport.mockResolvedValueOnce({
      valid: false,
      issues: [{ path: 'version', message: 'Invalid input: expected 1' }],
    })
    useSettingsStore().openedFile = { kind: 'config', name: 'team.vigil', document: { version: 9 } }
    const wrapper = mount(ConfigTransfer)
    await flushPromises()
    expect(fake.api.previewConfigImport).toHaveBeenCalledWith({ version: 9 })
    expect(wrapper.text()).toContain('version: Invalid input: expected 1')
    // Taken: the preview shows once, not again on the next visit.
    expect(useSettingsStore().openedFile).toBeNull()
  })

  it('offers to replay an opened recording, and goes to the replay source', async () => {
    const router = testRouter()
    const settings = useSettingsStore()
    settings.openedFile = { kind: 'recording', name: 'night.vigilrec', recording }
    fake.api.replayRecording.mockResolvedValueOnce({ id: 'replay-night' } as SourceView)
    const wrapper = mount(OpenedFileNotice, { global: { plugins: [router] } })
    expect(wrapper.text()).toContain('Added the recording night.vigilrec')
    expect(wrapper.text()).toContain(`${(1500).toLocaleString()} frames`)
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Replay it as a source')!
      .trigger('click')
    await flushPromises()
    expect(fake.api.replayRecording).toHaveBeenCalledWith({ id: 'demo-census-night', speed: 1 })
    expect(router.currentRoute.value.path).toBe('/sources/replay-night')
    expect(settings.openedFile).toBeNull()
  })

  it('says why an opened file could not be read', async () => {
    useSettingsStore().openedFile = {
      kind: 'unreadable',
      name: 'broken.vigil',
      message: 'broken.vigil is not JSON: Unexpected end of JSON input',
    }
    const wrapper = mount(OpenedFileNotice, { global: { plugins: [testRouter()] } })
    expect(wrapper.get('[role="alert"]').text()).toContain(
      'Could not open broken.vigil: broken.vigil is not JSON',
    )
    await wrapper.get('button').trigger('click')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
