import { Global, Module } from '@nestjs/common';
import { ALERT_EVENT_VALIDATOR, createAlertEventValidator } from './alert-event-validator';
import { CHANGE_EVENT_VALIDATOR, createChangeEventValidator } from './change-event-validator';
import {
  createFreezeEvaluateRequestValidator,
  FREEZE_EVALUATE_REQUEST_VALIDATOR,
} from './freeze-evaluate-request-validator';
import { createTopologyValidator, TOPOLOGY_VALIDATOR } from './topology-validator';

/** Compiled validators for the published contracts; compiled once, shared by every path that uses them. */
@Global()
@Module({
  providers: [
    { provide: CHANGE_EVENT_VALIDATOR, useFactory: createChangeEventValidator },
    { provide: ALERT_EVENT_VALIDATOR, useFactory: createAlertEventValidator },
    { provide: TOPOLOGY_VALIDATOR, useFactory: createTopologyValidator },
    { provide: FREEZE_EVALUATE_REQUEST_VALIDATOR, useFactory: createFreezeEvaluateRequestValidator },
  ],
  exports: [
    CHANGE_EVENT_VALIDATOR,
    ALERT_EVENT_VALIDATOR,
    TOPOLOGY_VALIDATOR,
    FREEZE_EVALUATE_REQUEST_VALIDATOR,
  ],
})
export class ContractsModule {}
