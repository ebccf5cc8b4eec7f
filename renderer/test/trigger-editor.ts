import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { VigilEvent } from '../../shared/domain'
import type { LaunchEvent } from '../components/triggers/use-trigger-samples'
import TriggerEditor from '../components/triggers/TriggerEditor.vue'
import type { Draft } from '../lib/trigger-draft'
import { useSourcesStore } from '../stores/sources'
import { useTriggersStore } from '../stores/triggers'
import { fake } from './fake-api'
import { sourceView } from './fixtures'
import { triggerFake } from './fake-trigger-api'
import { triggerView } from './trigger-fixtures'

export interface EditorOptions {
  isNew?: boolean
  /** What `event:recent` answers (the builder's samples). */
  events?: VigilEvent[]
  launch?: LaunchEvent | null
}

/**
 * The trigger editor on the fake contract (install it in the test file with vi.mock), with one
 * source `demo`, a saved trigger `taken`, and a router holding the trigger routes.
 */
export async function mountEditor(initial: Draft, options: EditorOptions = {}) {
  fake.api.listSources.mockResolvedValue([sourceView({ id: 'demo', name: 'Demo' })])
  if (options.events) fake.api.recentEvents.mockResolvedValue(options.events)
  triggerFake.api.listTriggers.mockResolvedValue([triggerView({ id: 'taken' })])
  await useSourcesStore().start()
  await useTriggersStore().start()
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<p />' } },
      { path: '/triggers', component: { template: '<p />' } },
      { path: '/triggers/:id', name: 'trigger-edit', component: { template: '<p />' } },
    ],
  })
  await router.push('/triggers')
  const wrapper = mount(TriggerEditor, {
    attachTo: document.body,
    props: {
      initial,
      isNew: options.isNew ?? true,
      title: 'New trigger',
      launch: options.launch ?? null,
    },
    global: { plugins: [router] },
  })
  await flushPromises()
  return { wrapper, router }
}
