/* Generated from contracts/topology.v2/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The service dependency graph as in force from an instant, for one environment or for all: each edge says the caller sends requests to (or reads from) the dependency. Each message (Kafka topic topology.v1, which takes both versions) or PUT /v1/topology body adds a version; every version stays in the event store. A ranking uses the version in force at the alert's start for the alert's environment, else the global one (no environment). Every topology.v1 message is a valid topology.v2 message: without effectiveAt a version takes effect when it is received; without environment it is global.
 */
export interface TopologyV2 {
  /**
   * Idempotency key of this version of the graph, chosen by the publisher (e.g. the catalogue's revision). A snapshot whose id is already stored is ignored. Without it, every message is a new version.
   */
  snapshotId?: string;
  /**
   * The catalogue or system that published the graph.
   */
  source?: string;
  /**
   * When this version of the graph took (or takes) effect: an RFC 3339 date-time with an explicit offset (Z or +hh:mm). May be in the past, to backfill the graph as it was for replays and rankings of past alerts; at most 24 hours ahead. Absent: when the service receives it.
   */
  effectiveAt?: string;
  /**
   * The environment this graph describes (as change and alert events name it, e.g. production). Absent: the global graph, used for every environment that has no graph of its own in force.
   */
  environment?: string;
  /**
   * @maxItems 20000
   */
  edges: {
    caller: string;
    dependency: string;
  }[];
}
