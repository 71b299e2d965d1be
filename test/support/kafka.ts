import { Kafka, logLevel } from 'kafkajs';

/** The broker the global setup started (or KAFKA_BROKERS). */
export function testBrokers(): string {
  const value = process.env['TEST_KAFKA_BROKERS'];
  if (value === undefined) throw new Error('TEST_KAFKA_BROKERS is not set (global setup starts Kafka)');
  return value;
}

export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [testBrokers()], logLevel: logLevel.NOTHING });
}

/** Creates a topic and its DLQ, as an operator would before the service starts. */
export async function createTopicWithDlq(kafka: Kafka, topic: string, numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions },
        { topic: `${topic}.dlq`, numPartitions },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}
