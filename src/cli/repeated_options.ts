/** The command lines of dbnc and of the bench scripts: an option given twice is an error. */

/** Options that take a list, one value per occurrence (`--kind a=numeric --kind b=boolean`). */
const LIST_OPTIONS = new Set(['kind', '_', '$0']);

/**
 * An option given twice (`--epochs 1 --epochs 2`) reaches yargs as an array, which then failed
 * as `--epochs 1,2: expected a whole number`, or deep inside Node for `-o a -o b`: one line
 * instead, naming the option.
 */
export function refuseRepeatedOptions(args: Record<string, unknown>): true {
  for (const [key, value] of Object.entries(args)) {
    // Skipped: list options, one-letter aliases and yargs' camel-case copies of dashed names
    // (each is reported under its long, dashed name).
    if (!Array.isArray(value) || LIST_OPTIONS.has(key) || key.length === 1 || /[A-Z]/.test(key)) continue;
    throw new Error(`--${key}: given ${value.length} times (${value.map(String).join(', ')}); give it once`);
  }
  return true;
}
