import { createRouter, createWebHashHistory } from 'vue-router'
import HistoryPage from './pages/HistoryPage.vue'
import LiveEventsPage from './pages/LiveEventsPage.vue'
import SettingsPage from './pages/SettingsPage.vue'
import SourceDetailPage from './pages/SourceDetailPage.vue'
import SourceEditPage from './pages/SourceEditPage.vue'
import NotificationsPage from './pages/NotificationsPage.vue'
import SourcesPage from './pages/SourcesPage.vue'
import TriggerEditPage from './pages/TriggerEditPage.vue'
import TriggersPage from './pages/TriggersPage.vue'

// Hash history: the page is one file, served on vigil://app under Electron and from one path by
// the headless host, so routes must never reach the server.
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
      { path: '/history', name: 'history', component: HistoryPage },
      { path: '/settings', name: 'settings', component: SettingsPage },
      { path: '/triggers', name: 'triggers', component: TriggersPage },
      // The hand-off from Live events: /triggers/new?source=&type=&field=&op=&value=<JSON>
      { path: '/triggers/new', name: 'trigger-new', component: TriggerEditPage },
      { path: '/triggers/:id', name: 'trigger-edit', component: TriggerEditPage },
      { path: '/notifications', name: 'notifications', component: NotificationsPage },
      { path: '/:pathMatch(.*)*', redirect: '/sources' },
    ],
  })
}
