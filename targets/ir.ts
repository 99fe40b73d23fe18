/** `--target ir`: the compiled program's readable textual dump, with the common header. */
import { dumpProgram } from '../compiler/ir/dump';
import { headerLines, type Target } from './types';

export const irTarget: Target = {
  name: 'ir',
  description: 'the boolean IR as readable text (inputs, nodes, head)',
  extension: 'ir.txt',
  emit: (input) => dumpProgram(input.program, headerLines(input, 'IR')),
};
