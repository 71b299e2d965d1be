import { Command } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';

/** Withdraws the window entirely (it never applies, past occurrences included); the history stays. */
export class CancelFreezeWindowCommand extends Command<FreezeWindow> {
  constructor(
    readonly id: string,
    readonly by: string,
    readonly why: string,
  ) {
    super();
  }
}
