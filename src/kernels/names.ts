/**
 * Names of the fused ∂B layer kernels and their attributes — the one list every other module
 * imports (as tfjs does with kernel_names.ts). Kernel names carry a `Db` prefix because the
 * tfjs kernel registry is global.
 */
export const LAYER_NAMES = [
  'notLayer',
  'impliesLayer',
  'andLayer',
  'orLayer',
  'majorityLayer',
  'countHotLayer',
  'negConcatLayer',
  'hardenLayer',
  'dropoutLayer',
] as const;

export type LayerName = (typeof LAYER_NAMES)[number];

/** Forward kernel name of a layer; its backward kernel is `${name}Grad`. */
export const KERNEL_NAMES: Readonly<Record<LayerName, string>> = {
  notLayer: 'DbNotLayer',
  impliesLayer: 'DbImpliesLayer',
  andLayer: 'DbAndLayer',
  orLayer: 'DbOrLayer',
  majorityLayer: 'DbMajorityLayer',
  countHotLayer: 'DbCountHotLayer',
  negConcatLayer: 'DbNegConcatLayer',
  hardenLayer: 'DbHardenLayer',
  dropoutLayer: 'DbDropoutLayer',
};

/** Fused kernels of the classification heads (plumbing, not ∂B layers: no hard twin). */
export const HEAD_KERNEL_NAMES = {
  groupSum: 'DbGroupSum',
} as const;

/**
 * Fused pairs: a ∂¬ or ∂⇒ layer and the step that reads its output, as one kernel (attributes:
 * those of the second step). Equal bit for bit to the two kernels in sequence; they only skip writing
 * and re-reading the ∂¬ layer's B·n·m output and its gradient.
 */
export const PAIR_KERNEL_NAMES = {
  notMajority: 'DbNotMajority',
  notGroupSum: 'DbNotGroupSum',
  impliesMajority: 'DbImpliesMajority',
} as const;

/** ∂⇒ → ∂Maj pair: the ∂Maj layer's attributes plus the ∂⇒ layer's `packed` as `impliesPacked`. */
export interface ImpliesMajorityAttrs extends MajorityLayerAttrs {
  impliesPacked: boolean;
}

/**
 * Group-sum head: the row's bits split into `groups` equal consecutive groups, each summed;
 * with `harden`, the hardened bits (∂harden fused in, straight-through gradient).
 */
export interface GroupSumAttrs {
  groups: number;
  harden: boolean;
}

/** The backward kernel's name for a forward kernel's name. */
export function backwardKernelName(kernelName: string): string {
  return `${kernelName}Grad`;
}

export function gradKernelName(layer: LayerName): string {
  return backwardKernelName(KERNEL_NAMES[layer]);
}

/** ∂⇒ layer: `packed` = margin-packed ∂∨(x, 1 − w) (default); false = plain max(x, 1 − w). */
export interface ImpliesLayerAttrs {
  packed: boolean;
}

/** ∂Maj and count-hot layers work on consecutive groups of `groupSize` inputs. */
export interface GroupAttrs {
  groupSize: number;
}

/**
 * ∂Maj layer: `packed` = the margin-packed majority of SPEC §2.3 (default); false = the plain
 * order statistic (the representative itself: hard-equivalent, but only it gets gradient), which
 * is what the paper's reference code computes.
 */
export interface MajorityLayerAttrs extends GroupAttrs {
  packed: boolean;
}

/** Attributes of every layer, by name (layers without attributes take an empty object). */
export interface LayerAttrsMap {
  notLayer: Record<string, never>;
  impliesLayer: ImpliesLayerAttrs;
  andLayer: Record<string, never>;
  orLayer: Record<string, never>;
  majorityLayer: MajorityLayerAttrs;
  countHotLayer: GroupAttrs;
  negConcatLayer: Record<string, never>;
  hardenLayer: Record<string, never>;
  dropoutLayer: Record<string, never>;
}
