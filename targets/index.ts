/** Every emitter, by the name `dbnc compile --target` takes. */
import { irTarget } from './ir';
import { rulesTarget } from './rules';
import type { Target } from './types';

export const TARGETS: Readonly<Record<string, Target>> = {
  ir: irTarget,
  rules: rulesTarget,
};

export const TARGET_NAMES = Object.keys(TARGETS);
