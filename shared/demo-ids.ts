/** The first-run demo source's id: the engine makes it (main/services/demo.ts), the UI points at it. */
export const DEMO_SOURCE_ID = 'demo-census'
