import { Logger } from '@nestjs/common';
import {
  Kafka,
  logLevel,
  Partitioners,
  type ITopicConfig,
  type LogEntry,
  type logCreator,
  type Producer,
  type RetryOptions,
} from 'kafkajs';
import type { KafkaConfig } from '../../config/app-config';

/**
 * kafkajs warns at every start that an idempotent producer with limited retries "may invalidate EoS
 * guarantees". The limits are deliberate (an HTTP publish answers 503 rather than retrying for ever), and
 * exactly-once here comes from the store, not the producer: a re-sent event is absorbed by the idempotent
 * append by eventId. So that line is debug, not a warning an operator has to learn to ignore.
 */
const EXPECTED_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/** kafkajs logs through Nest's logger (JSON lines via pino), its details as fields under `kafka`. */
const kafkaLogger: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }: LogEntry) => {
    // timestamp and logger repeat what every log line already says.
    const details = Object.fromEntries(
      Object.entries(log).filter(([key]) => key !== 'message' && key !== 'timestamp' && key !== 'logger'),
    );
    const entry = { message: log.message, kafka: { namespace, ...details } };
    if (level === logLevel.ERROR) logger.error(entry);
    else if (level === logLevel.WARN && !EXPECTED_WARNINGS.has(log.message)) logger.warn(entry);
    else logger.debug(entry);
  };
};

/**
 * Connections and metadata requests retry with jittered backoff capped at 2 s (kafkajs's default cap is
 * 30 s, which made a client that lost its broker come back up to 30 s after the broker did). `retry`
 * overrides it for a client that must answer quickly instead (the broker probe).
 */
export function createKafka(config: KafkaConfig, retry: RetryOptions = {}): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
    logCreator: kafkaLogger,
    retry: { initialRetryTime: 300, maxRetryTime: 2_000, retries: 8, ...retry },
  });
}

/**
 * A producer of the service (HTTP events, dead letters, insights): idempotent unless asked not to be (the
 * HTTP publisher, which says why), one request in flight so a retry cannot reorder a partition, topics never created by a send (ensureTopics or the operator does).
 * Keys go to partitions as the Java client's default partitioner sends them (murmur2, which kafkajs 2 calls
 * DefaultPartitioner; named here, which also stops its start-up warning), so a change published over
 * HTTP lands on the same partition as the same change published to Kafka by a Java-based change system.
 */
export function createProducer(
  kafka: Kafka,
  options: { retry?: RetryOptions; idempotent?: boolean } = {},
): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...options,
  });
}

/**
 * The checkpoint topic: one partition, because a verifier reads checkpoints in tree-size order and the
 * publisher finds its progress in the last message; kept for ever and never compacted, because every
 * checkpoint shares its log's key and compaction would keep only the newest.
 */
export const checkpointTopicSettings = (topic: string): ITopicConfig => ({
  topic,
  numPartitions: 1,
  configEntries: [
    { name: 'cleanup.policy', value: 'delete' },
    { name: 'retention.ms', value: '-1' },
  ],
});

/** Creates the topics the service owns if they are missing (idempotent, safe on every start). */
export async function ensureTopics(kafka: Kafka, config: KafkaConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted: ITopicConfig[] = [
      ...[
        config.changeEventsTopic,
        config.changeEventsDlqTopic,
        config.alertEventsTopic,
        config.alertEventsDlqTopic,
        config.topologyTopic,
        config.topologyDlqTopic,
        config.insightsTopic,
        ...config.cdeventsTopics.flatMap(({ topic }) => [topic, `${topic}.dlq`]),
      ].map((topic) => ({ topic, numPartitions: config.topicPartitions })),
      checkpointTopicSettings(config.checkpointTopic),
    ].filter(({ topic }) => !existing.has(topic));
    if (wanted.length > 0) await admin.createTopics({ waitForLeaders: true, topics: wanted });
  } finally {
    await admin.disconnect();
  }
}
