import { Command } from '@nestjs/cqrs';

export interface FreezeChecksRebuildResult {
  /** Freeze-check events replayed. */
  readonly events: number;
  /** Rows in `freeze_checks` afterwards. */
  readonly checks: number;
  readonly millis: number;
}

/** Empty the `freeze_checks` read model and fill it again from the freeze-check events in the store. */
export class RebuildFreezeChecksCommand extends Command<FreezeChecksRebuildResult> {}
