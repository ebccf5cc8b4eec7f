import { mount } from '@vue/test-utils'
import type { VigilEvent } from '../../shared/domain'
import type { Issue } from '../../shared/result'
import type { SourceChoice } from '../components/triggers/builder-context'
import TriggerBuilder from '../components/triggers/TriggerBuilder.vue'
import type { FieldSuggestion } from '../lib/field-suggestions'
import type { Draft } from '../lib/trigger-draft'

/** What the builder is shown with besides its draft; a test gives only what it needs. */
export interface BuilderContextProps {
  issues?: readonly Issue[]
  fields?: readonly FieldSuggestion[]
  knownTypes?: readonly string[]
  sources?: readonly SourceChoice[]
  sampleEvent?: VigilEvent | null
  sampleEvents?: readonly VigilEvent[]
  isNew?: boolean
}

/**
 * The trigger builder with its draft held like the editor holds it: each change becomes the new
 * prop. No issues, fields, types, sources or sample unless given; a new trigger unless told.
 */
export function mountBuilder(draft: Draft, context: BuilderContextProps = {}) {
  const wrapper = mount(TriggerBuilder, {
    attachTo: document.body,
    props: {
      issues: [],
      fields: [],
      knownTypes: [],
      sources: [],
      sampleEvent: null,
      isNew: true,
      ...context,
      draft,
      onChange: (next: Draft) => wrapper.setProps({ draft: next }),
    },
  })
  return { wrapper, current: () => wrapper.props('draft') as Draft }
}
