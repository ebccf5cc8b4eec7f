import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { applySessionPolicy, type PolicySession } from './session-policy'
import { FakeWebContents, fakeEvent } from './testing/fakes'

describe('applySessionPolicy', () => {
  it('denies every permission, every webview and every window.open by default', () => {
    let request: ((...args: unknown[]) => void) | undefined
    let check: ((...args: unknown[]) => boolean) | undefined
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
    } as unknown as PolicySession
    const app = new EventEmitter()
    applySessionPolicy(session, app as unknown as Electron.App)

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      let granted: boolean | undefined
      request!(null, permission, (answer: boolean) => (granted = answer))
      expect(granted).toBe(false)
      expect(check!(null, permission, 'file:///')).toBe(false)
    }

    const contents = new FakeWebContents()
    app.emit('web-contents-created', fakeEvent(), contents)
    const attach = fakeEvent()
    contents.emit('will-attach-webview', attach)
    expect(attach.defaultPrevented).toBe(true)
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' })
  })
})
