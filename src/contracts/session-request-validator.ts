import { ContractValidator } from './contract-validator';
import type { SessionRequestV1 } from './generated/session-request.v1';

/** `{ apiKey }` (contract session-request.v1): signing in to the console. */
export function createSessionRequestValidator(): ContractValidator<SessionRequestV1> {
  return new ContractValidator<SessionRequestV1>('session-request.v1');
}
