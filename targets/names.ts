/**
 * The names `dbnc compile --target` takes. Kept apart from the emitters (targets/index.ts) so
 * the command line can list them without loading every emitter and its dependencies.
 */
export const TARGET_NAMES = ['ir', 'ts', 'rules', 'sql', 'verilog'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
