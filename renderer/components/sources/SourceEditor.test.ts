import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import { PRESET_DESCRIPTORS, presetDescriptor } from '../../../shared/presets'
import type { Issue } from '../../../shared/result'
import { emptySourceForm, type SourceForm, type SourceSubmission } from '../../lib/source-form'
import { fieldErrors } from '../../test/form-field'
import SourceEditor from './SourceEditor.vue'

// The form's Test connection panel calls the engine through the sources store.
vi.mock('../../api', async () => (await import('../../test/fake-api')).fakeApi)
beforeEach(() => setActivePinia(createPinia()))

function mountEditor(
  options: { form?: Partial<SourceForm>; storedRefs?: string[]; serverIssues?: Issue[] } = {},
) {
  const form = reactive({
    ...emptySourceForm('generic', presetDescriptor('generic')),
    ...options.form,
  })
  const wrapper = mount(SourceEditor, {
    props: {
      modelValue: form,
      editing: false,
      descriptors: PRESET_DESCRIPTORS,
      storedRefs: new Set(options.storedRefs ?? []),
      serverIssues: options.serverIssues ?? [],
      saving: false,
    },
    attachTo: document.body,
  })
  return { wrapper, form }
}

type Wrapper = ReturnType<typeof mountEditor>['wrapper']

const submitted = (wrapper: Wrapper) =>
  (wrapper.emitted('submit') ?? []).map(([submission]) => submission as SourceSubmission)

