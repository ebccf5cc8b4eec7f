/**
 * Census's environments and the worlds each one serves: plain facts that both the preset's spec
 * (census.ts) and the subscription it builds (census-subscription.ts) read.
 */

export const CENSUS_ENVIRONMENTS = ['ps2', 'ps2ps4us', 'ps2ps4eu'] as const
export type CensusEnvironment = (typeof CENSUS_ENVIRONMENTS)[number]

/**
 * The world ids of each environment's known event endpoints (protocols.md): Connery, Miller,
 * Cobalt, Emerald, Jaeger, Briggs (closed, still listed offline) and Soltech on PC; Genudine on
 * PS4 US, Ceres on PS4 EU.
 */
export const CENSUS_WORLDS: Readonly<Record<CensusEnvironment, readonly string[]>> = {
  ps2: ['1', '10', '13', '17', '19', '25', '40'],
  ps2ps4us: ['1000'],
  ps2ps4eu: ['2000'],
}
