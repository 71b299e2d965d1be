/* Generated from contracts/topology.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The whole service dependency graph, as a service catalogue knows it: each edge says the caller sends requests to (or reads from) the dependency. Each message (Kafka topic topology.v1) or PUT /v1/topology body replaces the previous graph; every version stays in the event store, so the graph at any past instant can be read back.
 */
export interface TopologyV1 {
  /**
   * Idempotency key of this version of the graph, chosen by the publisher (e.g. the catalogue's revision). A snapshot whose id is already stored is ignored. Without it, every message is a new version.
   */
  snapshotId?: string;
  /**
   * The catalogue or system that published the graph.
   */
  source?: string;
  /**
   * @maxItems 20000
   */
  edges: {
    caller: string;
    dependency: string;
  }[];
}
