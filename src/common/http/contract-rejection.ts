import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '../../contracts/contract-validator';

/** 400 for a body its contract refuses: every message names its field (a JSON Pointer), and `errors` lists them. */
export function contractRejection(errors: readonly FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => e.message),
    errors,
  });
}
