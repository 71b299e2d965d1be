import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { validateFreezeWindow } from '../../../contracts/freeze-window-validator';
import type { FreezeWindow } from '../../domain/freeze-window';
import { FreezeWindowRegistry } from '../../infrastructure/freeze-window-registry';
import { FreezeWindowWriter } from '../../infrastructure/freeze-window-writer';
import { InvalidFreezeWindowError } from '../freeze-window-command.errors';
import { DeclareFreezeWindowCommand } from './declare-freeze-window.command';

@CommandHandler(DeclareFreezeWindowCommand)
export class DeclareFreezeWindowHandler implements ICommandHandler<DeclareFreezeWindowCommand, FreezeWindow> {
  constructor(
    private readonly writer: FreezeWindowWriter,
    private readonly registry: FreezeWindowRegistry,
  ) {}

  async execute({ definition, by }: DeclareFreezeWindowCommand): Promise<FreezeWindow> {
    const valid = validateFreezeWindow(definition);
    if (!valid.ok) throw new InvalidFreezeWindowError(valid.errors);
    const window = await this.writer.write(this.writer.newId(), () => ({
      type: 'FreezeWindowDeclared',
      data: { definition: valid.value, by, why: valid.value.reason },
    }));
    await this.registry.reload();
    return window;
  }
}
