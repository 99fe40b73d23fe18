/**
 * Child-process entry for EspressoService (forked with tsx as the loader). Espresso's C code calls
 * exit() on malformed input and keeps global state between runs, so it only ever runs here, never
 * in the compiler's own process. Protocol over the IPC channel:
 *   child → parent, once the addon is loaded: { ready: true }
 *   parent → child: { id, lines }   child → parent: { id, ok: true, output } | { id, ok: false, message }
 */
import { createRequire } from 'node:module';

export interface ChildRequest {
  readonly id: number;
  readonly lines: readonly string[];
}
export type ChildReply =
  | { readonly id: number; readonly ok: true; readonly output: string[] }
  | { readonly id: number; readonly ok: false; readonly message: string };
export interface ChildReady {
  readonly ready: true;
}

function isRequest(m: unknown): m is ChildRequest {
  if (typeof m !== 'object' || m === null || !('id' in m) || !('lines' in m)) return false;
  return typeof m.id === 'number' && Array.isArray(m.lines) && m.lines.every((l) => typeof l === 'string');
}

function reply(message: ChildReply | ChildReady): void {
  process.send?.(message);
}

// Only meaningful when forked: without an IPC channel there is nobody to answer.
if (process.send === undefined) {
  process.stderr.write('espresso child: must be started with child_process.fork\n');
  process.exit(2);
}

// The package is CommonJS with a native addon; createRequire loads it the same way under tsx ESM.
const espresso = createRequire(import.meta.url)('espresso-logic-minimizer') as {
  minimize(lines: string[]): string[];
};

/**
 * Fault injection for the reliability tests (docs/compiler.md): with
 * DBNC_ESPRESSO_FAULT=malformed-pla every PLA reaches the native code with an unreadable `.i`
 * line, which makes Espresso exit(1) — so the real CLI's crash handling runs end to end.
 */
const corruptPla = process.env.DBNC_ESPRESSO_FAULT === 'malformed-pla';

process.on('message', (m: unknown) => {
  if (!isRequest(m)) return; // Not from EspressoService; the parent's timeout covers a lost reply.
  const lines = corruptPla ? m.lines.map((line) => (line.startsWith('.i ') ? '.i x' : line)) : [...m.lines];
  try {
    reply({ id: m.id, ok: true, output: espresso.minimize(lines) });
  } catch (err) {
    reply({ id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
// Parent gone: nobody needs our answers any more.
process.on('disconnect', () => process.exit(0));
reply({ ready: true });
