import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldProblem } from '../domain-error';

/**
 * The ValidationPipe's 400: each constraint a field fails, named by its path (`page.limit`), with the
 * messages Nest's own factory gives (its `message` list, which clients read, stays the same).
 */
export function validationProblem(errors: ValidationError[]): BadRequestException {
  const problems = errors.flatMap((error) => fieldProblemsOf(error, ''));
  return new BadRequestException({
    message: problems.map((p) => p.message),
    errors: problems,
  });
}

function fieldProblemsOf(error: ValidationError, parentPath: string): FieldProblem[] {
  const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    field,
    // Nest prefixes nested properties' messages with their parent's path.
    message: parentPath === '' ? message : `${parentPath}.${message}`,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => fieldProblemsOf(child, field))];
}
