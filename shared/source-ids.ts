/**
 * Source ids that mean something to Vigil itself: plain constants in a module of their own, so the
 * window's start-up code can name them without loading the config schemas (and zod with them).
 */

/** The first-run demo source's id: the engine makes it (main/services/demo.ts), the UI points at it. */
export const DEMO_SOURCE_ID = 'demo-census'

/** The id of Vigil's own event source (`source-failed`, `history-failing` and the like; see VigilAlertType). */
export const VIGIL_SOURCE_ID = 'vigil'
