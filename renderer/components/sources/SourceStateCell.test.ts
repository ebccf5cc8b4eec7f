import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { sourceView } from '../../test/fixtures'
import SourceStateCell from './SourceStateCell.vue'

describe('SourceStateCell', () => {
  it('says a setup problem needs a fix in the settings, not just another retry', () => {
    const lastError = {
      kind: 'config' as const,
      message: 'the secret "lab.token" is not stored',
      at: 1,
    }
    const down = mount(SourceStateCell, {
      props: {
        source: sourceView({ state: 'reconnecting', nextRetryAt: Date.now() + 60_000, lastError }),
      },
    })
    expect(down.get('[data-testid="needs-setup"]').text()).toMatch(/Needs a fix in its settings/)
    const network = mount(SourceStateCell, {
      props: {
        source: sourceView({ state: 'reconnecting', lastError: { ...lastError, kind: 'network' } }),
      },
    })
    expect(network.find('[data-testid="needs-setup"]').exists()).toBe(false)
  })
})
