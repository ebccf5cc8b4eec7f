import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installShellRequests } from './shell-requests'
import { useSettingsStore } from './stores/settings'
import { fake } from './test/fake-api'
import { testRouter } from './test/router'

vi.mock('./api', async () => (await import('./test/fake-api')).fakeApi)

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('shell requests', () => {
  it('shows the event behind a clicked notification', async () => {
    const router = testRouter()
    installShellRequests(router, useSettingsStore())
    fake.push.openEvent({ eventId: 1234, notificationId: 9 })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/events?event=1234'))
  })

  it('takes a file the OS opened, by its token, to Settings', async () => {
    const router = testRouter()
    const settings = useSettingsStore()
    installShellRequests(router, settings)
    const content = { kind: 'config' as const, name: 'setup.vigil', document: { version: 1 } }
    fake.api.takeOpenedFile.mockResolvedValueOnce(content)
    fake.push.openFile({ kind: 'config', token: 'a'.repeat(32), name: 'setup.vigil' })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/settings'))
    expect(fake.api.takeOpenedFile).toHaveBeenCalledWith('a'.repeat(32))
    expect(settings.openedFile).toEqual(content)
  })

  it('says so when the opened file is no longer there', async () => {
    const router = testRouter()
    const settings = useSettingsStore()
    installShellRequests(router, settings)
    fake.api.takeOpenedFile.mockRejectedValueOnce(
      new Error('that opened file is no longer available'),
    )
    fake.push.openFile({ kind: 'recording', token: 'b'.repeat(32), name: 'night.vigilrec' })
    await vi.waitFor(() => expect(settings.openedFileError).toMatch(/night.vigilrec/))
    expect(settings.openedFile).toBeNull()
  })
})
