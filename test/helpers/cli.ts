import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `dbnc` command line (bin/dbnc.js) from the repository root. */
export function dbnc(...args: string[]): CliRun {
  return dbncWithInput('', ...args);
}

/** {@link dbnc} with `input` piped to its standard input. */
export function dbncWithInput(input: string, ...args: string[]): CliRun {
  const run = spawnSync(process.execPath, ['bin/dbnc.js', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `node bin/dbnc.js …args` from the repository root (DBNC_DEBUG off: no stack traces). */
export function runCli(args: readonly string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}bin/dbnc.js`, ...args], { cwd, env: { ...process.env, DBNC_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A user error as SPEC §6 wants it: one line `dbnc: …`, a non-zero exit, no stack trace. */
export function assertOneLineError(run: CliRun, pattern: RegExp, code = 2): void {
  if (run.code !== code) throw new Error(`exit code ${run.code}, expected ${code}; stderr: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  if (lines.length !== 1 || !lines[0].startsWith('dbnc: ')) throw new Error(`not one "dbnc: " line: ${run.stderr}`);
  if (!pattern.test(lines[0])) throw new Error(`${lines[0]} does not match ${pattern}`);
}
