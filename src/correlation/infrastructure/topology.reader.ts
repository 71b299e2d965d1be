import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
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

const TOPOLOGY = { streamType: TOPOLOGY_STREAM, namespace: SERVICE_NAMESPACE, streamId: TOPOLOGY_STREAM_ID };

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

  constructor(private readonly store: EventStore<EntityManager>) {}

  async current(): Promise<TopologyVersion> {
    const latest = await this.store.streamVersion(TOPOLOGY);
    if (latest !== this.cached.version) this.cached = await this.at(undefined);
    return this.cached;
  }

  /**
   * The version in force at `at` (recorded at or before it); the latest when `at` is undefined. Versions
   * never change once stored, so the last few are kept, graphs and their reach caches with them: a
   * suspects request then costs one indexed lookup here, not parsing and indexing the whole graph.
   */
  async at(at: Date | undefined): Promise<TopologyVersion> {
    const version = await this.store.lastVersionOf(TOPOLOGY, {
      type: TOPOLOGY_REPLACED,
      ...(at === undefined ? {} : { recordedAtOrBefore: at }),
    });
    if (version === undefined) return EMPTY;
    const cached = this.versions.get(version);
    if (cached !== undefined) return cached;
    const last = await this.store.eventAt(TOPOLOGY, version);
    if (last === undefined) return EMPTY;
    const topology = last.data as unknown as Topology;
    const loaded: TopologyVersion = {
      topology,
      graph: ServiceGraph.fromEdges(topology.edges),
      recordedAt: last.recordedAt,
      version,
    };
    this.versions.set(version, loaded);
    const oldest = this.versions.keys().next().value;
    if (this.versions.size > CACHED_VERSIONS && oldest !== undefined) this.versions.delete(oldest);
    return loaded;
  }
}
