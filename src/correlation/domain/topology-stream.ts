import { randomUUID } from 'node:crypto';
import type { TopologyV2 } from '../../contracts/generated/topology.v2';
import {
  SERVICE_NAMESPACE,
  serviceEventId,
  type JsonObject,
  type JsonValue,
  type NewEvent,
  type StoredEvent,
} from '../../event-store/domain/stored-event';

/** A version of the graph: topology.v2, which every topology.v1 message also is. */
export type Topology = TopologyV2;

/** The dependency graph is one stream; each event replaces the whole graph. */
export const TOPOLOGY_STREAM = 'topology';
export const TOPOLOGY_STREAM_ID = 'services';
export const TOPOLOGY_REPLACED = 'TopologyReplaced';

export interface AcceptedTopology {
  readonly event: Topology;
  readonly metadata: JsonObject;
}

function kafkaCoordinates(metadata: JsonObject): string | undefined {
  const kafka: JsonValue | undefined = metadata['kafka'];
  if (typeof kafka !== 'object' || kafka === null || Array.isArray(kafka)) return undefined;
  const { topic, partition, offset } = kafka;
  if (typeof topic !== 'string' || typeof partition !== 'number' || typeof offset !== 'string')
    return undefined;
  return `${topic}:${partition}:${offset}`;
}

/**
 * The idempotency key: the publisher's snapshotId when given; else, from Kafka, the message's
 * coordinates (a redelivered message is the same version); else (HTTP without snapshotId) a new version.
 */
export function topologyEventId({ event, metadata }: AcceptedTopology): string {
  if (event.snapshotId !== undefined) return `topology:${event.snapshotId}`;
  const coordinates = kafkaCoordinates(metadata);
  return coordinates !== undefined ? `topology:kafka:${coordinates}` : `topology:${randomUUID()}`;
}

export function toNewTopologyEvent(accepted: AcceptedTopology, occurredAt: Date): NewEvent {
  return {
    namespace: SERVICE_NAMESPACE,
    eventId: serviceEventId(topologyEventId(accepted)),
    streamType: TOPOLOGY_STREAM,
    streamId: TOPOLOGY_STREAM_ID,
    type: TOPOLOGY_REPLACED,
    data: accepted.event as unknown as JsonObject,
    metadata: accepted.metadata,
    occurredAt,
  };
}

export function topologyOf(stored: StoredEvent): Topology {
  return stored.data as unknown as Topology;
}
