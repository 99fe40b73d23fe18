import type { LayerName } from '../kernels/names';
import { andLayer } from './and_layer';
import { countHotLayer } from './count_hot_layer';
import { dropoutLayer, hardenLayer, negConcatLayer } from './elementwise_layers';
import { impliesLayer } from './implies_layer';
import { majorityLayer } from './majority_layer';
import { notLayer } from './not_layer';
import { orLayer } from './or_layer';
import type { LayerDef } from './types';

/** Every ∂B layer by name; the type forces an entry for each name in LAYER_NAMES. */
export const LAYERS: { readonly [N in LayerName]: LayerDef<N> } = {
  notLayer,
  impliesLayer,
  andLayer,
  orLayer,
  majorityLayer,
  countHotLayer,
  negConcatLayer,
  hardenLayer,
  dropoutLayer,
};
