import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { PRESET_IDS } from './preset-id'
import {
  PRESET_DESCRIPTORS,
  PRESET_OPTION_SCHEMAS,
  buildEventMessage,
  buildPresetUrl,
  presetSecretRefs,
  validatePresetOptions,
} from './presets'
import { simplisafeEventType } from './presets/simplisafe'
import { validateSource } from './source-config'

describe('preset descriptors', () => {
  it('cover every preset, once, as plain data', () => {
    expect(PRESET_DESCRIPTORS.map((descriptor) => descriptor.id).sort()).toEqual(
      [...PRESET_IDS].sort(),
    )
    expect(JSON.parse(JSON.stringify(PRESET_DESCRIPTORS))).toEqual(PRESET_DESCRIPTORS)
  })

  it.each(PRESET_IDS)('%s: fields name real options, with the defaults the engine uses', (id) => {
    const descriptor = PRESET_DESCRIPTORS.find((d) => d.id === id)!
    const schema = PRESET_OPTION_SCHEMAS[id] as unknown as z.ZodObject
    const defaults = validatePresetOptions(id, {})
    expect(defaults.ok).toBe(true)
    for (const field of descriptor.fields) {
      expect(Object.keys(schema.shape), field.key).toContain(field.key)
      if (field.default !== undefined && defaults.ok)
        expect((defaults.value as Record<string, unknown>)[field.key], field.key).toEqual(
          field.default,
        )
      if (field.kind === 'secret') expect(field.key).toMatch(/SecretRef$/)
      if (field.kind === 'select') expect(field.choices?.length).toBeGreaterThan(1)
    }
  })
})

describe('options in config v1', () => {
  const base = { id: 'src', name: 'Source', url: 'wss://example.com/' }

  it('stay optional, so configs written before them are still valid', () => {
    for (const preset of PRESET_IDS) expect(validateSource({ ...base, preset }).ok).toBe(true)
    const legacy = validateSource({
      ...base,
      preset: 'census',
      onOpen: [{ service: 'event', action: 'subscribe', worlds: ['1'], eventNames: ['Death'] }],
    })
    expect(legacy.ok).toBe(true)
  })

  it('are kept as written (defaults are filled by the engine, not into the file)', () => {
    const checked = validateSource({
      ...base,
      preset: 'census',
      options: { eventNames: ['Death'] },
    })
    expect(checked.ok && checked.value.options).toEqual({ eventNames: ['Death'] })
  })

  it('reject unknown keys and bad values with their path', () => {
    const checked = validateSource({
      ...base,
      preset: 'census',
      options: { environment: 'xbox', eventNames: ['Death', 'Death'], serviceId: 's:abc' },
    })
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.issues).toEqual(
      expect.arrayContaining([
        { path: 'options.serviceId', message: 'unknown key: options.serviceId' },
        expect.objectContaining({ path: 'options.environment' }),
        { path: 'options.eventNames', message: 'the list repeats a value' },
      ]),
    )
  })

  it('check what belongs together', () => {
    const pi = validatePresetOptions('piwebapi', { auth: 'basic', username: 'pi' })
    expect(pi.ok || pi.issues).toEqual([
      { path: 'passwordSecretRef', message: 'Basic auth needs a password (a secret reference)' },
    ])
    const safe = validatePresetOptions('simplisafe', { userId: '1234567' })
    expect(safe.ok || safe.issues[0]!.path).toBe('accessTokenSecretRef')
    const census = validatePresetOptions('census', {
      eventNames: ['Death'],
      characters: [],
      worlds: [],
    })
    expect(census.ok || census.issues[0]!.path).toBe('worlds')
    const generic = validatePresetOptions('generic', { eventWhen: { path: 'a..b' } })
    expect(generic.ok || generic.issues[0]!.path).toBe('eventWhen.path')
    expect(validatePresetOptions('ebsockets', { anything: 1 }).ok).toBe(false)
  })
})

describe('URL builders', () => {
  it('Census: endpoint and environment, the public id only without a stored one', () => {
    expect(buildPresetUrl('census', {})).toBe(
      'wss://push.planetside2.com/streaming?environment=ps2&service-id=s:example',
    )
    expect(
      buildPresetUrl('census', {
        endpoint: 'nanite',
        environment: 'ps2ps4eu',
        serviceIdSecretRef: 'ps2.service-id',
      }),
    ).toBe('wss://push.nanite-systems.net/streaming?environment=ps2ps4eu')
  })

  it('PI Web API: one stream, several streams, an element; null until complete', () => {
    expect(buildPresetUrl('piwebapi', { server: 'pi.example.com', webIds: ['F1DPa'] })).toBe(
      'wss://pi.example.com/piwebapi/streams/F1DPa/channel',
    )
    expect(
      buildPresetUrl('piwebapi', {
        server: 'pi.example.com:8443',
        webIds: ['F1DPa', 'F1DPb'],
        includeInitialValues: true,
        heartbeatRate: 5,
      }),
    ).toBe(
      'wss://pi.example.com:8443/piwebapi/streamsets/channel?webId=F1DPa&webId=F1DPb&includeInitialValues=true&heartbeatRate=5',
    )
    expect(
      buildPresetUrl('piwebapi', {
        server: 'pi',
        target: 'element',
        webIds: ['F1Em1'],
        nameFilter: 'Flow*',
      }),
    ).toBe('wss://pi/piwebapi/streamsets/F1Em1/channel?nameFilter=Flow*')
    expect(buildPresetUrl('piwebapi', { webIds: ['F1DPa'] })).toBeNull()
    expect(buildPresetUrl('piwebapi', { server: 'pi', webIds: ['bad/id'] })).toBeNull()
  })

  it('fixed services answer their endpoint; generic ones have none', () => {
    expect(buildPresetUrl('neuroio', {})).toBe('wss://events.neuroio.com')
    expect(buildPresetUrl('simplisafe', {})).toBe('wss://socketlink.prd.aser.simplisafe.com')
    expect(buildPresetUrl('generic', {})).toBeNull()
    expect(buildPresetUrl('ebsockets', {})).toBeNull()
  })
})

describe('preset helpers', () => {
  it('list the secret references a source’s options name', () => {
    expect(
      presetSecretRefs('piwebapi', {
        auth: 'basic',
        username: 'u',
        passwordSecretRef: 'pi.password',
        tokenSecretRef: 'pi.token',
      }),
    ).toEqual(['pi.password', 'pi.token'])
    expect(presetSecretRefs('census', undefined)).toEqual([])
  })

  it('build ebsockets events, type under "event", for the presets that send events', () => {
    expect(JSON.parse(buildEventMessage('ebsockets', 'message', { content: 'hi' })!)).toEqual({
      event: 'message',
      content: 'hi',
    })
    expect(buildEventMessage('census', 'Death')).toBeNull()
  })

  it('name SimpliSafe events from their code, unknown codes by number', () => {
    expect(simplisafeEventType(3401)).toBe('armed_away')
    expect(simplisafeEventType('1170')).toBe('camera_motion_detected')
    expect(simplisafeEventType(1602)).toBe('cid_1602')
    expect(simplisafeEventType(undefined)).toBe('unknown')
  })
})
