import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent, h } from 'vue'

const Blank = defineComponent({ render: () => h('div') })

/** A router that resolves every path, for components that render links or navigate. */
export function testRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:any(.*)*', component: Blank }],
  })
}
