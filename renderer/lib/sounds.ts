/**
 * Whether this window plays trigger sounds (`sound` actions): a setting of this window, like the
 * theme, since each open window or browser tab would otherwise play every cue.
 */

import { localSetting } from './local-setting'

export const SOUND_CHOICES = ['on', 'off'] as const
export type SoundChoice = (typeof SOUND_CHOICES)[number]

const isSoundChoice = (value: unknown): value is SoundChoice => value === 'on' || value === 'off'

export const soundSetting = localSetting<SoundChoice>('vigil.sounds', isSoundChoice, 'on')