describe('SourceEditor', () => {
  it('shows each problem under its own field on save, and focuses the first', async () => {
    const { wrapper } = mountEditor()
    await wrapper.get('form').trigger('submit')
    await nextTick()
    expect(fieldErrors(wrapper, 'name')).toEqual(['a name is required'])
    expect(fieldErrors(wrapper, 'id')).toEqual([
      'an id is required (it follows the name until you type one)',
    ])
    expect(fieldErrors(wrapper, 'url')[0]).toMatch(/must be a ws:\/\/ or wss:\/\/ URL/)
    expect(wrapper.get('[role="alert"]').text()).toContain('3 problems')
    const name = wrapper.get('#field-name')
    expect(name.attributes('aria-invalid')).toBe('true')
    expect(name.attributes('aria-describedby')).toContain('field-name-errors')
    expect(document.activeElement).toBe(name.element)
    expect(submitted(wrapper)).toEqual([])
    wrapper.unmount()
  })

  it('checks a field once the user leaves it, before any save', async () => {
    const { wrapper } = mountEditor()
    await wrapper.get('summary').trigger('click')
    const initial = wrapper.get('#field-reconnect-initialMs')
    await initial.setValue('soon')
    expect(fieldErrors(wrapper, 'reconnect.initialMs')).toEqual([])
    await initial.trigger('focusout')
    expect(fieldErrors(wrapper, 'reconnect.initialMs')).toEqual(['enter a number'])
    // Untouched fields stay quiet until a save attempt.
    expect(fieldErrors(wrapper, 'name')).toEqual([])
    wrapper.unmount()
  })

  it('derives the id from the name for a new source and shows defaults as placeholders', async () => {
    const { wrapper, form } = mountEditor()
    await wrapper.get('#field-name').setValue('Front door cameras')
    expect(form.id).toBe('front-door-cameras')
    // Durations read in seconds or minutes: the 120,000 ms default is 2 minutes.
    expect(wrapper.get('#field-watchdog-deadChannelMs').attributes('placeholder')).toBe('2')
    expect(
      (wrapper.get('[aria-label="Failed after: unit"]').element as HTMLSelectElement).value,
    ).toBe('min')
    wrapper.unmount()
  })

  it('takes durations in seconds or minutes and saves them in milliseconds', async () => {
    const { wrapper, form } = mountEditor({
      form: { id: 'door', name: 'Door', url: 'wss://door.example.com/' },
    })
    // The unit starts as the default reads best: 30 s in seconds, 1 minute in minutes.
    await wrapper.get('#field-reconnect-stableAfterMs').setValue('1.5')
    expect(form.stableAfterMs).toBe('1500')
    await wrapper.get('#field-reconnect-maxMs').setValue('1.5')
    expect(form.reconnectMaxMs).toBe('90000')
    await wrapper.get('[aria-label="Failed after: unit"]').setValue('min')
    await wrapper.get('#field-watchdog-deadChannelMs').setValue('10')
    expect(form.deadChannelMs).toBe('600000')
    await wrapper.get('form').trigger('submit')
    expect(submitted(wrapper)[0]?.source).toMatchObject({
      reconnect: { maxMs: 90_000, stableAfterMs: 1_500 },
      watchdog: { deadChannelMs: 600_000 },
    })
    wrapper.unmount()
  })

  it('edits the keepalive and login durations and messages, each with its own problems', async () => {
    const { wrapper, form } = mountEditor({
      form: { id: 'door', name: 'Door', url: 'wss://door.example.com/' },
      serverIssues: [
        { path: 'auth.timeoutMs', message: 'too long a wait' },
        { path: 'keepalive.app.message', message: 'not a ping this service knows' },
      ],
    })
    form.auth.type = 'message'
    form.appPing.mode = 'custom'
    await nextTick()
    await wrapper.get('#field-keepalive-pingIntervalMs').setValue('20')
    expect(form.pingIntervalMs).toBe('20000')
    await wrapper.get('#field-keepalive-app-intervalMs').setValue('15')
    expect(form.appPing.intervalMs).toBe('15000')
    await wrapper.get('#field-auth-timeoutMs').setValue('4')
    expect(form.auth.timeoutMs).toBe('4000')
    expect(wrapper.find('[aria-label="Reply timeout: unit"]').exists()).toBe(true)
    await wrapper.get('#field-auth-template').setValue('{"login": "{{secret}}"}')
    expect(form.auth.template).toBe('{"login": "{{secret}}"}')
    await wrapper.get('#field-keepalive-app-message').setValue('PING')
    expect(form.appPing.message).toBe('PING')
    expect(wrapper.get('#field-keepalive-app-message').attributes('spellcheck')).toBe('false')
    await wrapper.get('form').trigger('submit')
    await nextTick()
    expect(fieldErrors(wrapper, 'auth.timeoutMs')).toEqual(['too long a wait'])
    expect(fieldErrors(wrapper, 'keepalive.app.message')).toEqual(['not a ping this service knows'])
    wrapper.unmount()
  })

  it("keeps the generic preset's frame rules under Advanced, and takes examples from the preset (B8)", async () => {
    const { wrapper, form } = mountEditor()
    const advanced = wrapper.get('details.advanced')
    expect(advanced.find('#field-options-eventWhen-path').exists()).toBe(true)
    expect(wrapper.findAll('fieldset > legend').map((l) => l.text())).not.toContain('Generic JSON')

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add a message')!
      .trigger('click')
    const message = () => wrapper.get('#field-onOpen-0').attributes('placeholder')
    expect(message()).toBe('{"action": "subscribe", "channel": "alerts"}')
    form.preset = 'census'
    await nextTick()
    expect(message()).toContain('"service": "event"')
    wrapper.unmount()
  })

  it('asks for the secret in a password field and keeps its value out of the source', async () => {
    const { wrapper } = mountEditor({
      form: { id: 'faces', name: 'Faces', url: 'wss://events.example.com' },
    })
    await wrapper.get('#field-auth-type').setValue('header')
    const secret = wrapper.get('#field-auth-secret')
    expect(secret.attributes('type')).toBe('password')

    await wrapper.get('form').trigger('submit')
    expect(fieldErrors(wrapper, 'auth.secret')).toEqual(['enter the secret this login needs'])

    await secret.setValue('hunter2-very-secret')
    await wrapper.get('form').trigger('submit')
    const [submission] = submitted(wrapper)
    expect(submission?.secrets).toEqual([{ ref: 'faces-secret', value: 'hunter2-very-secret' }])
    expect(submission?.source.auth).toEqual({ type: 'header', secret: 'faces-secret' })
    expect(JSON.stringify(submission?.source)).not.toContain('hunter2')
    wrapper.unmount()
  })

  it('stores a header value as a secret: the source names it, the value goes to secret:set', async () => {
    const { wrapper, form } = mountEditor({
      form: {
        id: 'faces',
        name: 'Faces',
        url: 'wss://events.example.com',
        headers: [
          { name: 'X-Api-Key', value: 'k3y-9f8e7d' },
          { name: 'X-Client', value: 'vigil' },
        ],
      },
      // Another source's secret already has the first name: the value must not replace it.
      storedRefs: ['faces-x-api-key'],
    })
    const store = () => wrapper.findAll('button').filter((b) => b.text() === 'Store as a secret')
    expect(store()).toHaveLength(2)
    await wrapper.get('[aria-label="Store header 1 as a secret"]').trigger('click')
    expect(form.headers[0]!.value).toBe('{{secret.faces-x-api-key-2}}')
    expect(store()).toHaveLength(1) // the first header names a secret now
    expect(wrapper.text()).toContain("go to Vigil's secret store when you save the source")

    await wrapper.get('form').trigger('submit')
    const [submission] = submitted(wrapper)
    expect(submission?.secrets).toEqual([{ ref: 'faces-x-api-key-2', value: 'k3y-9f8e7d' }])
    expect(submission?.source.headers).toEqual({
      'X-Api-Key': '{{secret.faces-x-api-key-2}}',
      'X-Client': 'vigil',
    })
    expect(JSON.stringify(submission?.source)).not.toContain('k3y-9f8e7d')
    wrapper.unmount()
  })

  it('keeps a stored secret when the password field is left empty', async () => {
    const { wrapper } = mountEditor({
      form: { id: 'faces', name: 'Faces', url: 'wss://events.example.com' },
      storedRefs: ['faces-secret'],
    })
    await wrapper.get('#field-auth-type').setValue('query')
    expect(wrapper.text()).toContain('A value is stored')
    await wrapper.get('form').trigger('submit')
    const [submission] = submitted(wrapper)
    expect(submission?.secrets).toEqual([])
    expect(submission?.source.auth).toEqual({
      type: 'query',
      param: 'token',
      secret: 'faces-secret',
    })
    wrapper.unmount()
  })

  it('shows what the engine refused next to the field, and the rest in the summary', async () => {
    const { wrapper } = mountEditor({
      form: { id: 'faces', name: 'Faces', url: 'wss://events.example.com' },
      serverIssues: [
        { path: 'url', message: 'the engine does not like this URL' },
        { path: 'triggers.0.sources', message: 'unknown source' },
      ],
    })
    await wrapper.get('form').trigger('submit')
    expect(fieldErrors(wrapper, 'url')).toEqual(['the engine does not like this URL'])
    expect(wrapper.get('[role="alert"]').text()).toContain('triggers.0.sources: unknown source')
    wrapper.unmount()
  })

  it('opens the advanced section when a problem hides in it', async () => {
    const { wrapper } = mountEditor({
      form: { id: 'faces', name: 'Faces', url: 'wss://x.example', silenceMs: '5' },
    })
    expect(wrapper.get('details').attributes('open')).toBeUndefined()
    await wrapper.get('form').trigger('submit')
    await nextTick()
    expect(wrapper.get('details').attributes('open')).toBeDefined()
    expect(fieldErrors(wrapper, 'watchdog.silenceMs')).toEqual(['use 0 (off) or at least 1000 ms'])
    wrapper.unmount()
  })

  it("renders the preset's own fields and stores its secret by reference", async () => {
    const { wrapper, form } = mountEditor({ form: { id: 'faces', name: 'Faces' } })
    await wrapper.get('input[value="neuroio"]').setValue(true)
    expect(form.url).toBe('wss://events.neuroio.com')
    expect(wrapper.get('#field-eventTypePath').attributes('placeholder')).toBe('result')
    const token = wrapper.get('#field-options-tokenSecretRef')
    expect(token.attributes('type')).toBe('password')

    await wrapper.get('form').trigger('submit')
    expect(fieldErrors(wrapper, 'options.tokenSecretRef')).toEqual(['enter the api token'])

    await token.setValue('neuroio-demo-token')
    await wrapper.get('form').trigger('submit')
    const [submission] = submitted(wrapper)
    expect(submission?.source).toMatchObject({
      preset: 'neuroio',
      url: 'wss://events.neuroio.com',
      options: { tokenSecretRef: 'faces.token' },
    })
    expect(submission?.secrets).toEqual([{ ref: 'faces.token', value: 'neuroio-demo-token' }])
    expect(JSON.stringify(submission?.source)).not.toContain('neuroio-demo-token')
    wrapper.unmount()
  })

  it("offers a list field's known values and reports the option schema's problems there", async () => {
    const { wrapper, form } = mountEditor({ form: { id: 'ps2', name: 'PS2' } })
    await wrapper.get('input[value="census"]').setValue(true)
    expect(form.url).toBe(
      'wss://push.planetside2.com/streaming?environment=ps2&service-id=s:example',
    )
    await wrapper.get('#field-options-environment').setValue('ps2ps4eu')
    expect(form.url).toContain('environment=ps2ps4eu')

    const death = wrapper.findAll('.chip').find((chip) => chip.text() === 'Death')!
    await death.trigger('click')
    expect(death.attributes('aria-pressed')).toBe('true')
    await wrapper.get('#field-options-eventNames').setValue('Death, not an event!')
    await wrapper.get('form').trigger('submit')
    expect(fieldErrors(wrapper, 'options.eventNames')[0]).toMatch(/an event name such as Death/)
    wrapper.unmount()
  })
})
