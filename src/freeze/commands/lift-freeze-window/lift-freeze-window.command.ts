import { Command } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';

/** Ends the window now: the occurrence running stops, later ones never start. */
export class LiftFreezeWindowCommand extends Command<FreezeWindow> {
  constructor(
    readonly id: string,
    readonly by: string,
    readonly why: string,
    readonly at: Date = new Date(),
  ) {
    super();
  }
}
