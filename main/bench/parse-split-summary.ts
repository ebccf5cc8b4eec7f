/**
 * The arithmetic of `parse-split.ts`: from one CPU profile in which every `JSON.parse` went through
 * a function of its own (PARSE_FUNCTION), the self time of those parses and of the lines of the
 * functions that called them, by caller. Pure, so it is tested on a profile made by hand.
 */

/** The name the runner gives its `JSON.parse`, so the profile shows the parse as its own node. */
export const PARSE_FUNCTION = 'parseFrame'

export interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
  children?: number[]
}

/** A V8 CPU profile (`Profiler.stop`'s, or a `.cpuprofile` file), the fields read here. */
export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Microseconds of self time, summed over the profile's nodes of one caller of the parse. */
export interface CallerSplit {
  /** The parse's own time (the builtin, counted to PARSE_FUNCTION). */
  parse: number
  /** The caller's own lines, on the nodes that called the parse. */
  own: number
  /** `Buffer#toString` called by those same nodes. */
  toString: number
}

/** Decides which caller a node that called the parse belongs to, or null to leave it out. */
export type CallerOf = (frame: ProfileNode['callFrame']) => string | null

export function splitByCaller(profile: CpuProfile, callerOf: CallerOf): Map<string, CallerSplit> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map<number, ProfileNode>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node)
  // Sample i lasted until sample i + 1 was taken: its duration is the next delta.
  const selfTime = new Map<number, number>()
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const id = profile.samples[i]!
    selfTime.set(id, (selfTime.get(id) ?? 0) + profile.timeDeltas[i + 1]!)
  }
  const splits = new Map<string, CallerSplit>()
  const callers = new Set<ProfileNode>()
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== PARSE_FUNCTION) continue
    const parent = parentOf.get(node.id)
    const caller = parent && callerOf(parent.callFrame)
    if (!parent || !caller) continue
    const split = splits.get(caller) ?? { parse: 0, own: 0, toString: 0 }
    split.parse += subtreeTime(node, byId, selfTime)
    if (!callers.has(parent)) {
      callers.add(parent)
      split.own += selfTime.get(parent.id) ?? 0
      for (const child of parent.children ?? []) {
        const node = byId.get(child)!
        if (node.callFrame.functionName === 'toString')
          split.toString += subtreeTime(node, byId, selfTime)
      }
    }
    splits.set(caller, split)
  }
  return splits
}

function subtreeTime(
  node: ProfileNode,
  byId: ReadonlyMap<number, ProfileNode>,
  selfTime: ReadonlyMap<number, number>,
): number {
  let total = selfTime.get(node.id) ?? 0
  for (const child of node.children ?? []) total += subtreeTime(byId.get(child)!, byId, selfTime)
  return total
}
