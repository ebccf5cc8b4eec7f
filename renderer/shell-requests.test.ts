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

  it('takes a file the OS opened to Settings', async () => {
    const router = testRouter()
    const settings = useSettingsStore()
    installShellRequests(router, settings)
    fake.push.openFile({ kind: 'config', path: '/home/me/setup.vigil' })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/settings'))
    expect(settings.openFileRequest).toEqual({ kind: 'config', path: '/home/me/setup.vigil' })
  })
})
