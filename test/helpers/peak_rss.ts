import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process's peak resident set (Linux VmHWM), in bytes: the largest value seen while it ran. */
  peakRssBytes: number;
}

/** VmHWM of a live process, or 0 once it is gone. VmHWM only grows, so late reads are the best. */
function highWaterMark(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs the real `dbnc` CLI and samples its peak memory from /proc while it runs (Linux). A
 * sample every 20 ms, and VmHWM is a running maximum, so the figure misses at most the growth of
 * the process's last 20 ms.
 */
export function dbncWithPeakRss(args: readonly string[], timeoutMs = 300_000): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/dbnc.js', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const sampler = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, highWaterMark(child.pid));
    }, 20);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(sampler);
      clearTimeout(killer);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, peakRssBytes: peak }));
  });
}
