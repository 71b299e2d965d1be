export const KAFKA = Symbol('KAFKA');
export const KAFKA_CONFIG = Symbol('KAFKA_CONFIG');
/** The topics the ingest consumer reads (IngestTopic[]), each bound to its contract and command. */
export const INGEST_TOPICS = Symbol('INGEST_TOPICS');
