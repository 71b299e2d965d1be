import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TopologyReader } from '../../infrastructure/topology.reader';
import { ServiceNeighboursQuery } from './service-neighbours.query';

@QueryHandler(ServiceNeighboursQuery)
export class ServiceNeighboursHandler implements IQueryHandler<ServiceNeighboursQuery, readonly string[]> {
  constructor(private readonly topology: TopologyReader) {}

  async execute({ services }: ServiceNeighboursQuery): Promise<readonly string[]> {
    // The global graph in force now: the timeline's neighbours are about today's callers and dependencies.
    const graph = (await this.topology.inForce(new Date(), undefined))?.graph;
    if (graph === undefined) return [];
    const asked = new Set(services);
    const found = new Set<string>();
    for (const service of services) {
      for (const neighbour of [...graph.directDependencies(service), ...graph.directCallers(service)]) {
        if (!asked.has(neighbour)) found.add(neighbour);
      }
    }
    return [...found].sort();
  }
}
