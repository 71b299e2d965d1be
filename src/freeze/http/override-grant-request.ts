import { ContractValidator, type FieldError } from '../../contracts/contract-validator';
import type { OverrideGrantRequestV1 } from '../../contracts/generated/override-grant-request.v1';

/** The body of POST /v1/freeze/override-grants (contract override-grant-request.v1). */
export type OverrideGrantRequest = OverrideGrantRequestV1;

/**
 * The configured ceiling a schema cannot hold: expiresInMinutes from 1 to `maxMinutes`
 * (OVERRIDE_GRANT_MAX_MINUTES). Reads any value, so it reports alongside the schema's refusals.
 */
export function checkGrantValidity(body: unknown, maxMinutes: number): FieldError[] {
  if (typeof body !== 'object' || body === null || !('expiresInMinutes' in body)) return [];
  const minutes = body.expiresInMinutes;
  if (Number.isInteger(minutes) && (minutes as number) >= 1 && (minutes as number) <= maxMinutes) return [];
  return [
    {
      field: '/expiresInMinutes',
      message: `/expiresInMinutes must be a whole number from 1 to ${maxMinutes}`,
    },
  ];
}

/** Checks the body against its contract and the configured ceiling; every problem names its field. */
export function createOverrideGrantRequestValidator(
  maxMinutes: number,
): ContractValidator<OverrideGrantRequestV1> {
  return new ContractValidator<OverrideGrantRequestV1>(
    'override-grant-request.v1',
    (body) => checkGrantValidity(body, maxMinutes),
    { semanticChecksReadAnyValue: true },
  );
}
