import { createRouter, createWebHashHistory } from 'vue-router'
import LiveEventsPage from './pages/LiveEventsPage.vue'
import SourcesPage from './pages/SourcesPage.vue'

// Hash history: the page is loaded from a file under Electron and from one path by the headless
// host, so routes must never reach the server.
export function createAppRouter() {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/sources' },
      { path: '/sources', name: 'sources', component: SourcesPage },
      { path: '/events', name: 'live-events', component: LiveEventsPage },
      { path: '/:pathMatch(.*)*', redirect: '/sources' },
    ],
  })
}
