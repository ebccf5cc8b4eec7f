import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { markReady } from './api'
import { createAppRouter } from './router'
import { useBridgeStore } from './stores/bridge'
import { useHistoryStatusStore } from './stores/history-status'
import { useClusterStore } from './stores/cluster'
import { useLiveEventsStore } from './stores/live-events'
import { watchUnreadTitle } from './lib/unread-title'
import { installShellRequests } from './shell-requests'
import { useNotificationsStore } from './stores/notifications'
import { useSettingsStore } from './stores/settings'
import { useSourcesStore } from './stores/sources'
import { useTriggersStore } from './stores/triggers'
import './styles/base.css'
import './styles/data-table.css'

const pinia = createPinia()
const router = createAppRouter()
const app = createApp(App).use(pinia).use(router)
const settings = useSettingsStore(pinia)

// The theme applies before the first render, so a dark window never flashes light.
settings.startTheme()

// Every store subscribes synchronously inside start(), so once these calls return the engine may
// release the pushes it held back; the snapshots they asked for arrive after.
useBridgeStore(pinia).start()
void useSourcesStore(pinia).start()
void useLiveEventsStore(pinia).start()
void useTriggersStore(pinia).start()
const notifications = useNotificationsStore(pinia)
void notifications.start()
watchUnreadTitle(() => notifications.unread)
void useHistoryStatusStore(pinia).start()
void useClusterStore(pinia).start()
installShellRequests(router, settings)
markReady()

app.mount('#app')
