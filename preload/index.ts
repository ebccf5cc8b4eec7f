/**
 * The page's only door to the engine. It exposes `window.api` with three functions, accepts only
 * channels registered in the contract, and never hands Electron's event object (which carries the
 * sender and ports) to the page. Built as CommonJS so it runs with the sandbox on.
 */

import { contextBridge, ipcRenderer } from 'electron'
import { isEventChannel, isInvokeChannel, type EventChannel } from '../shared/ipc'
import { fail } from '../shared/result'
import { IPC_INVOKE, IPC_PUSH, IPC_READY, type VigilBridge } from '../shared/bridge'

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()

ipcRenderer.on(IPC_PUSH, (_event, channel: unknown, payload: unknown) => {
  if (!isEventChannel(channel)) return
  for (const listener of listeners.get(channel) ?? []) listener(payload)
})

const api: VigilBridge = {
  invoke(channel, args) {
    if (!isInvokeChannel(channel) || !Array.isArray(args)) {
      return Promise.resolve(fail('unknown-channel', `"${String(channel)}" is not a Vigil channel`))
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, args)
  },
  on(channel, listener) {
    if (!isEventChannel(channel) || typeof listener !== 'function') {
      throw new TypeError(`"${String(channel)}" is not a Vigil push channel`)
    }
    const set = listeners.get(channel) ?? new Set()
    set.add(listener)
    listeners.set(channel, set)
    return () => {
      set.delete(listener)
    }
  },
  ready() {
    ipcRenderer.send(IPC_READY)
  },
}

contextBridge.exposeInMainWorld('api', api)
