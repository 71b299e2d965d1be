import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { KafkaConfig } from '../../config/app-config';

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
    else if (level === logLevel.WARN) logger.warn(entry);
    else logger.debug(entry);
  };
};

export function createKafka(config: KafkaConfig): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
    logCreator: kafkaLogger,
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

/** Creates the topics the service owns if they are missing (idempotent, safe on every start). */
export async function ensureTopics(kafka: Kafka, config: KafkaConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      config.changeEventsTopic,
      config.changeEventsDlqTopic,
      config.alertEventsTopic,
      config.alertEventsDlqTopic,
      config.topologyTopic,
      config.topologyDlqTopic,
      config.insightsTopic,
    ].filter((t) => !existing.has(t));
    if (wanted.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: wanted.map((topic) => ({ topic, numPartitions: config.topicPartitions })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
