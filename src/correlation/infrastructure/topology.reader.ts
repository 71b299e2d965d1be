import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Topology } from '../domain/topology-stream';
import { TOPOLOGY_REPLACED, TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID } from '../domain/topology-stream';
import { ServiceGraph } from '../domain/topology';

export interface TopologyVersion {
  readonly topology: Topology;
  readonly graph: ServiceGraph;
  /** When the service recorded this version. */
  readonly recordedAt: Date;
  /** When it takes effect: its effectiveAt, else when it was recorded (topology.v1). */
  readonly effectiveAt: Date;
  /** The environment it describes; undefined for the global graph. */
  readonly environment: string | undefined;
  /** Its position in the topology stream (1 for the first version ever stored). */
  readonly version: number;
}

/** Topology versions kept in memory (a version is immutable). */
const CACHED_VERSIONS = 8;

/** When a version takes effect, in SQL: as declared (topology.v2), else as recorded. */
const EFFECTIVE_AT = `coalesce((data->>'effectiveAt')::timestamptz, recorded_at)`;
const TOPOLOGY_EVENTS = `stream_type = $1 AND namespace = '${SERVICE_NAMESPACE}' AND stream_id = $2 AND event_type = $3`;

/**
 * Reads the dependency graph from its stream: the version in force at an instant for an environment (its
 * own graph when one is in force, else the global one), or, when none was, the first to take effect
 * after it. Versions never change once stored, so the last few are kept, graphs and their reach caches
 * with them: a suspects request then costs one indexed lookup here, not parsing the whole graph.
 */
@Injectable()
export class TopologyReader {
  private readonly versions = new Map<number, TopologyVersion>();

  constructor(private readonly dataSource: DataSource) {}

  /** The version in force at `at` for `environment` (undefined: the global graph only); undefined if none. */
  async inForce(at: Date, environment: string | undefined): Promise<TopologyVersion | undefined> {
    return this.find(`${EFFECTIVE_AT} <= $5`, `${EFFECTIVE_AT} DESC`, at, environment);
  }

  /** The first version for `environment` (or global) to take effect after `at`; undefined if none. */
  async firstAfter(at: Date, environment: string | undefined): Promise<TopologyVersion | undefined> {
    return this.find(`${EFFECTIVE_AT} > $5`, `${EFFECTIVE_AT} ASC`, at, environment);
  }

  /**
   * What a ranking at `at` uses: the version in force then, else the first to take effect after it (the
   * closest knowledge there is; `inForce` says which), else none.
   */
  async forRanking(
    at: Date,
    environment: string,
  ): Promise<{ readonly version: TopologyVersion | undefined; readonly inForce: boolean }> {
    const inForce = await this.inForce(at, environment);
    if (inForce !== undefined) return { version: inForce, inForce: true };
    return { version: await this.firstAfter(at, environment), inForce: false };
  }

  /** The environment's own versions come before the global ones; then by effective time, then stream order. */
  private async find(
    when: string,
    order: string,
    at: Date,
    environment: string | undefined,
  ): Promise<TopologyVersion | undefined> {
    const rows = await this.dataSource.query<{ stream_version: number }[]>(
      `SELECT stream_version FROM events
        WHERE ${TOPOLOGY_EVENTS} AND (data->>'environment' IS NULL OR data->>'environment' = $4) AND ${when}
        ORDER BY (data->>'environment' IS NULL), ${order}, stream_version DESC LIMIT 1`,
      [TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID, TOPOLOGY_REPLACED, environment ?? null, at.toISOString()],
    );
    const version = rows[0]?.stream_version;
    return version === undefined ? undefined : this.load(version);
  }

  private async load(version: number): Promise<TopologyVersion | undefined> {
    const cached = this.versions.get(version);
    if (cached !== undefined) return cached;
    const data = await this.dataSource.query<{ data: Topology; recorded_at: Date; effective_at: Date }[]>(
      `SELECT data, recorded_at, ${EFFECTIVE_AT} AS effective_at FROM events
        WHERE stream_type = $1 AND namespace = '${SERVICE_NAMESPACE}' AND stream_id = $2 AND stream_version = $3`,
      [TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID, version],
    );
    const row = data[0];
    if (row === undefined) return undefined;
    const loaded: TopologyVersion = {
      topology: row.data,
      graph: ServiceGraph.fromEdges(row.data.edges),
      recordedAt: row.recorded_at,
      effectiveAt: row.effective_at,
      environment: row.data.environment,
      version,
    };
    this.versions.set(version, loaded);
    const oldest = this.versions.keys().next().value;
    if (this.versions.size > CACHED_VERSIONS && oldest !== undefined) this.versions.delete(oldest);
    return loaded;
  }
}
