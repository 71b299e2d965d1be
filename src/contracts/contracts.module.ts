import { Global, Module } from '@nestjs/common';
import { ALERT_EVENT_VALIDATOR, createAlertEventValidator } from './alert-event-validator';
import { CHANGE_EVENT_VALIDATOR, createChangeEventValidator } from './change-event-validator';
import { createTopologyValidator, TOPOLOGY_VALIDATOR } from './topology-validator';

/** Compiled validators for the published contracts; compiled once, shared by every path that uses them. */
@Global()
@Module({
  providers: [
    { provide: CHANGE_EVENT_VALIDATOR, useFactory: createChangeEventValidator },
    { provide: ALERT_EVENT_VALIDATOR, useFactory: createAlertEventValidator },
    { provide: TOPOLOGY_VALIDATOR, useFactory: createTopologyValidator },
  ],
  exports: [CHANGE_EVENT_VALIDATOR, ALERT_EVENT_VALIDATOR, TOPOLOGY_VALIDATOR],
})
export class ContractsModule {}
