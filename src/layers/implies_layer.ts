import { runFused } from '../kernels/cpu/define';
import { KERNEL_NAMES } from '../kernels/names';
import { impliesT, plainImpliesT } from '../ops/implies';
import { tf } from '../tf';
import { checkWeights, tilePairs } from './broadcast';
import { requireSecond, type LayerDef } from './types';

/**
 * ∂⇒ layer ("mask to true or pass"): [B, m] → [B, n, m], element (j, i) = ∂⇒(W[j,i], x[i]).
 * `packed: false` uses the plain mask max(x, 1 − w) of the paper's MNIST net. Hard: x ∨ ¬W.
 */
export const impliesLayer: LayerDef<'impliesLayer'> = {
  name: 'impliesLayer',
  summary: '∂⇒ layer: each neuron passes an input or masks it to true',
  second: 'weights',
  outputWidth: (m, n) => n * m,
  fused(x, w, attrs) {
    const weights = requireSecond(this.name, w);
    checkWeights(this.name, x, weights);
    return runFused(KERNEL_NAMES.impliesLayer, { x, w: weights }, { packed: attrs.packed })[0];
  },
  reference: (x, w, { packed }) =>
    tf.tidy(() => {
      const [xt, wt] = tilePairs(x, requireSecond('impliesLayer', w));
      return packed ? impliesT(wt, xt) : plainImpliesT(wt, xt);
    }),
  hard(x, w, n) {
    const weights = w as Uint8Array;
    const m = x.length;
    const out = new Uint8Array(n * m);
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) out[j * m + i] = x[i] || !weights[j * m + i] ? 1 : 0;
    return out;
  },
};
