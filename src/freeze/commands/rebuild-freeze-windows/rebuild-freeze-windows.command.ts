import { Command } from '@nestjs/cqrs';

export interface FreezeWindowsRebuildResult {
  /** Freeze-window events replayed. */
  readonly events: number;
  /** Rows in `freeze_windows` afterwards (cancelled windows included). */
  readonly windows: number;
  readonly millis: number;
}

/** Empty the `freeze_windows` read model and fold it again from the freeze-window streams. */
export class RebuildFreezeWindowsCommand extends Command<FreezeWindowsRebuildResult> {}
