import { Query } from '@nestjs/cqrs';

/**
 * The direct dependencies and callers of each service, from the topology in force now, without the
 * services asked about (the timeline's "with its dependencies and callers").
 */
export class ServiceNeighboursQuery extends Query<readonly string[]> {
  constructor(readonly services: readonly string[]) {
    super();
  }
}
