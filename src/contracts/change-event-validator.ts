import { ContractValidator } from './contract-validator';
import type { ChangeEventV1 as ChangeEvent } from './generated/change-event.v1';

export type ChangeEventValidator = ContractValidator<ChangeEvent>;
export const CHANGE_EVENT_VALIDATOR = Symbol('CHANGE_EVENT_VALIDATOR');

export function createChangeEventValidator(): ChangeEventValidator {
  return new ContractValidator<ChangeEvent>('change-event.v1');
}
