import { createRouter, createWebHashHistory, type RouteComponent } from 'vue-router'

/**
 * Each page is its own chunk, loaded on first visit: the start-up bundle holds only the shell
 * (navigation, stores, transport), so the window shows sooner. The schema runtime is set up
 * before any page runs (lib/schema-runtime.ts says why).
 */
function page(load: () => Promise<{ default: RouteComponent }>) {
  return async () => {
    await import('./lib/schema-runtime')
    return load()
  }
}

const HistoryPage = page(() => import('./pages/HistoryPage.vue'))
const LiveEventsPage = page(() => import('./pages/LiveEventsPage.vue'))
const SettingsPage = page(() => import('./pages/SettingsPage.vue'))
const SourceDetailPage = page(() => import('./pages/SourceDetailPage.vue'))
const SourceEditPage = page(() => import('./pages/SourceEditPage.vue'))
const NotificationsPage = page(() => import('./pages/NotificationsPage.vue'))
const SourcesPage = page(() => import('./pages/SourcesPage.vue'))
const TriggerEditPage = page(() => import('./pages/TriggerEditPage.vue'))
const TriggersPage = page(() => import('./pages/TriggersPage.vue'))

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
