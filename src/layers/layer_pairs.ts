/**
 * A ∂¬ or ∂⇒ layer fused with the step that reads its output (see `kernels/cpu/layer_pairs.ts`):
 * what the soft net runs where its spec has a ∂¬ or ∂⇒ layer followed by a ∂Maj layer, or a ∂¬
 * layer last under the group-sum head. Each has the two-step composition beside it, which it must
 * equal bit for bit (tests compare values and gradients).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { runFused } from '../kernels/cpu/define';
import { PAIR_KERNEL_NAMES, type ImpliesMajorityAttrs, type MajorityLayerAttrs } from '../kernels/names';
import { groupSumT } from '../ops/heads';
import { checkWeights } from './broadcast';
import { impliesLayer } from './implies_layer';
import { majorityLayer } from './majority_layer';
import { notLayer } from './not_layer';

/** A first layer's output [B, n, m] as rows of n·m bits, for the two-step compositions. */
function asRows(out: tfTypes.Tensor, x: tfTypes.Tensor2D, w: tfTypes.Tensor2D): tfTypes.Tensor2D {
  return out.reshape([x.shape[0], w.shape[0] * x.shape[1]]);
}

/** x [B, m], w [n, m] → ∂Maj (groups of `groupSize`) of the ∂¬ layer's n·m outputs, [B, G]. */
export function notMajorityT(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, attrs: MajorityLayerAttrs): tfTypes.Tensor2D {
  checkWeights('notLayer', x, w);
  return runFused(PAIR_KERNEL_NAMES.notMajority, { x, w }, attrs)[0] as tfTypes.Tensor2D;
}

/** The same as the ∂¬ and ∂Maj layers' own kernels in sequence. */
export function notMajorityTwoStepT(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, attrs: MajorityLayerAttrs): tfTypes.Tensor2D {
  const bits = asRows(notLayer.fused(x, w, {}), x, w);
  return majorityLayer.fused(bits, null, attrs) as tfTypes.Tensor2D;
}

/** x [B, m], w [n, m] → the group-sum head over the ∂¬ layer's n·m outputs, [B, groups]. */
export function notGroupSumT(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, groups: number, harden: boolean): tfTypes.Tensor2D {
  checkWeights('notLayer', x, w);
  return runFused(PAIR_KERNEL_NAMES.notGroupSum, { x, w }, { groups, harden })[0] as tfTypes.Tensor2D;
}

/** The same as the ∂¬ layer's kernel followed by the group-sum head's. */
export function notGroupSumTwoStepT(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, groups: number, harden: boolean): tfTypes.Tensor2D {
  const bits = asRows(notLayer.fused(x, w, {}), x, w);
  return groupSumT(bits, groups, harden);
}

/** x [B, m], w [n, m] → ∂Maj (groups of `groupSize`) of the ∂⇒ layer's n·m outputs, [B, G]. */
export function impliesMajorityT(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, attrs: ImpliesMajorityAttrs): tfTypes.Tensor2D {
  checkWeights('impliesLayer', x, w);
  return runFused(PAIR_KERNEL_NAMES.impliesMajority, { x, w }, attrs)[0] as tfTypes.Tensor2D;
}

/** The same as the ∂⇒ and ∂Maj layers' own kernels in sequence. */
export function impliesMajorityTwoStepT(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, attrs: ImpliesMajorityAttrs): tfTypes.Tensor2D {
  const bits = asRows(impliesLayer.fused(x, w, { packed: attrs.impliesPacked }), x, w);
  return majorityLayer.fused(bits, null, { groupSize: attrs.groupSize, packed: attrs.packed }) as tfTypes.Tensor2D;
}
