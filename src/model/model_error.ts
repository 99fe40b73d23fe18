/** A bad model file: the message names the file and the field, on one line. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
