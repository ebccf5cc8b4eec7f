/**
 * Whether this window still shows the first-run "Getting started" card: until dismissed, while
 * the demo source is there. A setting of this window (local-setting.ts), like the outage offer: a
 * UI's reminder is not configuration an export should carry.
 */

import { localSetting } from './local-setting'

export type GettingStartedAnswer = 'open' | 'dismissed'

const isAnswer = (value: unknown): value is GettingStartedAnswer =>
  value === 'open' || value === 'dismissed'

export const gettingStartedSetting = localSetting<GettingStartedAnswer>(
  'vigil.gettingStarted',
  isAnswer,
  'open',
)
