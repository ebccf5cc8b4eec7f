/**
 * The one ipcMain user. Every invoke from the page arrives here, is checked for its sender, then
 * dispatched through the same validation and Result envelope as the headless bridge. Pushes from
 * the engine (and the shell's own, such as `ui:open-event`) wait in a queue until the page says it
 * has subscribed.
 *
 * `ipcMain` and the window arrive as parameters: the composition root passes the real ones, and
 * bridge.test.ts drives the same code with fakes.
 */

import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron'
import { fail } from '../../shared/result'
import { dispatchInvoke } from '../services/api/dispatch'
import type { InvokeHandlers } from '../services/api/invoke-handlers'
import type { PushMessage } from '../services/engine-ports'
import type { Logger } from '../services/util/logger'
import type { Listener, Unsubscribe } from '../../shared/utils/emitter'
import { IPC_INVOKE, IPC_PUSH, IPC_READY } from '../../shared/bridge'
import { PushQueue } from './push-queue'
import { isTrustedSender, type RendererOrigin } from './sender-check'

/** A stream of pushes for the page: `engine.onDidPush`, or the shell's. */
export type PushSource = (listener: Listener<PushMessage>) => Unsubscribe

export interface BridgeOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeAllListeners'>
  pushes: readonly PushSource[]
  handlers: InvokeHandlers
  window: BrowserWindow
  rendererOrigin: RendererOrigin
  logger: Logger
}

export function registerBridge({
  ipcMain,
  pushes,
  handlers,
  window,
  rendererOrigin,
  logger,
}: BridgeOptions): () => void {
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return isTrustedSender(
      {
        fromOurWindow: event.sender === window.webContents,
        isMainFrame: frame !== null && frame === window.webContents.mainFrame,
        url: frame?.url ?? '',
      },
      rendererOrigin,
    )
  }

  const queue = new PushQueue((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_PUSH, message.channel, message.payload)
  })
  const stopPushes = pushes.map((source) => source((message) => queue.push(message)))
  // A reload starts a fresh page with no subscribers: hold pushes until it is ready again.
  // Hash-route changes are same-document navigations and keep the page (and its subscriptions).
  const onNavigate = (
    details: Electron.Event<Electron.WebContentsDidStartNavigationEventParams>,
  ) => {
    if (details.isMainFrame && !details.isSameDocument) queue.reset()
  }
  window.webContents.on('did-start-navigation', onNavigate)

  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, args: unknown) => {
    if (!trusted(event)) {
      logger.warn(
        `refused an IPC call from an untrusted frame (${event.senderFrame?.url ?? 'unknown'})`,
      )
      return fail('forbidden', 'this frame may not call Vigil')
    }
    return dispatchInvoke(handlers, channel, args, logger)
  })
  ipcMain.on(IPC_READY, (event) => {
    if (trusted(event)) queue.markReady()
  })

  return () => {
    for (const stop of stopPushes) stop()
    ipcMain.removeHandler(IPC_INVOKE)
    ipcMain.removeAllListeners(IPC_READY)
    if (!window.isDestroyed()) window.webContents.off('did-start-navigation', onNavigate)
  }
}
