/**
 * CART decision tree (ml-cart `DecisionTreeClassifier`) on the raw numeric features. Trees are
 * scale-invariant, so no standardization.
 *
 * Size: ml-cart's JSON repeats its options in every node and prints thresholds and gains as
 * decimal text, which says little about the tree. The reported size is a node-count estimate of
 * a compact encoding instead: per internal node a feature index (2 bytes) and a float32
 * threshold (4 bytes), per leaf its class (1 byte), plus one bit per node telling which it is
 * (pre-order layout). The JSON size is kept in the details.
 *
 * Literals: a tree as rules is one rule per leaf, the comparisons on its root-to-leaf path; the
 * literals are the sum of the leaves' depths.
 */
import { performance } from 'node:perf_hooks';
import { DecisionTreeClassifier, type TreeNodeShape } from 'ml-cart';
import { toRowArrays } from '../features';
import type { CartSettings } from '../settings';
import type { MethodRun, TaskSplit } from '../types';
import { accuracyOf } from '../../../src/train/dataset';

export interface TreeShape {
  readonly internal: number;
  readonly leaves: number;
  readonly maxDepth: number;
  /** Sum over leaves of the leaf's depth: the literals of the tree's rules. */
  readonly literals: number;
}

const isInternal = (node: TreeNodeShape): node is TreeNodeShape & { left: TreeNodeShape; right: TreeNodeShape } =>
  node.left !== undefined && node.right !== undefined;

/** Counts of a trained tree (iteratively: a degenerate tree can be thousands of levels deep). */
export function treeShape(root: TreeNodeShape): TreeShape {
  let internal = 0;
  let leaves = 0;
  let maxDepth = 0;
  let literals = 0;
  const stack: Array<[TreeNodeShape, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [TreeNodeShape, number];
    if (isInternal(node)) {
      internal++;
      stack.push([node.left, depth + 1], [node.right, depth + 1]);
    } else {
      leaves++;
      literals += depth;
      maxDepth = Math.max(maxDepth, depth);
    }
  }
  return { internal, leaves, maxDepth, literals };
}

/** The compact size estimate described above. */
export function treeBytes(shape: Pick<TreeShape, 'internal' | 'leaves'>): number {
  return shape.internal * 6 + shape.leaves + Math.ceil((shape.internal + shape.leaves) / 8);
}

interface SplitSearch {
  featureSplit(this: unknown, x: number[], y: number[]): number[];
}

/**
 * Runs `fn` with ml-cart scoring each distinct candidate threshold once per feature and node.
 *
 * ml-cart proposes a threshold at every label change along the sorted feature, so a 0/1
 * feature of n rows yields ~n copies of the same three thresholds, each scored in O(n): O(n²)
 * per feature and node — about 30 s for one tree on Noisy XOR, minutes on 2,000 MNIST digits.
 * Equal thresholds give equal gains and the search keeps the first of equal gains, so dropping
 * the later copies yields the identical tree (a test compares the trees); it only removes the
 * repeated work. The patch is on ml-cart's internal node class, which the package does not
 * export, so it is reached through a trained node, and it is undone afterwards.
 */
export function withDistinctSplits<T>(fn: () => T): T {
  const probe = new DecisionTreeClassifier();
  probe.train([[0], [1], [0], [1]], [0, 1, 0, 1]);
  const proto = Object.getPrototypeOf(probe.root) as SplitSearch;
  const original = proto.featureSplit;
  proto.featureSplit = function distinct(this: unknown, x: number[], y: number[]): number[] {
    return [...new Set(original.call(this, x, y))];
  };
  try {
    return fn();
  } finally {
    proto.featureSplit = original;
  }
}

export function trainTree(split: TaskSplit, settings: CartSettings): DecisionTreeClassifier {
  const tree = new DecisionTreeClassifier({
    gainFunction: settings.gainFunction,
    minNumSamples: settings.minNumSamples,
    gainThreshold: settings.gainThreshold,
    maxDepth: settings.maxDepth ?? Infinity,
  });
  tree.train(toRowArrays(split.numeric.train), Array.from(split.numeric.train.labels));
  return tree;
}

export async function runCart(split: TaskSplit, settings: CartSettings): Promise<MethodRun> {
  const start = performance.now();
  const tree = withDistinctSplits(() => trainTree(split, settings));
  const trainSeconds = (performance.now() - start) / 1000;
  const predicted = Int32Array.from(tree.predict(toRowArrays(split.numeric.test)));
  const shape = treeShape(tree.root);
  return {
    accuracy: accuracyOf(predicted, split.numeric.test.labels),
    modelBytes: treeBytes(shape),
    literals: shape.literals,
    trainSeconds,
    details: {
      leaves: shape.leaves,
      depth: shape.maxDepth,
      jsonBytes: Buffer.byteLength(JSON.stringify(tree.toJSON())),
    },
  };
}
