/**
 * constant-propagation: folds constants everywhere, in one topological sweep (a node sees its
 * arguments already folded). and / or / xor / not / atLeast / exactly / sum with constant
 * arguments simplify (true args of atLeast / exactly lower k, constant args of a sum move into
 * its offset, xor with true → not of the rest); thresholds out of range become constants
 * (atLeast k ≤ 0 → true, k > n → false; exactly k < 0 or k > n → false); empty and / or / xor
 * become constants and single-argument ones their argument. The masked inputs of ∂⇒ layers,
 * `or(x, true)`, become `true` here.
 */
import type { Pass } from './pass';
import { foldRule, rewriteProgram } from './rewrite';

export const constantPropagation: Pass = {
  name: 'constant-propagation',
  description: 'fold constants: neutral args dropped, absorbing args decide, thresholds and sums absorb constant args',
  run: (program) => rewriteProgram(program, foldRule),
};
