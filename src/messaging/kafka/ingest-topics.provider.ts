import type { Provider } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import { CdEventTranslator } from '../../cdevents/cdevent-translator';
import type { SourceBinding } from '../../cdevents/domain/source-bindings';
import { CommandBus } from '@nestjs/cqrs';
import { IngestAlertEventsCommand } from '../../alerts/commands/ingest-alert-events/ingest-alert-events.command';
import { IngestChangeEventsCommand } from '../../changes/commands/ingest-change-events/ingest-change-events.command';
import type { KafkaConfig } from '../../config/app-config';
import { ALERT_EVENT_VALIDATOR, type AlertEventValidator } from '../../contracts/alert-event-validator';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../../contracts/change-event-validator';
import { TOPOLOGY_VALIDATOR, type TopologyValidator } from '../../contracts/topology-validator';
import { ReplaceTopologyCommand } from '../../correlation/commands/replace-topology/replace-topology.command';
import { cdeventsIngestTopic } from './cdevents-ingest-topic';
import { ingestTopic, type IngestTopic } from './ingest-topic';
import { INGEST_TOPICS } from './kafka.tokens';
import { EventStore } from '../../event-store/event-store';

/** The topics the consumer reads, each bound to its contract and to the command that stores it. */
export function ingestTopicsProvider(
  kafka: KafkaConfig,
  cdeventsSources: readonly SourceBinding[],
): Provider {
  return {
    provide: INGEST_TOPICS,
    inject: [
      CommandBus,
      CHANGE_EVENT_VALIDATOR,
      ALERT_EVENT_VALIDATOR,
      TOPOLOGY_VALIDATOR,
      DataSource,
      EventStore,
    ],
    useFactory: (
      commands: CommandBus,
      changes: ChangeEventValidator,
      alerts: AlertEventValidator,
      topology: TopologyValidator,
      dataSource: DataSource,
      store: EventStore<EntityManager>,
    ): IngestTopic[] => [
      ingestTopic(
        kafka.changeEventsTopic,
        kafka.changeEventsDlqTopic,
        changes,
        async (events, within) => {
          const { stored, duplicates } = await commands.execute(
            new IngestChangeEventsCommand(events, within),
          );
          return { stored: stored.length, duplicates: duplicates.length };
        },
        (event) => ({ namespace: event.source, eventId: event.eventId }),
      ),
      ingestTopic(kafka.alertEventsTopic, kafka.alertEventsDlqTopic, alerts, async (events, within) => {
        const withinTx = within && ((tx: EntityManager) => within(tx, []));
        const { stored, duplicates } = await commands.execute(new IngestAlertEventsCommand(events, withinTx));
        return { stored: stored.length, duplicates: duplicates.length };
      }),
      ingestTopic(kafka.topologyTopic, kafka.topologyDlqTopic, topology, async (events, within) => {
        const withinTx = within && ((tx: EntityManager) => within(tx, []));
        const { stored } = await commands.execute(new ReplaceTopologyCommand(events, withinTx));
        return { stored, duplicates: events.length - stored };
      }),
      // Built here rather than injected: the CDEvents module depends on this one's publisher.
      ...kafka.cdeventsTopics.map((binding) =>
        cdeventsIngestTopic(
          binding,
          cdeventsSources,
          new CdEventTranslator(changes, alerts, new AlertsReadModel(dataSource, store)),
          commands,
        ),
      ),
    ],
  };
}
