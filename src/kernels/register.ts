import { andLayerKernel } from './cpu/and_layer';
import { countHotLayerKernel } from './cpu/count_hot_layer';
import { registerFusedKernel } from './cpu/define';
import { dropoutLayerKernel, hardenLayerKernel, negConcatLayerKernel } from './cpu/elementwise_layers';
import { groupSumKernel } from './cpu/group_sum';
import { impliesLayerKernel } from './cpu/implies_layer';
import { majorityLayerKernel } from './cpu/majority_layer';
import { notLayerKernel } from './cpu/not_layer';
import { impliesMajorityKernel, notGroupSumKernel, notMajorityKernel } from './cpu/layer_pairs';
import { orLayerKernel } from './cpu/or_layer';
import type { LayerName } from './names';

/** Every fused cpu kernel, by layer. A test checks this covers LAYER_NAMES. */
export const CPU_KERNELS = {
  notLayer: notLayerKernel,
  impliesLayer: impliesLayerKernel,
  andLayer: andLayerKernel,
  orLayer: orLayerKernel,
  majorityLayer: majorityLayerKernel,
  countHotLayer: countHotLayerKernel,
  negConcatLayer: negConcatLayerKernel,
  hardenLayer: hardenLayerKernel,
  dropoutLayer: dropoutLayerKernel,
} as const satisfies Record<LayerName, unknown>;

/** Fused kernels of the classification heads. */
export const CPU_HEAD_KERNELS = {
  groupSum: groupSumKernel,
} as const;

/** Fused pairs: a ∂¬ or ∂⇒ layer and the step that reads its output. */
export const CPU_PAIR_KERNELS = {
  notMajority: notMajorityKernel,
  notGroupSum: notGroupSumKernel,
  impliesMajority: impliesMajorityKernel,
} as const;

/** Registers every fused kernel with its backward kernel and gradient (idempotent). */
export function registerFusedKernels(): void {
  for (const spec of [...Object.values(CPU_KERNELS), ...Object.values(CPU_HEAD_KERNELS), ...Object.values(CPU_PAIR_KERNELS)]) {
    registerFusedKernel(spec as Parameters<typeof registerFusedKernel>[0]);
  }
}
