import { createRouter, createWebHashHistory } from 'vue-router'
import LiveEventsPage from './pages/LiveEventsPage.vue'
import SettingsPage from './pages/SettingsPage.vue'
import SourceDetailPage from './pages/SourceDetailPage.vue'
import SourceEditPage from './pages/SourceEditPage.vue'
import SourcesPage from './pages/SourcesPage.vue'

// Hash history: the page is loaded from a file under Electron and from one path by the headless
// host, so routes must never reach the server.
export function createAppRouter() {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/sources' },
      { path: '/sources', name: 'sources', component: SourcesPage },
      { path: '/sources/new', name: 'source-new', component: SourceEditPage },
      { path: '/sources/:id', name: 'source', component: SourceDetailPage },
      { path: '/sources/:id/edit', name: 'source-edit', component: SourceEditPage },
      { path: '/events', name: 'live-events', component: LiveEventsPage },
      { path: '/settings', name: 'settings', component: SettingsPage },
      { path: '/:pathMatch(.*)*', redirect: '/sources' },
    ],
  })
}
