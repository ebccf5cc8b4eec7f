/**
 * SimpliSafe event data: what `com.simplisafe.event.standard` frames carry in `data`. Event codes
 * (eventCid) follow the table in protocols.md (the one simplisafe-python maps to names); now and
 * then a code outside it goes out, because the real service has more codes than any client knows
 * and clients must keep those with their number. Sensor types are SimpliSafe's device type numbers.
 */

import { SIMPLISAFE_CID_NAMES } from '../../../shared/presets/simplisafe'
import { pick, pickWeighted, randomInt, weighted, type Random } from '../random'

/** eventCid → the name clients give it: the table the preset reads events with. */
export const EVENT_CID_NAMES = SIMPLISAFE_CID_NAMES

/** Codes the service sends that are not in the table (tests, firmware updates). */
export const UNKNOWN_CIDS: readonly number[] = [1602, 1604, 9903]

/** SimpliSafe device type numbers, as sensorType carries them. */
export const SENSOR_TYPES = {
  remote: 0,
  keypad: 1,
  keychain: 2,
  motion: 4,
  entry: 5,
  glassBreak: 6,
  smoke: 8,
  leak: 9,
  camera: 12,
  doorbell: 15,
  lock: 16,
} as const

export interface Sensor {
  name: string
  serial: string
  type: number
}

export interface SimpliSafeEventData {
  eventTimestamp: number
  eventCid: number
  info: string
  sid: number
  pinName: string
  sensorName: string
  sensorSerial: string
  sensorType: number
  messageSubject: string
  messageBody: string
  eventType: string
  /** Clips and snapshots for camera events, keyed by the clip id; null otherwise. */
  video: Record<string, { _links: Record<string, { href: string }> }> | null
  links: { rel: string; href: string }[]
  /** Names the clip in `video` that this event is about. */
  videoStartedBy: string
}

const SENSORS: readonly Sensor[] = [
  { name: 'Front Door', serial: '0a1b2c3d', type: SENSOR_TYPES.entry },
  { name: 'Kitchen Window', serial: '0a1b2c4e', type: SENSOR_TYPES.entry },
  { name: 'Hallway', serial: '0a1b2c5f', type: SENSOR_TYPES.motion },
  { name: 'Living Room Glass', serial: '0a1b2c60', type: SENSOR_TYPES.glassBreak },
  { name: 'Basement Leak', serial: '0a1b2c71', type: SENSOR_TYPES.leak },
  { name: 'Keypad', serial: '0a1b2c82', type: SENSOR_TYPES.keypad },
  { name: 'Keychain Remote', serial: '0a1b2c93', type: SENSOR_TYPES.keychain },
  { name: 'Front Door Lock', serial: '0a1b2ca4', type: SENSOR_TYPES.lock },
  { name: 'Doorbell', serial: '0a1b2cb5', type: SENSOR_TYPES.doorbell },
  { name: 'Backyard Camera', serial: 'f00dcafe', type: SENSOR_TYPES.camera },
]

/** Which sensors can raise an event, and how the message and eventType read. */
interface CidTemplate {
  sensorTypes: readonly number[]
  eventType: string
  /** Whether a person's PIN name goes with it (arming, disarming, locks). */
  pin?: true
  info: (sensor: Sensor, pin: string) => string
}

const TEMPLATES: Readonly<Record<string, CidTemplate>> = {
  alarm_triggered: {
    sensorTypes: [SENSOR_TYPES.entry, SENSOR_TYPES.motion, SENSOR_TYPES.glassBreak],
    eventType: 'alarm',
    info: (sensor) => `Alarm Triggered by ${sensor.name}`,
  },
  camera_motion_detected: {
    sensorTypes: [SENSOR_TYPES.camera],
    eventType: 'activityCam',
    info: (sensor) => `Motion detected by ${sensor.name}`,
  },
  power_outage: { sensorTypes: [], eventType: 'activity', info: () => 'Power Outage' },
  power_restored: { sensorTypes: [], eventType: 'activity', info: () => 'Power Restored' },
  connection_lost: { sensorTypes: [], eventType: 'activity', info: () => 'Connection lost' },
  connection_restored: {
    sensorTypes: [],
    eventType: 'activity',
    info: () => 'Connection restored',
  },
  sensor_not_responding: {
    sensorTypes: [SENSOR_TYPES.entry, SENSOR_TYPES.motion, SENSOR_TYPES.leak],
    eventType: 'activity',
    info: (sensor) => `${sensor.name} is not responding`,
  },
  disarmed_by_keypad: {
    sensorTypes: [SENSOR_TYPES.keypad],
    eventType: 'activity',
    pin: true,
    info: (_sensor, pin) => `System Disarmed by ${pin}`,
  },
  disarmed_by_remote: {
    sensorTypes: [SENSOR_TYPES.keychain, SENSOR_TYPES.remote],
    eventType: 'activity',
    pin: true,
    info: (_sensor, pin) => `System Disarmed by ${pin}`,
  },
  alarm_canceled: {
    sensorTypes: [SENSOR_TYPES.keypad],
    eventType: 'activity',
    pin: true,
    info: (_sensor, pin) => `Alarm Canceled by ${pin}`,
  },
  entry_delay: {
    sensorTypes: [SENSOR_TYPES.entry],
    eventType: 'activityQuiet',
    info: (sensor) => `Entry Delay from ${sensor.name}`,
  },
  doorbell_detected: {
    sensorTypes: [SENSOR_TYPES.doorbell],
    eventType: 'activityCam',
    info: (sensor) => `Someone is at your ${sensor.name}`,
  },
  armed_away: {
    sensorTypes: [SENSOR_TYPES.keypad, SENSOR_TYPES.keychain],
    eventType: 'activity',
    pin: true,
    info: (_sensor, pin) => `System Armed (Away) by ${pin}`,
  },
  armed_home: {
    sensorTypes: [SENSOR_TYPES.keypad],
    eventType: 'activity',
    pin: true,
    info: (_sensor, pin) => `System Armed (Home) by ${pin}`,
  },
  lock_unlocked: {
    sensorTypes: [SENSOR_TYPES.lock],
    eventType: 'activity',
    pin: true,
    info: (sensor, pin) => `${sensor.name} Unlocked by ${pin}`,
  },
  lock_locked: {
    sensorTypes: [SENSOR_TYPES.lock],
    eventType: 'activity',
    pin: true,
    info: (sensor, pin) => `${sensor.name} Locked by ${pin}`,
  },
  lock_error: {
    sensorTypes: [SENSOR_TYPES.lock],
    eventType: 'activity',
    info: (sensor) => `${sensor.name} jammed`,
  },
  unknown: {
    sensorTypes: [],
    eventType: 'activityQuiet',
    info: () => 'System Test',
  },
}

