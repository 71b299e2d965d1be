import { ContractValidator } from './contract-validator';
import type { FreezeEvaluateRequestV1 } from './generated/freeze-evaluate-request.v1';

export type FreezeEvaluateRequestValidator = ContractValidator<FreezeEvaluateRequestV1>;
export const FREEZE_EVALUATE_REQUEST_VALIDATOR = Symbol('FREEZE_EVALUATE_REQUEST_VALIDATOR');

/**
 * The body of POST /v1/freeze/evaluate, checked against its published schema. A compiled JSON Schema
 * rather than class-validator DTOs: every change asks this before it starts, and the compiled check
 * costs microseconds where class-transformer and class-validator cost a large share of the request
 * (bench/results/freeze.md); publishers also get the schema to build their requests from.
 */
export function createFreezeEvaluateRequestValidator(): FreezeEvaluateRequestValidator {
  return new ContractValidator<FreezeEvaluateRequestV1>('freeze-evaluate-request.v1');
}
