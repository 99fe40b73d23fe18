/**
 * The check every command makes of an output path before its work starts (training, a compile,
 * millions of predicted rows): its folder must exist, it must not be a folder, and it must not
 * be one of the command's inputs however spelt (`./`, `..`, a symlink, a hard link).
 */
import { outputPathProblem, overwrittenInput } from '../util/paths';
import { CliError } from './errors';

export interface NamedInput {
  readonly path: string;
  /** How the error names it: "the model file". */
  readonly what: string;
}

/** Throws a CliError starting with `label` (e.g. `-o out.csv`) when `path` cannot be this output. */
export function checkOutputPath(label: string, path: string, inputs: readonly NamedInput[]): void {
  const problem = outputPathProblem(path);
  if (problem) throw new CliError(`${label}: ${problem}`);
  const hit = overwrittenInput(path, inputs);
  if (hit) throw new CliError(`${label}: refusing to overwrite ${hit.what}`);
}
