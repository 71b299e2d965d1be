import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';
import { activeOccurrenceAt } from '../../domain/schedule';
import { FreezeWindowRegistry } from '../../infrastructure/freeze-window-registry';
import { scopeCovers } from './freeze-window-filter';
import { ListFreezeWindowsQuery } from './list-freeze-windows.query';

@QueryHandler(ListFreezeWindowsQuery)
export class ListFreezeWindowsHandler implements IQueryHandler<
  ListFreezeWindowsQuery,
  readonly FreezeWindow[]
> {
  constructor(private readonly registry: FreezeWindowRegistry) {}

  execute({ filter }: ListFreezeWindowsQuery): Promise<readonly FreezeWindow[]> {
    const { activeAt, includeCancelled, attributes } = filter;
    const windows = this.registry
      .all()
      .filter((w) => includeCancelled || !w.cancelled)
      .filter(
        (w) => activeAt === undefined || (!w.cancelled && activeOccurrenceAt(w, activeAt) !== undefined),
      )
      .filter((w) => scopeCovers(w.scope, attributes));
    return Promise.resolve(windows);
  }
}
