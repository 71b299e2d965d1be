import { Command } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';

export class DeclareFreezeWindowCommand extends Command<FreezeWindow> {
  constructor(
    readonly definition: unknown,
    readonly by: string,
  ) {
    super();
  }
}
