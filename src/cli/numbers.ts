/**
 * Checks of numeric command-line values. yargs reads `--seed abc` as NaN and lets `-3` through,
 * so every numeric option is checked here, with one line naming the flag and the value.
 */
import { CliError } from './errors';

const shown = (flag: string, value: number): string => `${flag} ${Number.isNaN(value) ? '(not a number)' : value}`;

/** `value` when it is a whole number ≥ `min`, else a CliError naming `flag`. */
export function wholeNumber(flag: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new CliError(`${shown(flag, value)}: expected a whole number ≥ ${min}`);
  return value;
}

/** `value` when it is a finite number > 0, else a CliError naming `flag`. */
export function positiveNumber(flag: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new CliError(`${shown(flag, value)}: expected a number > 0`);
  return value;
}

/** The largest seed: every random stream is seeded from 32 bits, so larger seeds would repeat smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

/** `value` when it is a usable seed (a whole number from 0 to MAX_SEED), else a CliError naming `flag`. */
export function seedValue(flag: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new CliError(`${shown(flag, value)}: expected a whole number from 0 to ${MAX_SEED} (seeds are 32-bit)`);
  }
  return value;
}
