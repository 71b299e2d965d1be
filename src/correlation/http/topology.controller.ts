import { Body, Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { contractRejection } from '../../common/http/contract-rejection';
import { IsInstant } from '../../common/http/query-params';
import { RequestContract } from '../../common/http/request-contract';
import { TOPOLOGY_VALIDATOR, type TopologyValidator } from '../../contracts/topology-validator';
import { ReplaceTopologyCommand } from '../commands/replace-topology/replace-topology.command';
import type { Topology } from '../domain/topology-stream';
import { TopologyReader, type TopologyVersion } from '../infrastructure/topology.reader';

export interface TopologyResponse {
  /** False when no version was in force at that instant for that environment (nor globally). */
  readonly inForce: boolean;
  readonly edges: Topology['edges'];
  readonly source: string | null;
  readonly snapshotId: string | null;
  /** When this version takes effect (its effectiveAt, else when it was recorded). */
  readonly effectiveAt: string | null;
  /** The environment it describes; null for the global graph. */
  readonly environment: string | null;
  readonly recordedAt: string | null;
  /** Its position in the topology stream; null when none was in force. */
  readonly version: number | null;
  /** When none was in force: what was asked and when the first version takes effect, if any does. */
  readonly detail?: string;
}

/** GET /v1/topology query string. */
export class TopologyAtRequest {
  /** The graph as it was (or will be) at this instant; absent: now. */
  @IsOptional()
  @IsInstant()
  at?: string;

  /** The graph an alert in this environment is ranked with (its own, else the global one); absent: global. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  environment?: string;
}

function responseOf(version: TopologyVersion): TopologyResponse {
  return {
    inForce: true,
    edges: version.topology.edges,
    source: version.topology.source ?? null,
    snapshotId: version.topology.snapshotId ?? null,
    effectiveAt: version.effectiveAt.toISOString(),
    environment: version.environment ?? null,
    recordedAt: version.recordedAt.toISOString(),
    version: version.version,
  };
}

@Controller('v1/topology')
export class TopologyController {
  constructor(
    @Inject(TOPOLOGY_VALIDATOR) private readonly validator: TopologyValidator,
    private readonly commands: CommandBus,
    private readonly reader: TopologyReader,
  ) {}

  /**
   * Adds a version of the service dependency graph (edges caller → dependency), in force from its
   * effectiveAt (else now), for its environment (else globally); every version is kept.
   */
  @Put()
  @RequestContract('topology.v2')
  @Roles('admin')
  async replace(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<TopologyResponse> {
    const result = this.validator.check(body);
    if (!result.ok) throw contractRejection(result.errors);
    await this.commands.execute(
      new ReplaceTopologyCommand([
        { event: result.value, metadata: { receivedVia: 'http', publishedBy: principal.name } },
      ]),
    );
    const at = result.value.effectiveAt ?? new Date().toISOString();
    const { environment } = result.value;
    return this.get(Object.assign(new TopologyAtRequest(), { at, environment }));
  }

  /** The graph in force now, or at `at`, for `environment` (its own, else the global one). */
  @Get()
  @Roles('reviewer')
  async get(@Query() query: TopologyAtRequest): Promise<TopologyResponse> {
    const at = query.at === undefined ? new Date() : new Date(query.at);
    const version = await this.reader.inForce(at, query.environment);
    if (version !== undefined) return responseOf(version);
    const first = await this.reader.firstAfter(at, query.environment);
    const scope = query.environment === undefined ? 'globally' : `for ${query.environment} nor globally`;
    return {
      inForce: false,
      edges: [],
      source: null,
      snapshotId: null,
      effectiveAt: null,
      environment: query.environment ?? null,
      recordedAt: null,
      version: null,
      detail:
        `no topology was in force at ${at.toISOString()} ${scope}` +
        (first === undefined
          ? '; none was ever given'
          : `; the first version takes effect at ${first.effectiveAt.toISOString()} (version ${first.version})`),
    };
  }
}
