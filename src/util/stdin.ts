/**
 * "-" as a data file names standard input (the POSIX convention), so rows can be piped in:
 * `… | dbnc predict model.json - > scored.csv`. Messages name it `stdin`.
 */
export const STDIN_PATH = '-';

/** How a data path appears in messages. */
export function displayPath(path: string): string {
  return path === STDIN_PATH ? 'stdin' : path;
}
