/**
 * Stable ascending sort of one group of soft bits, by index: `order[t]` is the position (within
 * the group) of the t-th smallest value; ties keep input order. Insertion sort: groups are small
 * (16 for the MNIST majority, 59 for the Iris count-hot) and it allocates nothing.
 */
export function sortGroupAscending(
  values: Float32Array,
  offset: number,
  size: number,
  order: Int32Array,
  orderOffset: number,
): void {
  for (let t = 0; t < size; t++) {
    const v = values[offset + t];
    let p = t;
    while (p > 0 && values[offset + order[orderOffset + p - 1]] > v) {
      order[orderOffset + p] = order[orderOffset + p - 1];
      p--;
    }
    order[orderOffset + p] = t;
  }
}

/** Checks that `width` splits into groups of `groupSize`; returns the group count. */
export function groupCount(kernel: string, width: number, groupSize: number): number {
  if (!Number.isInteger(groupSize) || groupSize < 1 || width % groupSize !== 0) {
    throw new Error(`${kernel}: input width ${width} is not a multiple of groupSize ${groupSize}`);
  }
  return width / groupSize;
}
