/**
 * The command-line options every throughput bench shares (`npm run bench`, worker-split.ts,
 * parse-split.ts): how many rounds, how long each is measured after its warm-up, and how many of
 * the bench triggers (bench-triggers.ts) the pipeline runs. Spread into `parseArgs`'s options;
 * a script whose defaults differ overrides the entry.
 */
export const ROUND_OPTIONS = {
  rounds: { type: 'string', default: '3' },
  seconds: { type: 'string', default: '5' },
  warmup: { type: 'string', default: '2' },
  triggers: { type: 'string', default: '100' },
  'many-triggers': { type: 'string', default: '1000' },
} as const
