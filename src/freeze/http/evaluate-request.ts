import { ContractValidator } from '../../contracts/contract-validator';
import type { FreezeEvaluateRequestV1 } from '../../contracts/generated/freeze-evaluate-request.v1';
import { isSupportedInstant } from '../domain/freeze-window';

/**
 * The body of POST /v1/freeze/evaluate, checked against its published schema, plus what a schema cannot
 * say: `at` must lie in the range the schedules can evaluate. A compiled JSON Schema rather than
 * class-validator DTOs: every change asks this before it starts, and the compiled check costs
 * microseconds where class-transformer and class-validator cost a large share of the request
 * (bench/results/freeze.md); publishers also get the schema to build their requests from.
 */
export function createEvaluateRequestValidator(): ContractValidator<FreezeEvaluateRequestV1> {
  return new ContractValidator<FreezeEvaluateRequestV1>('freeze-evaluate-request.v1', ({ at }) =>
    at === undefined || isSupportedInstant(Date.parse(at))
      ? []
      : [{ field: '/at', message: '/at must be an instant between 1900-01-01 and 2500-01-01' }],
  );
}
