/**
 * Passes (Yosys / mockturtle style): each is one module with one job, a name and a description,
 * and maps a program to an equivalent program — equivalent on every POSSIBLE input (the domain
 * says which inputs the encoders can produce). A pipeline runs them in order and records, per
 * pass, the size before and after and the time taken: that is what `dbnc compile --stats` prints.
 */
import type { InputDomain } from '../domain';
import { programSize, type IrProgram } from '../ir/program';

export interface PassContext {
  readonly domain: InputDomain;
  /** Warnings for the user (fallbacks taken, budgets hit); passes append. */
  readonly warnings: string[];
}

export interface Pass {
  readonly name: string;
  readonly description: string;
  run(program: IrProgram, context: PassContext): IrProgram | Promise<IrProgram>;
}

export interface PassStats {
  readonly pass: string;
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  readonly literalsBefore: number;
  readonly literalsAfter: number;
  readonly ms: number;
}

/** Runs `passes` in order; `repeat` times over (until nothing changes, if sooner). */
export async function runPipeline(
  program: IrProgram,
  passes: readonly Pass[],
  context: PassContext,
  options: { repeat?: number } = {},
): Promise<{ program: IrProgram; stats: PassStats[] }> {
  const stats: PassStats[] = [];
  let current = program;
  const rounds = options.repeat ?? 1;
  for (let round = 0; round < rounds; round++) {
    const start = programSize(current);
    for (const pass of passes) {
      const before = programSize(current);
      const t0 = performance.now();
      current = await pass.run(current, context);
      const after = programSize(current);
      stats.push({
        pass: pass.name,
        nodesBefore: before.nodes,
        nodesAfter: after.nodes,
        literalsBefore: before.literals,
        literalsAfter: after.literals,
        ms: performance.now() - t0,
      });
    }
    const end = programSize(current);
    if (end.nodes === start.nodes && end.literals === start.literals) break;
  }
  return { program: current, stats };
}
