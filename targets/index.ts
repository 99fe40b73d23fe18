/** Every emitter, by the name `dbnc compile --target` takes. */
import { irTarget } from './ir';
import { rulesTarget } from './rules';
import { sqlTarget } from './sql';
import { tsTarget } from './typescript';
import { verilogTarget } from './verilog';
import type { Target } from './types';

export const TARGETS: Readonly<Record<string, Target>> = {
  ir: irTarget,
  ts: tsTarget,
  rules: rulesTarget,
  sql: sqlTarget,
  verilog: verilogTarget,
};

export const TARGET_NAMES = Object.keys(TARGETS);
