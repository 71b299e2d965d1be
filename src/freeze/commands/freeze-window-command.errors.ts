import type { ValidationError } from '../domain/freeze-window';

/** The definition (or the merged amendment) is not a valid window; each error names its field. */
export class InvalidFreezeWindowError extends Error {
  override readonly name = 'InvalidFreezeWindowError';
  constructor(readonly errors: readonly ValidationError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** The command does not apply to the window in its current state (unknown, cancelled, already lifted). */
export class FreezeWindowStateError extends Error {
  override readonly name = 'FreezeWindowStateError';
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
  }
}
