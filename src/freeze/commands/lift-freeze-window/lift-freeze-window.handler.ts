import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';
import { FreezeWindowRegistry } from '../../infrastructure/freeze-window-registry';
import { FreezeWindowWriter } from '../../infrastructure/freeze-window-writer';
import { FreezeWindowStateError } from '../freeze-window-command.errors';
import { LiftFreezeWindowCommand } from './lift-freeze-window.command';

@CommandHandler(LiftFreezeWindowCommand)
export class LiftFreezeWindowHandler implements ICommandHandler<LiftFreezeWindowCommand, FreezeWindow> {
  constructor(
    private readonly writer: FreezeWindowWriter,
    private readonly registry: FreezeWindowRegistry,
  ) {}

  async execute({ id, by, why, at }: LiftFreezeWindowCommand): Promise<FreezeWindow> {
    const window = await this.writer.write(id, (current) => {
      if (current === undefined) throw new FreezeWindowStateError(`no freeze window ${id}`, 'not_found');
      if (current.cancelled) throw new FreezeWindowStateError(`freeze window ${id} is cancelled`, 'conflict');
      if (current.liftedAt !== undefined) {
        throw new FreezeWindowStateError(
          `freeze window ${id} was lifted at ${current.liftedAt.toISOString()}`,
          'conflict',
        );
      }
      return { type: 'FreezeWindowLifted', data: { at: at.toISOString(), by, why } };
    });
    await this.registry.reload();
    return window;
  }
}
