/**
 * Pure helpers for Espresso problems: validation, PLA formatting, strict output parsing and an
 * exhaustive cover check. No native code and no tfjs here, so this module is safe to import
 * anywhere (including the parent process that must never load the Espresso addon).
 *
 * Variable order, used everywhere in this directory: character i of a cube string is variable i,
 * and variable i is bit i (value 2^i) of a minterm index. So the cube "10-" covers the minterms
 * 0b001 = 1 and 0b101 = 5. Note this is LSB-first: it is NOT the MSB-first order in which truth
 * tables are usually listed.
 */

/** A single-output minimization problem over `inputs` variables. Cubes are strings of length
 *  `inputs` over '0' | '1' | '-' (variable i is character i, i.e. bit i of a minterm index).
 *  `on` is the ON-set, `dc` the don't-care set; everything else is the OFF-set. A minterm in
 *  both `on` and `dc` counts as don't-care (that is how Espresso's `fd` type reads it). */
export interface EspressoProblem {
  readonly inputs: number;
  readonly on: readonly string[];
  readonly dc: readonly string[];
}

export interface ProblemLimits {
  readonly maxInputs: number;
  readonly maxCubes: number;
}

/** The exhaustive checker allocates 2^inputs bytes; 2^20 is still cheap. */
const MAX_CHECK_INPUTS = 20;

/**
 * Only the size limits, and only when the shape is sane enough to measure (otherwise null, and
 * `validateProblem` reports the shape problem). Kept separate so the service can tell "too large"
 * apart from "invalid" cheaply, before scanning every cube.
 */
export function problemSizeIssue(p: EspressoProblem, limits: ProblemLimits): string | null {
  if (typeof p !== 'object' || p === null) return null;
  if (Number.isInteger(p.inputs) && p.inputs > limits.maxInputs) {
    return `${p.inputs} inputs exceed the limit of ${limits.maxInputs}`;
  }
  if (Array.isArray(p.on) && Array.isArray(p.dc)) {
    const cubes = p.on.length + p.dc.length;
    if (cubes > limits.maxCubes) return `${cubes} cubes exceed the limit of ${limits.maxCubes}`;
  }
  return null;
}

/** null if the problem is well-formed and within `limits`, else a one-line reason. */
export function validateProblem(p: EspressoProblem, limits: ProblemLimits): string | null {
  // Callers may be plain JS or deserialized data, so the static type is not trusted here.
  if (typeof p !== 'object' || p === null) return 'problem must be an object';
  if (!Number.isInteger(p.inputs) || p.inputs < 0) {
    return `inputs must be a non-negative integer, got ${String(p.inputs)}`;
  }
  if (!Array.isArray(p.on)) return 'on must be an array of cube strings';
  if (!Array.isArray(p.dc)) return 'dc must be an array of cube strings';
  const size = problemSizeIssue(p, limits);
  if (size !== null) return size;
  return cubeListIssue('on', p.on, p.inputs) ?? cubeListIssue('dc', p.dc, p.inputs);
}

function cubeListIssue(name: string, cubes: readonly unknown[], inputs: number): string | null {
  for (let k = 0; k < cubes.length; k++) {
    const issue = cubeIssue(cubes[k], inputs);
    if (issue !== null) return `${name}[${k}]: ${issue}`;
  }
  return null;
}

function cubeIssue(cube: unknown, inputs: number): string | null {
  if (typeof cube !== 'string') return `expected a string, got ${typeof cube}`;
  if (cube.length !== inputs) return `cube ${JSON.stringify(cube)} has length ${cube.length}, expected ${inputs}`;
  for (let i = 0; i < cube.length; i++) {
    const c = cube[i];
    if (c !== '0' && c !== '1' && c !== '-') {
      return `cube ${JSON.stringify(cube)} has invalid character ${JSON.stringify(c)} at ${i}`;
    }
  }
  return null;
}

/**
 * PLA lines for the package's `minimize(lines)`: `.i N`, `.o 1`, `.type fd`, then one line per
 * cube, `<cube> 1` for the ON-set and `<cube> -` for the don't-care set, then `.e`. With type
 * `fd` Espresso computes the OFF-set itself as the complement of ON ∪ DC.
 * Assumes `validateProblem` passed (a bad cube could otherwise change how Espresso reads the file).
 */
export function formatPla(p: EspressoProblem): string[] {
  const lines: string[] = [`.i ${p.inputs}`, '.o 1', '.type fd'];
  // Plain loops: spreading 10^5 elements into push() can overflow the argument stack.
  for (const cube of p.on) lines.push(`${cube} 1`);
  for (const cube of p.dc) lines.push(`${cube} -`);
  lines.push('.e');
  return lines;
}

