/**
 * NeuroIO entries: what the face-recognition platform records when a camera sees a face, and what
 * its event stream pushes as `data`. Field values follow the platform's enums (neuroio-python's
 * constants): result new, reinit, exact, ha, junk, nm, det; mood neutral … surprise, or nm/det when
 * no face was matched or only detected; liveness passed, failed, undetermined; sex 0 male, 1 female.
 * Confidence follows the default thresholds: exact from 79.3, ha from 75.5, junk from 68.84.
 */

import {
  pick,
  pickWeighted,
  randomInt,
  uuid,
  weighted,
  type Random,
  type Weighted,
} from '../random'

export const ENTRY_RESULTS = ['new', 'reinit', 'exact', 'ha', 'junk', 'nm', 'det'] as const
export type EntryResult = (typeof ENTRY_RESULTS)[number]
export const MOODS = [
  'neutral',
  'anger',
  'contempt',
  'disgust',
  'fear',
  'happiness',
  'sadness',
  'surprise',
] as const
export const LIVENESS = ['passed', 'failed', 'undetermined'] as const

export interface NeuroioSource {
  id: number
  name: string
}

/** One entry as the event stream carries it in `data`. */
export interface NeuroioEntry {
  id: number
  /** The person matched or created; null when nobody was (nm, det). */
  pid: string | null
  result: EntryResult
  /** Similarity in percent for exact, ha and junk; null otherwise. */
  confidence: number | null
  age: number | null
  sex: 0 | 1 | null
  mood: string
  liveness: (typeof LIVENESS)[number]
  face_image: string
  /** The person's reference photo, when there is a person. */
  initial: string | null
  source: NeuroioSource
  space_id: number
  /** ISO 8601 with microseconds, as the platform's Django API writes them. */
  created: string
  /** Unix seconds of the frame the face came from. */
  timestamp: number
}

const RESULT_MIX: Weighted<EntryResult> = weighted([
  ['exact', 45],
  ['ha', 10],
  ['junk', 8],
  ['nm', 15],
  ['det', 12],
  ['new', 7],
  ['reinit', 3],
])

const MOOD_MIX = weighted<string>([
  ['neutral', 60],
  ['happiness', 15],
  ['surprise', 6],
  ['sadness', 6],
  ['anger', 4],
  ['contempt', 3],
  ['disgust', 3],
  ['fear', 3],
])

const SOURCES: readonly NeuroioSource[] = [
  { id: 11, name: 'Entrance A' },
  { id: 12, name: 'Entrance B' },
  { id: 17, name: 'Lobby camera' },
  { id: 23, name: 'Parking gate' },
]

const SPACE_ID = 4
const STORAGE = 'https://storage.neuroio.com/v1'

interface Person {
  pid: string
  age: number
  sex: 0 | 1
}

function isoMicros(ms: number, random: Random): string {
  const micros = randomInt(random, 0, 999).toString().padStart(3, '0')
  return new Date(ms).toISOString().replace('Z', `${micros}Z`)
}

export class NeuroioEntryGenerator {
  private readonly persons: Person[] = []
  private nextEntryId: number

  constructor(
    private readonly random: Random,
    private readonly now: () => number,
  ) {
    this.nextEntryId = randomInt(random, 100_000, 900_000)
    for (let i = 0; i < 40; i++) this.persons.push(this.person())
  }

  next(result: EntryResult = pickWeighted(this.random, RESULT_MIX)): NeuroioEntry {
    const now = this.now()
    const entryId = this.nextEntryId++
    const matched = result === 'exact' || result === 'ha' || result === 'junk'
    const known = matched || result === 'reinit'
    let person: Person | undefined
    if (known) person = pick(this.random, this.persons)
    if (result === 'new') {
      person = this.person()
      this.persons.push(person)
    }
    const detectedOnly = result === 'det'
    return {
      id: entryId,
      pid: person?.pid ?? null,
      result,
      confidence: matched ? this.confidence(result) : null,
      age: detectedOnly ? null : (person?.age ?? randomInt(this.random, 16, 75)),
      sex: detectedOnly ? null : (person?.sex ?? (this.random() < 0.5 ? 0 : 1)),
      // Without a match or with a bare detection the mood field carries the result instead.
      mood: result === 'nm' || result === 'det' ? result : pickWeighted(this.random, MOOD_MIX),
      liveness: detectedOnly
        ? 'undetermined'
        : this.random() < 0.93
          ? 'passed'
          : pick(this.random, ['failed', 'undetermined'] as const),
      face_image: `${STORAGE}/spaces/${SPACE_ID}/entries/${uuid(this.random)}.jpg`,
      initial: person ? `${STORAGE}/spaces/${SPACE_ID}/persons/${person.pid}.jpg` : null,
      source: pick(this.random, SOURCES),
      space_id: SPACE_ID,
      created: isoMicros(now, this.random),
      timestamp: Math.floor(now / 1000),
    }
  }

  private person(): Person {
    return {
      pid: uuid(this.random),
      age: randomInt(this.random, 16, 75),
      sex: this.random() < 0.5 ? 0 : 1,
    }
  }

  private confidence(result: 'exact' | 'ha' | 'junk'): number {
    const [low, high] =
      result === 'exact' ? [79.3, 99.9] : result === 'ha' ? [75.5, 79.29] : [68.84, 75.49]
    return Math.round((low + this.random() * (high - low)) * 100) / 100
  }
}
