import { checkAlertEvent, type AlertEvent } from '../alerts/domain/alert-event';
import { ContractValidator } from './contract-validator';

export type AlertEventValidator = ContractValidator<AlertEvent>;
export const ALERT_EVENT_VALIDATOR = Symbol('ALERT_EVENT_VALIDATOR');

export function createAlertEventValidator(): AlertEventValidator {
  return new ContractValidator<AlertEvent>('alert-event.v1', (event) => checkAlertEvent(event));
}
