/**
 * sweep: dead-node and duplicate elimination — a plain rebuild copies only the nodes the head
 * reaches, and hash-consing merges nodes that have become structurally equal.
 */
import { rebuild } from '../ir/program';
import type { Pass } from './pass';

export const sweep: Pass = {
  name: 'sweep',
  description: 'drop dead nodes and merge structurally equal ones',
  run: (program) => rebuild(program),
};
