/**
 * A test's way into an engine's private parts (the Monitor, the trigger engine, history...), to
 * drive and observe them below the facade. Test-only: the lint fences keep production code from
 * importing this module or `partsOf`.
 */

import type { Engine } from '../engine'
import { partsOf, type EngineParts } from '../engine-parts'

export function engineInternals(engine: Engine): EngineParts {
  return partsOf(engine)
}
