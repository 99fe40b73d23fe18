/** Every emitter, by the name `dbnc compile --target` takes (targets/names.ts). */
import { irTarget } from './ir';
import type { TargetName } from './names';
import { rulesTarget } from './rules';
import { sqlTarget } from './sql';
import { tsTarget } from './typescript';
import { verilogTarget } from './verilog';
import type { Target } from './types';

export const TARGETS: Readonly<Record<TargetName, Target>> = {
  ir: irTarget,
  ts: tsTarget,
  rules: rulesTarget,
  sql: sqlTarget,
  verilog: verilogTarget,
};

export { TARGET_NAMES, type TargetName } from './names';
