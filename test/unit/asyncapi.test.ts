import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/app-config';
import { INSIGHT_CONTRACTS } from '../../src/contracts/insight-events';

const CONTRACTS = path.resolve(__dirname, '../../contracts');

interface AsyncApi {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, { payload: { schema?: { $ref: string } } }> };
}

describe('contracts/asyncapi.yaml', () => {
  const doc = parse(readFileSync(path.join(CONTRACTS, 'asyncapi.yaml'), 'utf8')) as AsyncApi;
  const addresses = Object.values(doc.channels).map((c) => c.address);

  it('documents every topic the service reads or writes, under its default name', () => {
    const kafka = loadConfig({ KAFKA_BROKERS: 'localhost:9092' }).kafka;
    const topics = [
      kafka?.changeEventsTopic,
      kafka?.changeEventsDlqTopic,
      kafka?.alertEventsTopic,
      kafka?.alertEventsDlqTopic,
      kafka?.topologyTopic,
      kafka?.topologyDlqTopic,
      kafka?.insightsTopic,
    ];
    expect(topics.every((t) => t !== undefined)).toBe(true);
    expect([...addresses].sort()).toEqual([...(topics as string[])].sort());
  });

  it('points every message at a schema file that exists, and every channel message at a component', () => {
    for (const [name, message] of Object.entries(doc.components.messages)) {
      const ref = message.payload.schema?.$ref;
      if (ref !== undefined) expect([name, existsSync(path.join(CONTRACTS, ref))]).toEqual([name, true]);
    }
    for (const channel of Object.values(doc.channels)) {
      for (const { $ref } of Object.values(channel.messages)) {
        const component = $ref.replace('#/components/messages/', '');
        expect(Object.keys(doc.components.messages)).toContain(component);
      }
    }
  });

  it('describes each insight contract the relay publishes', () => {
    const insights = doc.channels['changeInsights'];
    const published = new Set([...INSIGHT_CONTRACTS.values()].map((i) => i.contract));
    for (const contract of published) {
      const message = Object.values(doc.components.messages).find(
        (m) => m.payload.schema?.$ref === `./${contract}/schema.json`,
      );
      expect([contract, message !== undefined]).toEqual([contract, true]);
    }
    expect(Object.keys(insights?.messages ?? {}).sort()).toEqual(['FreezeViolationV1', 'SuspectsV1']);
  });
});
