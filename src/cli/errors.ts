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
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`dbnc: ${message.split('\n')[0]}\n`);
  if (process.env.DBNC_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return error instanceof CliError ? error.code : 2;
}
