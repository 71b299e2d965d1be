import { Command } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';

/** A JSON merge patch (RFC 7396) over the window's definition. */
export class AmendFreezeWindowCommand extends Command<FreezeWindow> {
  constructor(
    readonly id: string,
    readonly patch: Record<string, unknown>,
    readonly by: string,
    readonly why: string,
  ) {
    super();
  }
}
