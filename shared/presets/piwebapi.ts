/**
 * PI Web API channels (OSIsoft / AVEVA): the options a source keeps, the channel URL the form
 * builds from them, and the shape of the events Vigil makes: one per (stream, value), flattened
 * from `Items[].Items[]` (../shared/protocols.md).
 */

import { z } from 'zod'
import type { EventFieldSpec, PresetDescriptor } from '../preset-descriptor'
import { optionFields } from './option-fields'
import { secretRefSchema } from '../source-settings'
import { hostOption, listOption } from './option-kit'

// WebIds are URL-safe base64 with a type prefix; anything else would break the path.
const webId = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'a WebId is letters, digits, "-" and "_"')
const username = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^[^:\r\n]*$/, 'a Basic username cannot contain ":" or line breaks')

export const piOptionsSchema = z
  .strictObject({
    /** `host[:port]` of the PI Web API server. */
    server: hostOption.optional(),
    /** `streams`: the WebIds are streams; `element`: one AF element, all its attributes. */
    target: z.enum(['streams', 'element']).default('streams'),
    webIds: listOption(webId, 500).default([]),
    /** element only: attribute names to keep (`*` wildcards), as PI's nameFilter. */
    nameFilter: z.string().min(1).max(500).optional(),
    includeInitialValues: z.boolean().default(false),
    /** Polling intervals without data before the server sends an empty message (0: never). */
    heartbeatRate: z.number().int().min(0).max(10_000).default(0),
    /**
     * The server's channel polling interval. Neither the channel nor protocols.md says what it
     * is (it is the server's configuration), so the default errs long: a channel taken for
     * stale while healthy would reconnect over and over, a dead one found late only waits.
     */
    pollingIntervalMs: z.number().int().min(10).max(3_600_000).default(5_000),
    auth: z.enum(['none', 'basic', 'bearer']).default('none'),
    username: username.optional(),
    passwordSecretRef: secretRefSchema.optional(),
    tokenSecretRef: secretRefSchema.optional(),
  })
  .superRefine((options, ctx) => {
    const need = (key: 'username' | 'passwordSecretRef' | 'tokenSecretRef', why: string) => {
      if (options[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: why })
    }
    if (options.auth === 'basic') {
      need('username', 'Basic auth needs a username')
      need('passwordSecretRef', 'Basic auth needs a password (a secret reference)')
    }
    if (options.auth === 'bearer') need('tokenSecretRef', 'Bearer auth needs a token')
    if (options.target === 'element' && options.webIds.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['webIds'],
        message: 'an element channel takes one element WebId',
      })
    }
    if (options.nameFilter !== undefined && options.target !== 'element') {
      ctx.addIssue({
        code: 'custom',
        path: ['nameFilter'],
        message: 'nameFilter applies to an element channel only',
      })
    }
  })
export type PiOptions = z.output<typeof piOptionsSchema>

/**
 * The channel URL: one stream `/streams/{id}/channel`, several `/streamsets/channel?webId=…`, an
 * element `/streamsets/{id}/channel`. Null until a server and a WebId are given.
 */
export function buildPiUrl(options: z.input<typeof piOptionsSchema>): string | null {
  const parsed = piOptionsSchema.safeParse(options)
  if (!parsed.success) return null
  const { server, target, webIds, nameFilter, includeInitialValues, heartbeatRate } = parsed.data
  if (server === undefined || webIds.length === 0) return null
  const base = `wss://${server}/piwebapi`
  const query: string[] = []
  let path: string
  if (target === 'element') {
    path = `/streamsets/${webIds[0]}/channel`
    if (nameFilter !== undefined) query.push(`nameFilter=${encodeURIComponent(nameFilter)}`)
  } else if (webIds.length === 1) {
    path = `/streams/${webIds[0]}/channel`
  } else {
    path = '/streamsets/channel'
    for (const id of webIds) query.push(`webId=${id}`)
  }
  if (includeInitialValues) query.push('includeInitialValues=true')
  if (heartbeatRate > 0) query.push(`heartbeatRate=${heartbeatRate}`)
  return `${base}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`
}