/**
 * The minimized cover from the addon's output. The addon returns one string per cube of the
 * ON-cover, `<inputs chars over 0/1/-> <space> <output bits>`, e.g. `"01- 1"` (for `.i 0` it is
 * `" 1"`). With a single output the output part is always `1`. Anything else (the `?` Espresso
 * prints for an empty variable, a wrong length, extra fields, a non-string) throws.
 */
export function parseCover(output: readonly string[], inputs: number): string[] {
  if (!Array.isArray(output)) throw new Error('espresso output is not an array');
  const cubes: string[] = [];
  for (let k = 0; k < output.length; k++) {
    const line: unknown = output[k];
    const issue = outputLineIssue(line, inputs);
    if (issue !== null) throw new Error(`espresso output line ${k} ${JSON.stringify(line)}: ${issue}`);
    cubes.push((line as string).slice(0, inputs));
  }
  return cubes;
}

function outputLineIssue(line: unknown, inputs: number): string | null {
  if (typeof line !== 'string') return 'not a string';
  if (line.length !== inputs + 2) return `expected length ${inputs + 2}`;
  if (line.slice(inputs) !== ' 1') return 'expected the output part " 1"';
  return cubeIssue(line.slice(0, inputs), inputs);
}

/** Whether `cube` contains `minterm`, where bit i of `minterm` is the value of variable i. */
export function cubeCovers(cube: string, minterm: number): boolean {
  for (let i = 0; i < cube.length; i++) {
    // Division rather than `>>` so that cubes wider than 31 variables still work.
    const bit = Math.floor(minterm / 2 ** i) % 2;
    const c = cube[i];
    if (c === '-') continue;
    if ((c === '1' ? 1 : c === '0' ? 0 : -1) !== bit) return false;
  }
  return true;
}

/** A cube as bit masks: the minterms it covers are exactly `{ m : (m & fixed) === value }`. */
interface CubeMask {
  readonly fixed: number;
  readonly value: number;
}

function toMask(cube: string, inputs: number): CubeMask | null {
  if (typeof cube !== 'string' || cube.length !== inputs) return null;
  let fixed = 0;
  let value = 0;
  for (let i = 0; i < inputs; i++) {
    const c = cube[i];
    if (c === '1') value |= 1 << i;
    else if (c !== '0' && c !== '-') return null;
    if (c !== '-') fixed |= 1 << i;
  }
  return { fixed, value };
}

/** Calls `visit` for every minterm of the cube (all subsets of its free bits). */
function forEachMinterm(m: CubeMask, all: number, visit: (minterm: number) => boolean): boolean {
  const free = all & ~m.fixed;
  for (let sub = free; ; sub = (sub - 1) & free) {
    if (!visit(m.value | sub)) return false;
    if (sub === 0) return true;
  }
}

const ON = 1;
const DC = 2;
const COVERED = 4;

/**
 * Exhaustive check that `cover` implements `p`: every ON-minterm that is not don't-care is
 * covered, and no covered minterm lies outside ON ∪ DC. Malformed cover cubes make it false.
 * Costs 2^inputs bytes plus the total number of minterms of all cubes, hence inputs <= 20.
 */
export function checkCover(p: EspressoProblem, cover: readonly string[]): boolean {
  if (!Number.isInteger(p.inputs) || p.inputs < 0 || p.inputs > MAX_CHECK_INPUTS) {
    throw new RangeError(`checkCover supports 0..${MAX_CHECK_INPUTS} inputs, got ${p.inputs}`);
  }
  const all = 2 ** p.inputs - 1;
  const marks = new Uint8Array(all + 1);
  if (!markAll(p.on, p.inputs, all, marks, ON) || !markAll(p.dc, p.inputs, all, marks, DC)) {
    throw new Error('checkCover: the problem has malformed cubes (run validateProblem first)');
  }
  for (const cube of cover) {
    const mask = toMask(cube, p.inputs);
    if (mask === null) return false;
    const inside = forEachMinterm(mask, all, (m) => {
      if ((marks[m] & (ON | DC)) === 0) return false;
      marks[m] |= COVERED;
      return true;
    });
    if (!inside) return false;
  }
  for (let m = 0; m <= all; m++) {
    if ((marks[m] & (ON | DC | COVERED)) === ON) return false;
  }
  return true;
}

function markAll(cubes: readonly string[], inputs: number, all: number, marks: Uint8Array, flag: number): boolean {
  for (const cube of cubes) {
    const mask = toMask(cube, inputs);
    if (mask === null) return false;
    forEachMinterm(mask, all, (m) => {
      marks[m] |= flag;
      return true;
    });
  }
  return true;
}
