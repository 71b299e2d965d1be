import type { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { IngestAlertEventsCommand } from '../../alerts/commands/ingest-alert-events/ingest-alert-events.command';
import { alertEventId } from '../../alerts/domain/alert-event';
import type { CdEventTranslator, SourceResolution, Translated } from '../../cdevents/cdevent-translator';
import { decodeKafkaCloudEvent, type DecodedEnvelope } from '../../cdevents/domain/cloudevents-binding';
import { bindSource, type SourceBinding } from '../../cdevents/domain/source-bindings';
import { IngestChangeEventsCommand } from '../../changes/commands/ingest-change-events/ingest-change-events.command';
import { readJsonMessage, type Validation } from '../../contracts/contract-validator';
import { serviceEventId } from '../../event-store/domain/stored-event';
import type { AppendOutcome } from '../../event-store/postgres-event-store';
import type { IngestTopic } from './ingest-topic';

type Mapped = Extract<Translated, { ok: true }>;

/**
 * A topic of CDEvents (CloudEvents Kafka binding, binary or structured mode) bound to one source: each
 * message is read, mapped to a change or an alert event and validated as those are, then stored by the
 * same commands as change-events.v1 and alert-events.v1; what cannot be mapped is dead-lettered with the
 * field at fault. A CDEvent whose context.source CDEVENTS_SOURCES binds to another source is refused.
 */
export function cdeventsIngestTopic(
  binding: { readonly topic: string; readonly source: string },
  sourceBindings: readonly SourceBinding[],
  translator: CdEventTranslator,
  commands: CommandBus,
): IngestTopic {
  const resolve = (uri: string): SourceResolution => {
    const bound = bindSource(sourceBindings, uri);
    return bound === undefined || bound === binding.source
      ? { source: binding.source }
      : {
          refused: `"${uri}" is bound to source "${bound}", not to "${binding.source}" (the source of topic ${binding.topic})`,
        };
  };
  return {
    topic: binding.topic,
    dlqTopic: `${binding.topic}.dlq`,
    parse: () => {
      throw new Error(`${binding.topic} is read a chunk at a time`);
    },
    parseChunk: async (messages) => {
      const read = messages.map((message) => readJsonMessage(message.value));
      const envelopes: DecodedEnvelope[] = messages.map((message, i) => {
        const json = read[i];
        return json?.ok === true
          ? decodeKafkaCloudEvent(message.headers ?? {}, json.value)
          : { ok: false, errors: json?.errors ?? [] };
      });
      const translated = await translator.translate(envelopes, resolve);
      return translated.map((result, i): Validation<unknown> => {
        const json = read[i];
        if (json !== undefined && !json.ok) return json;
        return result.ok
          ? { ok: true, value: result }
          : { ok: false, reason: 'schema', errors: result.errors };
      });
    },
    identify: (value) => {
      const mapped = value as Mapped;
      return mapped.kind === 'change'
        ? { namespace: mapped.event.source, eventId: mapped.event.eventId }
        : { namespace: mapped.event.source, eventId: alertEventId(mapped.event) };
    },
    ingest: async (events, within) => {
      const mapped = events.map(({ event, metadata }) => ({ mapped: event as Mapped, metadata }));
      const changes = mapped.flatMap(({ mapped: m, metadata }) =>
        m.kind === 'change' ? [{ event: m.event, metadata }] : [],
      );
      const alerts = mapped.flatMap(({ mapped: m, metadata }) =>
        m.kind === 'alert' ? [{ event: m.event, metadata }] : [],
      );
      // Two commands, two transactions: the alerts first, and the offset with the last one. A crash
      // between them replays the chunk, whose alerts are then duplicates by their derived ids.
      let storedAlerts = new Set<string>();
      let alertDuplicates = 0;
      if (alerts.length > 0) {
        const alone = changes.length === 0 && within !== undefined;
        const result = await commands.execute(
          new IngestAlertEventsCommand(alerts, alone ? (tx: EntityManager) => within(tx, []) : undefined),
        );
        storedAlerts = new Set(result.stored);
        alertDuplicates = result.duplicates.length;
        if (changes.length === 0) return { stored: result.stored.length, duplicates: alertDuplicates };
      }
      const result = await commands.execute(
        new IngestChangeEventsCommand(
          changes,
          within &&
            ((tx: EntityManager, changeOutcomes: readonly AppendOutcome[]) => {
              // One outcome per event given, in order: the changes' from the append, the alerts' from theirs.
              let next = 0;
              const outcomes = mapped.map(({ mapped: m }): AppendOutcome => {
                if (m.kind === 'change') return changeOutcomes[next++] ?? 'stored';
                return storedAlerts.has(serviceEventId(alertEventId(m.event))) ? 'stored' : 'duplicate';
              });
              return within(tx, outcomes);
            }),
        ),
      );
      return {
        stored: result.stored.length + storedAlerts.size,
        duplicates: result.duplicates.length + alertDuplicates,
      };
    },
  };
}
