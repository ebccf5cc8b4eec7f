/**
 * Values for the simulated streams and the channel messages that carry them, shaped as PI Web API
 * sends them: `{"Links":{},"Items":[stream…]}`, each stream with WebId, Name, Path, Links,
 * UnitsAbbreviation and its own `Items` of values. The quirks a client must survive are here:
 * only streams that changed appear, values within a stream are not always in time order, booleans
 * (the quality flags and boolean values) are strings in some server versions, and a value can be
 * a digital-state object, including a system state when the reading is bad.
 */

import { pick, randomInt, type Random } from '../random'
import type { DigitalState, PiStream } from './pi-catalog'

/** `native`: true/false, as current servers send; `string`: "true"/"false", as older ones do. */
export type PiBooleans = 'native' | 'string'

export type PiValue = number | string | boolean | DigitalState | SystemState

/** A bad reading: PI stores a system digital state instead of a value. */
export interface SystemState extends DigitalState {
  IsSystem: true
}

export interface PiReading {
  timestampMs: number
  value: PiValue
  good: boolean
  questionable: boolean
  substituted: boolean
  annotated: boolean
}

export type PiFlag = boolean | 'true' | 'false'

export interface PiValueItem {
  Timestamp: string
  Value: PiValue | 'true' | 'false'
  UnitsAbbreviation: string
  Good: PiFlag
  Questionable: PiFlag
  Substituted: PiFlag
  Annotated: PiFlag
}

export interface PiStreamItem {
  WebId: string
  Name: string
  Path: string
  Links: Record<string, never>
  UnitsAbbreviation: string
  Items: PiValueItem[]
}

export interface PiChannelMessage {
  Links: Record<string, never>
  Items: PiStreamItem[]
}

const SYSTEM_STATES: readonly SystemState[] = [
  { Name: 'I/O Timeout', Value: 246, IsSystem: true },
  { Name: 'Bad Input', Value: 307, IsSystem: true },
  { Name: 'Comm Fail', Value: 313, IsSystem: true },
]

const NOTES = [
  'Seal inspected',
  'Running on standby motor',
  'Filter changed',
  'Awaiting maintenance',
  'Normal operation',
]

/** PI Web API writes seven fractional digits when a timestamp has a fraction, none otherwise. */
export function piTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString()
  return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso.replace('Z', '0000Z')
}

export function emptyMessage(): PiChannelMessage {
  return { Links: {}, Items: [] }
}

/** The current value of every stream, moved along by each new reading. */
export class PiValueSource {
  private readonly current = new Map<string, PiReading>()

  constructor(
    private readonly random: Random,
    private readonly now: () => number,
    /** Probability that a reading is bad (a system state with Good false). */
    private readonly badRate = 0.01,
  ) {}

  /** The stream's latest reading, made up once if it has none yet. */
  currentReading(stream: PiStream): PiReading {
    return this.current.get(stream.webId) ?? this.read(stream, this.now() - 1000)
  }

  /** A new reading at the given time, which becomes current if it is the latest. */
  read(stream: PiStream, timestampMs: number): PiReading {
    const previous = this.current.get(stream.webId)
    const bad = this.random() < this.badRate
    const reading: PiReading = {
      timestampMs,
      value: bad ? pick(this.random, SYSTEM_STATES) : this.nextValue(stream, previous?.value),
      good: !bad,
      questionable: !bad && this.random() < 0.02,
      // Substituted marks a value edited after the fact, which channels re-send.
      substituted: this.random() < 0.01,
      annotated: this.random() < 0.005,
    }
    if (!previous || timestampMs >= previous.timestampMs) this.current.set(stream.webId, reading)
    return reading
  }

  /**
   * `count` readings for a stream spread over the polling interval that ends now. Usually in time
   * order; now and then a pair is swapped, because channels do not promise order.
   */
  readings(stream: PiStream, count: number, intervalMs: number): PiReading[] {
    const end = this.now()
    const times = Array.from({ length: count }, () => end - Math.floor(this.random() * intervalMs))
    times.sort((a, b) => a - b)
    const readings = times.map((time) => this.read(stream, time))
    if (count > 1 && this.random() < 0.15) {
      const i = randomInt(this.random, 0, count - 2)
      ;[readings[i], readings[i + 1]] = [readings[i + 1]!, readings[i]!]
    }
    return readings
  }

  private nextValue(stream: PiStream, previous: PiValue | undefined): PiValue {
    switch (stream.kind) {
      case 'float': {
        const [low, high] = stream.range ?? [0, 100]
        const last = typeof previous === 'number' ? previous : low + (high - low) * this.random()
        const step = (high - low) * 0.02 * (this.random() * 2 - 1)
        return Math.round(Math.min(high, Math.max(low, last + step)) * 10_000) / 10_000
      }
      case 'integer': {
        // Counters such as run hours: they only go up.
        const [low, high] = stream.range ?? [0, 100]
        const last = typeof previous === 'number' ? previous : randomInt(this.random, low, high)
        return last + randomInt(this.random, 0, 1)
      }
      case 'boolean':
        return typeof previous === 'boolean' && this.random() < 0.7 ? previous : this.random() < 0.2
      case 'digital':
        return pick(this.random, stream.states ?? [{ Name: 'Unknown', Value: 0 }])
      case 'string':
        return pick(this.random, NOTES)
    }
  }
}

function flag(value: boolean, booleans: PiBooleans): PiFlag {
  return booleans === 'string' ? (value ? 'true' : 'false') : value
}

export function valueItem(stream: PiStream, reading: PiReading, booleans: PiBooleans): PiValueItem {
  const value = typeof reading.value === 'boolean' ? flag(reading.value, booleans) : reading.value
  return {
    Timestamp: piTimestamp(reading.timestampMs),
    Value: value,
    UnitsAbbreviation: stream.units,
    Good: flag(reading.good, booleans),
    Questionable: flag(reading.questionable, booleans),
    Substituted: flag(reading.substituted, booleans),
    Annotated: flag(reading.annotated, booleans),
  }
}

export function streamItem(
  stream: PiStream,
  readings: readonly PiReading[],
  booleans: PiBooleans,
): PiStreamItem {
  return {
    WebId: stream.webId,
    Name: stream.name,
    Path: stream.path,
    Links: {},
    UnitsAbbreviation: stream.units,
    Items: readings.map((reading) => valueItem(stream, reading, booleans)),
  }
}

/** An error as PI Web API reports it inside a channel. */
export function webException(statusCode: number, errors: readonly string[]) {
  return { WebException: { StatusCode: statusCode, Errors: [...errors] } }
}