/** How often each code turns up: cameras and locks chatter, alarms are rare. */
const CID_MIX = weighted<number>([
  [1170, 30],
  [1458, 8],
  [9700, 10],
  [9701, 10],
  [9703, 1],
  [1400, 8],
  [1407, 6],
  [3401, 5],
  [3407, 3],
  [3441, 6],
  [3481, 2],
  [3487, 1],
  [3491, 2],
  [1429, 5],
  [1406, 2],
  [1110, 1],
  [1120, 1],
  [1132, 1],
  [1134, 0.5],
  [1154, 0.5],
  [1159, 0.5],
  [1162, 0.5],
  [1381, 1],
  [1301, 0.5],
  [3301, 0.5],
  [1350, 0.5],
  [3350, 0.5],
])

const PINS = ['Master PIN', 'Jamie', 'Alex', 'Guest']
const MEDIA = 'https://media.simplisafe.com/v1'

export class SimpliSafeEventGenerator {
  constructor(
    private readonly random: Random,
    private readonly now: () => number,
    readonly sid: number,
    /** Probability that an event carries a code outside the known table. */
    private readonly unknownCidRate = 0.03,
  ) {}

  next(cid?: number): SimpliSafeEventData {
    const eventCid =
      cid ??
      (this.random() < this.unknownCidRate
        ? pick(this.random, UNKNOWN_CIDS)
        : pickWeighted(this.random, CID_MIX))
    const name = EVENT_CID_NAMES[eventCid] ?? 'unknown'
    const template = TEMPLATES[name] ?? TEMPLATES.unknown!
    const candidates = SENSORS.filter((sensor) => template.sensorTypes.includes(sensor.type))
    const sensor = candidates.length > 0 ? pick(this.random, candidates) : undefined
    const pin = template.pin ? pick(this.random, PINS) : ''
    const info = template.info(sensor ?? { name: '', serial: '', type: 0 }, pin)
    const nowMs = this.now()
    const camera = sensor?.type === SENSOR_TYPES.camera || sensor?.type === SENSOR_TYPES.doorbell
    const clip = camera ? randomInt(this.random, 10_000_000, 99_999_999).toString(16) : ''
    return {
      eventTimestamp: Math.floor(nowMs / 1000),
      eventCid,
      info,
      sid: this.sid,
      pinName: pin,
      sensorName: sensor?.name ?? '',
      sensorSerial: sensor?.serial ?? '',
      sensorType: sensor?.type ?? 0,
      messageSubject: info,
      messageBody: `${info} on ${new Date(nowMs).toUTCString()}`,
      eventType: template.eventType,
      video: camera ? { [clip]: { _links: this.clipLinks(sensor.serial, clip) } } : null,
      links: camera
        ? [{ rel: 'snapshot', href: `${MEDIA}/${sensor.serial}/${clip}/snapshot.jpg` }]
        : [],
      videoStartedBy: clip,
    }
  }

  private clipLinks(serial: string, clip: string): Record<string, { href: string }> {
    const base = `${MEDIA}/${serial}/${clip}`
    return {
      'snapshot/jpg': { href: `${base}/snapshot.jpg` },
      'download/mp4': { href: `${base}/clip.mp4` },
      'playback/hls': { href: `${base}/playlist.m3u8` },
    }
  }
}
