/** Where numeric thresholds go (`dbnc train --threshold-method`); see encode.ts. No imports, so the CLI can list them cheaply. */
export const THRESHOLD_METHODS = ['quantile', 'entropy'] as const;
export type ThresholdMethod = (typeof THRESHOLD_METHODS)[number];
