/**
 * The readable textual form of a program (`dbnc compile --target ir`): inputs with their
 * predicates, every live node on one line in topological order, and the head. Negated inputs
 * print inline as `!iN`; everything else is referred to by its node name `nK`.
 */
import { formatPredicate, jsonString } from '../../src/data/predicate';
import type { NodeId } from './graph';
import { liveNodes, programSize, type IrProgram } from './program';

export function dumpProgram(program: IrProgram, header: readonly string[] = []): string {
  const g = program.graph;
  const ref = (id: NodeId): string => {
    const n = g.node(id);
    if (n.op === 'input') return `i${n.k}`;
    if (n.op === 'const') return n.k ? 'true' : 'false';
    const lit = g.literal(id);
    if (lit !== null) return `!i${lit.bit}`;
    return `n${id}`;
  };
  const lines: string[] = header.map((h) => `# ${h}`);
  const size = programSize(program);
  lines.push(`# ${size.nodes} live nodes, ${size.literals} literals`);
  lines.push('inputs:');
  program.inputs.forEach((input, i) => lines.push(`  i${i}  ${formatPredicate(input.predicate)}`));
  lines.push('nodes:');
  for (const id of liveNodes(program)) {
    const n = g.node(id);
    if (n.op === 'input' || n.op === 'const' || g.literal(id) !== null) continue;
    const args = n.args.map(ref).join(', ');
    const body =
      n.op === 'atLeast' || n.op === 'exactly'
        ? `${n.op}(${n.k}; ${args})`
        : n.op === 'sum'
          ? `sum(${args}${n.k !== 0 ? `; +${n.k}` : ''})`
          : `${n.op}(${args})`;
    lines.push(`  n${id} = ${body}`);
  }
  const head = program.head;
  lines.push('head:');
  if (head.kind === 'argmax') {
    head.logits.forEach((id, c) => lines.push(`  logit ${jsonString(program.classes[c])} = ${ref(id)}`));
    lines.push('  predict argmax of the logits; ties go to the lowest class index');
  } else {
    head.rules.forEach((r, i) => lines.push(`  ${i + 1}. if ${ref(r.when)} then ${jsonString(program.classes[r.classIndex])}`));
    lines.push(`  otherwise ${jsonString(program.classes[head.otherwise])}   (first match wins)`);
  }
  return `${lines.join('\n')}\n`;
}
