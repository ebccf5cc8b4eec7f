/** What a dial plan hands `ws`, compared with what the benchmark's bare client hands it. */

import { describe, expect, it } from 'vitest'
import type { ClientOptions } from 'ws'
import { BARE_WS_OPTIONS, benchSource } from '../../bench/clients'
import { MemorySecretStore } from '../secrets/secret-store'
import { resolveSettings } from './connection-settings'
import { planDial } from './dial-plan'

/** The client options that act on every frame rather than on the handshake. */
const PER_FRAME = [
  'perMessageDeflate',
  'maxPayload',
  'skipUTF8Validation',
  'allowSynchronousEvents',
] as const

describe('planDial', () => {
  it("gives ws the per-frame options the bench's bare client uses, so both pay ws the same", async () => {
    const settings = resolveSettings({ ...benchSource('ws://127.0.0.1:1/streaming'), options: {} })
    const plan = await planDial(settings, {
      resolveUrl: (url) => Promise.resolve(url),
      secrets: new MemorySecretStore(),
    })
    const bare: ClientOptions = BARE_WS_OPTIONS
    for (const key of PER_FRAME) expect([key, plan.options[key]]).toEqual([key, bare[key]])
  })
})
