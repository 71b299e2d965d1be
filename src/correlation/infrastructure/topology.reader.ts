import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { Injectable } from '@nestjs/common';
import { EventStore } from '../../event-store/event-store';
import { chooseTopologyVersion, type TopologyVersionEntry } from '../domain/topology-versions';
import {
  TOPOLOGY_REPLACED,
  TOPOLOGY_STREAM,
  TOPOLOGY_STREAM_ID,
  topologyOf,
  type Topology,
} from '../domain/topology-stream';
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

const TOPOLOGY = {
  streamType: TOPOLOGY_STREAM,
  namespace: SERVICE_NAMESPACE,
  streamId: TOPOLOGY_STREAM_ID,
} as const;

/**
 * Reads the dependency graph from its stream: the version in force at an instant for an environment (its
 * own graph when one is in force, else the global one), or, when none was, the first to take effect
 * after it. Versions never change once stored: what each says of its environment and effective time is
 * kept for all of them (read from the store only for versions it has not seen: one indexed lookup when
 * nothing changed), and the last few graphs loaded, their reach caches with them, so a suspects request
 * does not parse the whole graph again.
 */
@Injectable()
export class TopologyReader {
  private readonly versions = new Map<number, TopologyVersion>();
  private readonly entries: TopologyVersionEntry[] = [];

  constructor(private readonly store: EventStore) {}

  /** The version in force at `at` for `environment` (undefined: the global graph only); undefined if none. */
  async inForce(at: Date, environment: string | undefined): Promise<TopologyVersion | undefined> {
    return this.find('in-force', at, environment);
  }

  /** The first version for `environment` (or global) to take effect after `at`; undefined if none. */
  async firstAfter(at: Date, environment: string | undefined): Promise<TopologyVersion | undefined> {
    return this.find('first-after', at, environment);
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

  private async find(
    which: 'in-force' | 'first-after',
    at: Date,
    environment: string | undefined,
  ): Promise<TopologyVersion | undefined> {
    const chosen = chooseTopologyVersion(await this.versionEntries(), at.getTime(), environment, which);
    return chosen === undefined ? undefined : this.load(chosen);
  }

  /** Every version's environment and effective time, the ones stored since the last call read anew. */
  private async versionEntries(): Promise<readonly TopologyVersionEntry[]> {
    const known = this.entries[this.entries.length - 1]?.version ?? 0;
    const fresh = await this.store.readFields(TOPOLOGY, { type: TOPOLOGY_REPLACED, afterVersion: known }, [
      'environment',
      'effectiveAt',
    ]);
    for (const { version, recordedAt, fields } of fresh) {
      // A concurrent call may have added it while this one read.
      if (version <= (this.entries[this.entries.length - 1]?.version ?? 0)) continue;
      const effectiveAt = fields['effectiveAt'] === undefined ? recordedAt : new Date(fields['effectiveAt']);
      this.entries.push({ version, environment: fields['environment'], effectiveAt: effectiveAt.getTime() });
    }
    return this.entries;
  }

  private async load(entry: TopologyVersionEntry): Promise<TopologyVersion | undefined> {
    const cached = this.versions.get(entry.version);
    if (cached !== undefined) return cached;
    const event = await this.store.eventAt(TOPOLOGY, entry.version);
    if (event === undefined) return undefined;
    const topology = topologyOf(event);
    const loaded: TopologyVersion = {
      topology,
      graph: ServiceGraph.fromEdges(topology.edges),
      recordedAt: event.recordedAt,
      effectiveAt: new Date(entry.effectiveAt),
      environment: topology.environment,
      version: entry.version,
    };
    this.versions.set(entry.version, loaded);
    const oldest = this.versions.keys().next().value;
    if (this.versions.size > CACHED_VERSIONS && oldest !== undefined) this.versions.delete(oldest);
    return loaded;
  }
}
