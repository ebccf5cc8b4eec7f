/**
 * Whether this window still offers the "Source down / back up" trigger to a configuration that
 * has none: once answered (added, or declined), never again here. A setting of this window, like
 * the theme (local-setting.ts): the configuration is never changed without the user saying so,
 * and an export should not carry a UI's reminder to another machine.
 */

import { localSetting } from './local-setting'

export const OUTAGE_OFFER_ANSWERS = ['open', 'added', 'declined'] as const
export type OutageOfferAnswer = (typeof OUTAGE_OFFER_ANSWERS)[number]

const isAnswer = (value: unknown): value is OutageOfferAnswer =>
  typeof value === 'string' && (OUTAGE_OFFER_ANSWERS as readonly string[]).includes(value)

export const outageOfferSetting = localSetting<OutageOfferAnswer>(
  'vigil.outageOffer',
  isAnswer,
  'open',
)
