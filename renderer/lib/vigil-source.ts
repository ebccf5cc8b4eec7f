import { VIGIL_SOURCE_ID } from '../../shared/source-ids'

/** What the built-in source of Vigil's own events (a source down, history failing) is called. */
export const VIGIL_SOURCE_NAME = "Vigil's own alerts"

/** The sources a filter or picker offers: the user's, then Vigil's own alerts. */
export function withVigilSource<T extends { id: string; name: string }>(
  sources: readonly T[],
): (T | { id: string; name: string })[] {
  return [...sources, { id: VIGIL_SOURCE_ID, name: VIGIL_SOURCE_NAME }]
}
