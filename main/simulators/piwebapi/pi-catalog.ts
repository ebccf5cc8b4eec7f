/**
 * What the simulated PI System holds: PI points and AF elements with their attributes, each a
 * stream with a WebId, a name, a path and units. WebIds are derived from paths the way PI Web API's
 * full WebIds are (a type marker, then an encoded identity), so they are stable across runs and can
 * be written into configs and READMEs: `PI_STREAMS` and `PI_ELEMENTS` list them.
 */

import { createHash } from 'node:crypto'

/** How a stream's values look: numbers, booleans, digital states or text. */
export type PiValueKind = 'float' | 'integer' | 'boolean' | 'digital' | 'string'

/** A digital state as PI Web API writes it inside `Value`. */
export interface DigitalState {
  Name: string
  Value: number
}

export interface PiStream {
  webId: string
  name: string
  path: string
  units: string
  kind: PiValueKind
  /** float and integer: the band values wander in. */
  range?: readonly [number, number]
  /** digital: the state set. */
  states?: readonly DigitalState[]
}

export interface PiElement {
  webId: string
  name: string
  path: string
  attributes: readonly PiStream[]
}

const DATA_SERVER = '\\\\PISRV01'
const AF_DATABASE = '\\\\PIAF01\\Plant'

/** `F1` is a full WebId; DP marks a PI point, Ab an AF attribute, Em an AF element. */
function webIdFor(marker: 'DP' | 'AbE' | 'Em', path: string): string {
  const identity = createHash('sha256').update(path.toUpperCase()).digest('base64url')
  return `F1${marker}${identity.slice(0, 38)}`
}

type StreamSpec = Omit<PiStream, 'webId' | 'path'>

const ACTIVE_INACTIVE: readonly DigitalState[] = [
  { Name: 'Inactive', Value: 0 },
  { Name: 'Active', Value: 1 },
]

const POINTS: readonly StreamSpec[] = [
  { name: 'SINUSOID', units: '', kind: 'float', range: [0, 100] },
  { name: 'CDT158', units: '°C', kind: 'float', range: [20, 180] },
  { name: 'CDM158', units: '', kind: 'digital', states: ACTIVE_INACTIVE },
  { name: 'BA:PHASE.1', units: '', kind: 'digital', states: phases() },
  { name: 'BA:LEVEL.1', units: '%', kind: 'float', range: [0, 100] },
]

function phases(): DigitalState[] {
  return [1, 2, 3, 4].map((n) => ({ Name: `Phase${n}`, Value: n - 1 }))
}

const ELEMENTS: readonly { name: string; attributes: readonly StreamSpec[] }[] = [
  {
    name: 'Pump 101',
    attributes: [
      { name: 'Flow', units: 'm3/h', kind: 'float', range: [0, 420] },
      { name: 'Discharge Pressure', units: 'bar', kind: 'float', range: [1, 16] },
      { name: 'Motor Temperature', units: '°C', kind: 'float', range: [25, 95] },
      { name: 'Status', units: '', kind: 'digital', states: ACTIVE_INACTIVE },
      { name: 'High Vibration', units: '', kind: 'boolean' },
      { name: 'Run Hours', units: 'h', kind: 'integer', range: [12_000, 90_000] },
      { name: 'Operator Note', units: '', kind: 'string' },
    ],
  },
  {
    name: 'Tank 7',
    attributes: [
      { name: 'Level', units: 'm', kind: 'float', range: [0, 12] },
      { name: 'Water', units: 'm', kind: 'float', range: [0, 4] },
      {
        name: 'Inlet Valve',
        units: '',
        kind: 'digital',
        states: [
          { Name: 'Closed', Value: 0 },
          { Name: 'Open', Value: 1 },
          { Name: 'Travel', Value: 2 },
        ],
      },
      { name: 'High Level Alarm', units: '', kind: 'boolean' },
    ],
  },
]

export const PI_STREAMS: readonly PiStream[] = POINTS.map((spec) => {
  const path = `${DATA_SERVER}\\${spec.name}`
  return { ...spec, path, webId: webIdFor('DP', path) }
})

export const PI_ELEMENTS: readonly PiElement[] = ELEMENTS.map((element) => {
  const path = `${AF_DATABASE}\\${element.name}`
  return {
    name: element.name,
    path,
    webId: webIdFor('Em', path),
    attributes: element.attributes.map((spec) => {
      const attributePath = `${path}|${spec.name}`
      return { ...spec, path: attributePath, webId: webIdFor('AbE', attributePath) }
    }),
  }
})

/** Every stream: the PI points and every element's attributes. */
export const ALL_PI_STREAMS: readonly PiStream[] = [
  ...PI_STREAMS,
  ...PI_ELEMENTS.flatMap((element) => element.attributes),
]

const STREAMS_BY_ID = new Map(ALL_PI_STREAMS.map((stream) => [stream.webId, stream]))
const ELEMENTS_BY_ID = new Map(PI_ELEMENTS.map((element) => [element.webId, element]))

export function findStream(webId: string): PiStream | undefined {
  return STREAMS_BY_ID.get(webId)
}

export function findElement(webId: string): PiElement | undefined {
  return ELEMENTS_BY_ID.get(webId)
}

/** PI Web API's nameFilter: `*` any run of characters, `?` one, case-insensitive. */
export function nameMatches(filter: string, name: string): boolean {
  const pattern = filter
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${pattern}$`, 'i').test(name)
}