const FIELDS: EventFieldSpec[] = [
  { path: 'WebId', types: ['string'], description: "the stream's WebId" },
  { path: 'Name', types: ['string'], description: 'the stream (attribute or point) name' },
  { path: 'Path', types: ['string'], description: 'the full path, \\\\server\\point' },
  { path: 'UnitsAbbreviation', types: ['string'], description: 'units, as m3/h or °C' },
  { path: 'Timestamp', types: ['string'], description: 'ISO 8601 UTC' },
  {
    path: 'Value',
    types: ['number', 'string', 'boolean', 'object'],
    description: 'the value; a digital state is an object {Name, Value}',
  },
  { path: 'Value.Name', types: ['string'], description: 'digital state name' },
  { path: 'Value.Value', types: ['number'], description: 'digital state code' },
  { path: 'Good', types: ['boolean'] },
  { path: 'Questionable', types: ['boolean'] },
  { path: 'Substituted', types: ['boolean'] },
  { path: 'Annotated', types: ['boolean'] },
]

export const piDescriptor: PresetDescriptor<'piwebapi'> = {
  id: 'piwebapi',
  label: 'PI Web API channel',
  description:
    'Live values from PI Web API stream or streamset channels, one event per stream value, ' +
    'typed by the stream name, with Basic or Bearer auth.',
  defaultEventTypePath: 'Name',
  defaultUrl: 'wss://pi.example.com/piwebapi/streams/<webId>/channel',
  fields: optionFields(piOptionsSchema, [
    {
      key: 'server',
      label: 'Server',
      kind: 'text',
      required: true,
      help: 'Host name of the PI Web API server, with :port if not 443.',
      placeholder: 'pi.example.com',
      affectsUrl: true,
    },
    {
      key: 'target',
      label: 'Channel of',
      kind: 'select',
      required: true,
      help: 'Streams by WebId (one or several), or every attribute of one AF element.',
      choices: [
        { value: 'streams', label: 'Streams (attribute or point WebIds)' },
        { value: 'element', label: 'An element (its attributes)' },
      ],
      affectsUrl: true,
    },
    {
      key: 'webIds',
      label: 'WebIds',
      kind: 'list',
      required: true,
      help: 'WebIds of the streams (or of the element) to watch.',
      affectsUrl: true,
    },
    {
      key: 'nameFilter',
      label: 'Attribute filter',
      kind: 'text',
      required: false,
      help: 'Element channels: only attributes whose name matches (wildcards * and ?).',
      affectsUrl: true,
      showWhen: { target: ['element'] },
    },
    {
      key: 'includeInitialValues',
      label: 'Send current values on connect',
      kind: 'boolean',
      required: false,
      help: 'The server sends every stream’s current value as soon as the channel opens.',
      affectsUrl: true,
    },
    {
      key: 'heartbeatRate',
      label: 'Heartbeat rate',
      kind: 'number',
      required: false,
      help:
        'An empty message after this many polling intervals without data (0: none). With ' +
        'heartbeats, a channel silent for twice that long is marked stale.',
      affectsUrl: true,
    },
    {
      key: 'pollingIntervalMs',
      label: 'Polling interval',
      kind: 'number',
      required: false,
      unit: 'ms',
      help:
        'The server’s channel polling interval, for the heartbeat watch. The default errs ' +
        'long; set your server’s to find a dead channel sooner.',
    },
    {
      key: 'auth',
      label: 'Authentication',
      kind: 'select',
      required: true,
      help: 'Credentials sent on the websocket upgrade (Kerberos/NTLM are not supported).',
      choices: [
        { value: 'none', label: 'None (anonymous)' },
        { value: 'basic', label: 'Basic (user and password)' },
        { value: 'bearer', label: 'Bearer token' },
      ],
    },
    {
      key: 'username',
      label: 'User',
      kind: 'text',
      required: true,
      help: 'The Basic auth user, as DOMAIN\\user if the server needs it.',
      showWhen: { auth: ['basic'] },
    },
    {
      key: 'passwordSecretRef',
      label: 'Password',
      kind: 'secret',
      required: true,
      help: 'Kept in the secret store.',
      secretRef: '{sourceId}.password',
      showWhen: { auth: ['basic'] },
    },
    {
      key: 'tokenSecretRef',
      label: 'Token',
      kind: 'secret',
      required: true,
      help: 'An OpenID Connect access token, kept in the secret store.',
      secretRef: '{sourceId}.token',
      showWhen: { auth: ['bearer'] },
    },
  ]),
  events: [{ type: '*', description: 'One value of one stream', fields: FIELDS }],
  // A channel only sends: the stream is chosen by its URL, and nothing is sent to it.
  examples: {},
}
