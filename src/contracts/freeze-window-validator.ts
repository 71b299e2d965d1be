import {
  checkFreezeWindowDefinition,
  normaliseFreezeWindow,
  type FreezeWindowDefinition,
  type ValidationError,
} from '../freeze/domain/freeze-window';
import { ContractValidator } from './contract-validator';
import type { FreezeWindowDefinitionV1 } from './generated/freeze-window-definition.v1';
import type { FreezeWindowPatchV1 } from './generated/freeze-window-patch.v1';

export function createFreezeWindowDefinitionValidator(): ContractValidator<FreezeWindowDefinitionV1> {
  return new ContractValidator<FreezeWindowDefinitionV1>(
    'freeze-window-definition.v1',
    (definition) => checkFreezeWindowDefinition(definition),
    { semanticChecksReadAnyValue: true },
  );
}

/** The shape of PATCH /v1/freeze-windows/{id}; the merged result is checked as a definition. */
export function createFreezeWindowPatchValidator(): ContractValidator<FreezeWindowPatchV1> {
  return new ContractValidator<FreezeWindowPatchV1>('freeze-window-patch.v1');
}

let definitions: ContractValidator<FreezeWindowDefinitionV1> | undefined;

export type FreezeWindowValidation =
  | { readonly ok: true; readonly value: FreezeWindowDefinition }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

/**
 * A freeze-window definition (a declaration, a preview, or a window with a merge patch applied) checked
 * against contract freeze-window-definition.v1 and its semantic rules, and returned in its stored form.
 */
export function validateFreezeWindow(input: unknown): FreezeWindowValidation {
  definitions ??= createFreezeWindowDefinitionValidator();
  const checked = definitions.check(input);
  return checked.ok ? { ok: true, value: normaliseFreezeWindow(checked.value) } : checked;
}
