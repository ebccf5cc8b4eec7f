import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { markReady } from './api'
import { createAppRouter } from './router'
import { useBridgeStore } from './stores/bridge'
import { useLiveEventsStore } from './stores/live-events'
import { useNotificationsStore } from './stores/notifications'
import { useSourcesStore } from './stores/sources'
import { useTriggersStore } from './stores/triggers'
import './styles/base.css'

const pinia = createPinia()
const app = createApp(App).use(pinia).use(createAppRouter())

// Every store subscribes synchronously inside start(), so once these calls return the engine may
// release the pushes it held back; the snapshots they asked for arrive after.
useBridgeStore(pinia).start()
void useSourcesStore(pinia).start()
void useLiveEventsStore(pinia).start()
void useTriggersStore(pinia).start()
void useNotificationsStore(pinia).start()
markReady()

app.mount('#app')
