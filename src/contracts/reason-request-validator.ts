import { ContractValidator } from './contract-validator';
import type { ReasonRequestV1 } from './generated/reason-request.v1';

/** `{ reason }` (contract reason-request.v1): lifting a freeze window, revoking an override grant. */
export function createReasonRequestValidator(): ContractValidator<ReasonRequestV1> {
  return new ContractValidator<ReasonRequestV1>('reason-request.v1');
}
