/** A user error: printed as one line `dbnc: …`, exit code `code` (2 unless said otherwise). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

/**
 * The one-line report of a failed command. Every error a command raises for bad input names its
 * file, field or row; anything else is reported the same way (no stack trace unless
 * DBNC_DEBUG=1), since a stack trace tells a user nothing they can act on.
 */
export function reportFailure(error: unknown): number {
  if (isBrokenPipe(error)) return BROKEN_PIPE_EXIT;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`dbnc: ${message.split('\n')[0]}\n`);
  if (process.env.DBNC_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return error instanceof CliError ? error.code : 2;
}

/**
 * The exit status when the reader of our output has gone (`dbnc predict … | head`): what a shell
 * reports for a process that SIGPIPE ended (128 + 13), as other command-line tools end there.
 * Node ignores SIGPIPE, so the write fails with EPIPE instead; that is no error of the user's.
 */
const BROKEN_PIPE_EXIT = 141;

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'EPIPE';
}

/**
 * Standard output's write errors arrive as an 'error' event, which unhandled ends the process
 * with a stack trace. Handled here: a gone reader ends the process quietly, anything else as
 * a one-line report.
 */
export function handleStdoutErrors(): void {
  process.stdout.on('error', (error) => process.exit(reportFailure(error)));
}
