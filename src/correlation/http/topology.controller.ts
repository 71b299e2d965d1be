import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { contractRejection } from '../../common/http/contract-rejection';
import { IsInstant } from '../../common/http/query-params';
import { IsOptional } from 'class-validator';
import { ReplaceTopologyCommand } from '../commands/replace-topology/replace-topology.command';
import type { Topology } from '../domain/topology-stream';
import { TopologyReader } from '../infrastructure/topology.reader';
import { TOPOLOGY_VALIDATOR, type TopologyValidator } from '../../contracts/topology-validator';
import { RequestContract } from '../../common/http/request-contract';

export interface TopologyResponse {
  readonly edges: Topology['edges'];
  readonly source: string | null;
  readonly snapshotId: string | null;
  /** When this version was recorded; null when no topology was ever given. */
  readonly recordedAt: string | null;
  readonly version: number;
}

/** GET /v1/topology query string. */
export class TopologyAtRequest {
  /** The graph as it was at this instant; absent: now. */
  @IsOptional()
  @IsInstant()
  at?: string;
}

@Controller('v1/topology')
export class TopologyController {
  constructor(
    @Inject(TOPOLOGY_VALIDATOR) private readonly validator: TopologyValidator,
    private readonly commands: CommandBus,
    private readonly reader: TopologyReader,
  ) {}

  /** Replaces the service dependency graph (edges caller → dependency); every version is kept. */
  @Put()
  @RequestContract('topology.v1')
  @Roles('admin')
  async replace(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<TopologyResponse> {
    const result = this.validator.check(body);
    if (!result.ok) throw contractRejection(result.errors);
    await this.commands.execute(
      new ReplaceTopologyCommand([
        { event: result.value, metadata: { receivedVia: 'http', publishedBy: principal.name } },
      ]),
    );
    return this.get(new TopologyAtRequest());
  }

  /** The graph now, or as it was at `at`. */
  @Get()
  @Roles('reviewer')
  async get(@Query() query: TopologyAtRequest): Promise<TopologyResponse> {
    const at = query.at === undefined ? undefined : new Date(query.at);
    const version = at === undefined ? await this.reader.current() : await this.reader.at(at);
    return {
      edges: version.topology.edges,
      source: version.topology.source ?? null,
      snapshotId: version.topology.snapshotId ?? null,
      recordedAt: version.recordedAt?.toISOString() ?? null,
      version: version.version,
    };
  }
}
