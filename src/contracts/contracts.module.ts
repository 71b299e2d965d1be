import { Global, Module } from '@nestjs/common';
import { CHANGE_EVENT_VALIDATOR, createChangeEventValidator } from './change-event-validator';

/** Compiled validators for the published contracts; compiled once, shared by every ingest path. */
@Global()
@Module({
  providers: [{ provide: CHANGE_EVENT_VALIDATOR, useFactory: createChangeEventValidator }],
  exports: [CHANGE_EVENT_VALIDATOR],
})
export class ContractsModule {}
