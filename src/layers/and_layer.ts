import { runFused } from '../kernels/cpu/define';
import { KERNEL_NAMES } from '../kernels/names';
import { impliesT } from '../ops/implies';
import { splitMinT } from '../ops/softbit';
import { tf } from '../tf';
import { checkWeights, tilePairs } from './broadcast';
import { requireSecond, type LayerDef } from './types';

/**
 * ∂∧ layer: [B, m] → [B, n], neuron j = min_i ∂⇒(W[j,i], x[i]) (ties split the gradient).
 * Hard: AND of the inputs whose weight is high; an empty AND is true.
 */
export const andLayer: LayerDef<'andLayer'> = {
  name: 'andLayer',
  summary: '∂∧ layer: each neuron is the conjunction of the inputs it selects',
  second: 'weights',
  outputWidth: (_m, n) => n,
  fused(x, w) {
    const weights = requireSecond(this.name, w);
    checkWeights(this.name, x, weights);
    const [y, ...aux] = runFused(KERNEL_NAMES.andLayer, { x, w: weights });
    aux.forEach((t) => t.dispose());
    return y;
  },
  reference: (x, w) =>
    tf.tidy(() => {
      const [xt, wt] = tilePairs(x, requireSecond('andLayer', w));
      return splitMinT(impliesT(wt, xt), 2);
    }),
  hard(x, w, n) {
    const weights = w as Uint8Array;
    const m = x.length;
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      let all = 1;
      for (let i = 0; i < m; i++) if (weights[j * m + i] && !x[i]) all = 0;
      out[j] = all;
    }
    return out;
  },
};
