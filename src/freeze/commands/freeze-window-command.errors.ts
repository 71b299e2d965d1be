import { DomainError } from '../../common/domain-error';
import type { ValidationError } from '../domain/freeze-window';

/** The definition (or the merged amendment) is not a valid window; each error names its field. */
export class InvalidFreezeWindowError extends DomainError {
  override readonly name = 'InvalidFreezeWindowError';
  constructor(errors: readonly ValidationError[]) {
    // Each message already starts with its field (the definition contract's wording).
    super('invalid_input', errors.map((e) => e.message).join('; '), { errors });
  }
}

/** The command does not apply to the window in its current state: unknown, or cancelled / already lifted. */
export class FreezeWindowStateError extends DomainError {
  override readonly name = 'FreezeWindowStateError';
  constructor(message: string, code: 'not_found' | 'conflict') {
    super(code, message);
  }
}
