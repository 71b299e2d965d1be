import type { FieldError } from '../../contracts/contract-validator';
import { DomainError } from '../domain-error';

/** 400 for a body its contract refuses: every message names its field (a JSON Pointer), and `errors` lists them. */
export function contractRejection(errors: readonly FieldError[]): DomainError {
  return new DomainError('invalid_input', errors.map((e) => e.message).join('; '), { errors });
}
