import { andOp } from './and';
import { countHotOp } from './count_hot';
import { dropoutOp } from './dropout';
import { hardenOp } from './harden';
import { impliesOp } from './implies';
import { majorityOp } from './majority';
import { notOp } from './not';
import { orOp } from './or';
import type { OperatorDef } from './types';

/** Every ∂B operator of SPEC §2.3. Tests iterate this list; adding an operator means adding it here. */
export const OPERATORS: readonly OperatorDef[] = [
  notOp,
  andOp,
  orOp,
  impliesOp,
  majorityOp,
  countHotOp,
  hardenOp,
  dropoutOp,
];
