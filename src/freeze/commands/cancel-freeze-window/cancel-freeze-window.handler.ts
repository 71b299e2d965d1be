import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';
import { FreezeWindowRegistry } from '../../infrastructure/freeze-window-registry';
import { FreezeWindowWriter } from '../../infrastructure/freeze-window-writer';
import { FreezeWindowStateError } from '../freeze-window-command.errors';
import { CancelFreezeWindowCommand } from './cancel-freeze-window.command';

@CommandHandler(CancelFreezeWindowCommand)
export class CancelFreezeWindowHandler implements ICommandHandler<CancelFreezeWindowCommand, FreezeWindow> {
  constructor(
    private readonly writer: FreezeWindowWriter,
    private readonly registry: FreezeWindowRegistry,
  ) {}

  async execute({ id, by, why }: CancelFreezeWindowCommand): Promise<FreezeWindow> {
    const window = await this.writer.write(id, (current) => {
      if (current === undefined) throw new FreezeWindowStateError(`no freeze window ${id}`, 'not_found');
      if (current.cancelled)
        throw new FreezeWindowStateError(`freeze window ${id} is already cancelled`, 'conflict');
      return { type: 'FreezeWindowCancelled', data: { by, why } };
    });
    await this.registry.reload();
    return window;
  }
}
