import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TopologyReader } from '../../infrastructure/topology.reader';
import { ServiceNeighboursQuery } from './service-neighbours.query';

@QueryHandler(ServiceNeighboursQuery)
export class ServiceNeighboursHandler implements IQueryHandler<ServiceNeighboursQuery, readonly string[]> {
  constructor(private readonly topology: TopologyReader) {}

  async execute({ services }: ServiceNeighboursQuery): Promise<readonly string[]> {
    const { graph } = await this.topology.current();
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
