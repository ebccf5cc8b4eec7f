import { onScopeDispose, readonly, shallowRef, type Ref } from 'vue'

/**
 * The local time, ticking once a second while any component uses it. Countdowns and "for 5 min"
 * durations are worked out here from absolute timestamps the engine sent once: the engine never
 * ticks them over IPC, and every component on screen shares one timer.
 */

const now = shallowRef(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

function tick(): void {
  now.value = Date.now()
}

export function useNow(): Readonly<Ref<number>> {
  users++
  if (users === 1) {
    tick()
    timer = setInterval(tick, 1_000)
  }
  onScopeDispose(() => {
    users--
    if (users === 0) {
      clearInterval(timer)
      timer = undefined
    }
  })
  return readonly(now)
}
