import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Topology } from '../domain/topology-stream';
import { TOPOLOGY_REPLACED, TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID } from '../domain/topology-stream';
import { ServiceGraph } from '../domain/topology';

export interface TopologyVersion {
  readonly topology: Topology;
  readonly graph: ServiceGraph;
  /** When the service recorded this version; null when no topology was ever given. */
  readonly recordedAt: Date | null;
  readonly version: number;
}

/** Topology versions kept in memory (a version is immutable). */
const CACHED_VERSIONS = 8;

const EMPTY: TopologyVersion = {
  topology: { edges: [] },
  graph: ServiceGraph.empty(),
  recordedAt: null,
  version: 0,
};

/**
 * Reads the dependency graph from its stream: the current version (cached by stream version, so each
 * call costs one indexed lookup) or the version in force at a past instant.
 */
@Injectable()
export class TopologyReader {
  private cached: TopologyVersion = EMPTY;
  private readonly versions = new Map<number, TopologyVersion>();

  constructor(private readonly dataSource: DataSource) {}

  async current(): Promise<TopologyVersion> {
    const rows = await this.dataSource.query<{ v: number | null }[]>(
      `SELECT max(stream_version) AS v FROM events WHERE stream_type = $1 AND namespace = '${SERVICE_NAMESPACE}' AND stream_id = $2`,
      [TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID],
    );
    const latest = rows[0]?.v ?? 0;
    if (latest !== this.cached.version) this.cached = await this.at(undefined);
    return this.cached;
  }

  /**
   * The version in force at `at` (recorded at or before it); the latest when `at` is undefined. Versions
   * never change once stored, so the last few are kept, graphs and their reach caches with them: a
   * suspects request then costs one indexed lookup here, not parsing and indexing the whole graph.
   */
  async at(at: Date | undefined): Promise<TopologyVersion> {
    const rows = await this.dataSource.query<{ stream_version: number }[]>(
      `SELECT stream_version FROM events
        WHERE stream_type = $1 AND namespace = '${SERVICE_NAMESPACE}' AND stream_id = $2 AND event_type = $3
          AND ($4::timestamptz IS NULL OR recorded_at <= $4::timestamptz)
        ORDER BY stream_version DESC LIMIT 1`,
      [TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID, TOPOLOGY_REPLACED, at?.toISOString() ?? null],
    );
    const version = rows[0]?.stream_version;
    if (version === undefined) return EMPTY;
    const cached = this.versions.get(version);
    if (cached !== undefined) return cached;
    const data = await this.dataSource.query<{ data: Topology; recorded_at: Date }[]>(
      `SELECT data, recorded_at FROM events WHERE stream_type = $1 AND namespace = '${SERVICE_NAMESPACE}' AND stream_id = $2 AND stream_version = $3`,
      [TOPOLOGY_STREAM, TOPOLOGY_STREAM_ID, version],
    );
    const row = data[0];
    if (row === undefined) return EMPTY;
    const loaded: TopologyVersion = {
      topology: row.data,
      graph: ServiceGraph.fromEdges(row.data.edges),
      recordedAt: row.recorded_at,
      version,
    };
    this.versions.set(version, loaded);
    const oldest = this.versions.keys().next().value;
    if (this.versions.size > CACHED_VERSIONS && oldest !== undefined) this.versions.delete(oldest);
    return loaded;
  }
}
