/**
 * The simplification passes, in pipeline order, and by name (for tests and the CLI).
 *   constant-propagation     first: the lowering leaves masked inputs and empty gates as constants
 *   threshold-normalization  atLeast / exactly that are really or / and / nor become those gates
 *   flatten                  …so that and-of-and / or-of-or chains merge
 *   boolean-laws             idempotence, complements and absorption on the merged gates
 *   predicate-reasoning      the same with the input domain's implications
 *   sweep                    last: dead and duplicate nodes
 * Every pass also folds the constants its rewrites make, so one round does most of the work;
 * runPipeline's `repeat` catches what the later passes expose to the earlier ones.
 */
import { booleanLaws } from './boolean_laws';
import { constantPropagation } from './constant_propagation';
import { flatten } from './flatten';
import type { Pass } from './pass';
import { predicateReasoning } from './predicate_reasoning';
import { sweep } from './sweep';
import { thresholdNormalization } from './threshold_normalization';

export const SIMPLIFY_PASSES: readonly Pass[] = [constantPropagation, thresholdNormalization, flatten, booleanLaws, predicateReasoning, sweep];

export const PASSES: Readonly<Record<string, Pass>> = Object.fromEntries(SIMPLIFY_PASSES.map((p) => [p.name, p]));

export { booleanLaws, constantPropagation, flatten, predicateReasoning, sweep, thresholdNormalization };
