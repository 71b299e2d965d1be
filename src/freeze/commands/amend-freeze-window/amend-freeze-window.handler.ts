import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { validateFreezeWindow } from '../../../contracts/freeze-window-validator';
import type { FreezeWindow, FreezeWindowDefinition } from '../../domain/freeze-window';
import { FreezeWindowRegistry } from '../../infrastructure/freeze-window-registry';
import { FreezeWindowWriter } from '../../infrastructure/freeze-window-writer';
import { FreezeWindowStateError, InvalidFreezeWindowError } from '../freeze-window-command.errors';
import { AmendFreezeWindowCommand } from './amend-freeze-window.command';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7396: objects merge key by key, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const base = isRecord(target) ? target : {};
  const keys = new Set([...Object.keys(base), ...Object.keys(patch)]);
  const entries = [...keys].flatMap((key): [string, unknown][] => {
    if (!(key in patch)) return [[key, base[key]]];
    const value = patch[key];
    return value === null ? [] : [[key, mergePatch(base[key], value)]];
  });
  return Object.fromEntries(entries);
}

function definitionOf(window: FreezeWindow): FreezeWindowDefinition {
  return {
    name: window.name,
    reason: window.reason,
    kind: window.kind,
    schedule: window.schedule,
    scope: window.scope,
    ...(window.exemptions ? { exemptions: window.exemptions } : {}),
    ...(window.breakGlass ? { breakGlass: window.breakGlass } : {}),
  };
}

@CommandHandler(AmendFreezeWindowCommand)
export class AmendFreezeWindowHandler implements ICommandHandler<AmendFreezeWindowCommand, FreezeWindow> {
  constructor(
    private readonly writer: FreezeWindowWriter,
    private readonly registry: FreezeWindowRegistry,
  ) {}

  async execute({ id, patch, by, why }: AmendFreezeWindowCommand): Promise<FreezeWindow> {
    const window = await this.writer.write(id, (current) => {
      if (current === undefined) throw new FreezeWindowStateError(`no freeze window ${id}`, 'not_found');
      if (current.cancelled) throw new FreezeWindowStateError(`freeze window ${id} is cancelled`, 'conflict');
      const valid = validateFreezeWindow(mergePatch(definitionOf(current), patch));
      if (!valid.ok) throw new InvalidFreezeWindowError(valid.errors);
      return { type: 'FreezeWindowAmended', data: { definition: valid.value, by, why } };
    });
    await this.registry.reload();
    return window;
  }
}
