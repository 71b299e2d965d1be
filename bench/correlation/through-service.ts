/**
 * The end-to-end form of the harness: the data set goes through the service's own ingest (the contract
 * validators, then the same commands the Kafka consumer and the HTTP API run, into a real PostgreSQL), in
 * the order it arrives, and each alert case is ranked by the service's own query (SuspectRanking, what
 * GET /v1/alerts/{id}/suspects answers) at the instant the in-memory harness looks at it. Only the
 * suspect ranking is measured here; the baselines need no service.
 */
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IngestAlertEventsCommand } from '../../src/alerts/commands/ingest-alert-events/ingest-alert-events.command';
import { alertInstanceKey, checkAlertEvent, type AlertEvent } from '../../src/alerts/domain/alert-event';
import { DEFAULT_ALERTMANAGER_MAPPING, mapAlertmanagerWebhook } from '../../src/alerts/domain/alertmanager';
import { IngestChangeEventsCommand } from '../../src/changes/commands/ingest-change-events/ingest-change-events.command';
import type { ChangeEvent } from '../../src/changes/domain/change-event';
import { createChangeEventValidator } from '../../src/contracts/change-event-validator';
import { ContractValidator, describeErrors } from '../../src/contracts/contract-validator';
import { ReplaceTopologyCommand } from '../../src/correlation/commands/replace-topology/replace-topology.command';
import { causeRank } from '../../src/correlation/domain/quality';
import { SuspectRanking } from '../../src/correlation/infrastructure/suspect-ranking';
import { Verdicts } from '../../src/correlation/infrastructure/verdicts';
import { CorrelationWeights } from '../../src/correlation/infrastructure/correlation-weights';
import { trainingCandidate } from '../../src/correlation/domain/ranking';
import {
  toNewWeightsEvent,
  WEIGHTS_APPLIED,
  WEIGHTS_TRAINED,
  type TrainedWeights,
} from '../../src/correlation/domain/weights-stream';
import type { EntityManager } from 'typeorm';
import { EventStore } from '../../src/event-store/event-store';
import type { JsonObject } from '../../src/event-store/domain/stored-event';
import { DomainError } from '../../src/common/domain-error';
import { alertLooks } from './evaluate';
import type { CorrelationDataset } from './scenarios';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Events per ingest command, as the HTTP API takes them. */
const BATCH = 1_000;

export interface ServiceCase {
  readonly id: string;
  readonly first: boolean;
  /** Rank of the cause in the service's answer; undefined when it was not among the suspects. */
  readonly rank: number | undefined;
}

type Arrival =
  | { readonly arrivesAt: number; readonly kind: 'change'; readonly event: ChangeEvent }
  | { readonly arrivesAt: number; readonly kind: 'alerts'; readonly events: readonly AlertEvent[] };

interface PlannedCase {
  readonly id: string;
  readonly first: boolean;
  readonly at: number;
  readonly alertKey: string;
  readonly causeChangeId: string;
}

/** The instants at which the in-memory harness (evaluate.ts) looks at each alert: the same moments. */
function plannedCases(dataset: CorrelationDataset): PlannedCase[] {
  const looks = alertLooks(dataset);
  const cases: PlannedCase[] = [];
  for (const fault of dataset.faults) {
    const firstInstance = fault.alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a));
    for (const instance of fault.alerts) {
      const look = looks.get(instance);
      if (look === undefined) throw new Error(`no look at ${instance.fingerprint}`);
      cases.push({
        id: `${fault.id}/${instance.fingerprint}`,
        first: instance === firstInstance,
        at: look.at,
        alertKey: alertInstanceKey({
          source: 'alertmanager',
          fingerprint: instance.fingerprint,
          startsAt: instance.startsAt,
        }),
        causeChangeId: fault.causeChangeId,
      });
    }
  }
  return cases.sort((a, b) => a.at - b.at);
}

function arrivals(dataset: CorrelationDataset): Arrival[] {
  const changes = createChangeEventValidator();
  const alerts = new ContractValidator<AlertEvent>('alert-event.v1', (event) => checkAlertEvent(event));
  const out: Arrival[] = [];
  for (const { event, arrivesAt } of dataset.changeEvents) {
    const checked = changes.check(event);
    if (!checked.ok)
      throw new Error(`change event ${event.eventId} refused: ${describeErrors(checked.errors)}`);
    out.push({ arrivesAt, kind: 'change', event: checked.value });
  }
  for (const { payload, arrivesAt } of dataset.notifications) {
    const mapped = mapAlertmanagerWebhook(payload, DEFAULT_ALERTMANAGER_MAPPING);
    if (!mapped.ok) throw new Error(`notification refused: ${JSON.stringify(mapped.errors)}`);
    const events = mapped.mapped.map(({ event }) => {
      const checked = alerts.check(event);
      if (!checked.ok)
        throw new Error(`alert ${event.fingerprint} refused: ${describeErrors(checked.errors)}`);
      return checked.value;
    });
    out.push({ arrivesAt, kind: 'alerts', events });
  }
  return out.sort((a, b) => a.arrivesAt - b.arrivesAt);
}

/** Ingests everything that arrived by each case's instant, then asks the service for its suspects. */
export async function rankThroughService(
  app: INestApplication,
  dataset: CorrelationDataset,
): Promise<ServiceCase[]> {
  const commands = app.get(CommandBus);
  const ranking = app.get(SuspectRanking);
  const metadata = { receivedVia: 'eval-correlation' };
  // The graph as it was throughout the scenario (a backfill: in force from a week before it), as the
  // in-memory harness knows it. No alert-coverage inventory is declared (neither world has one): the
  // service's coverage is the alert history it ingests, as the in-memory source computes it.
  const effectiveAt = new Date(dataset.start - 7 * DAY).toISOString();
  await commands.execute(
    new ReplaceTopologyCommand([{ event: { effectiveAt, edges: [...dataset.world.edges] }, metadata }]),
  );
  const queue = arrivals(dataset);
  let next = 0;
  const ingestUntil = async (at: number): Promise<void> => {
    let changes: ChangeEvent[] = [];
    const flush = async (): Promise<void> => {
      if (changes.length === 0) return;
      await commands.execute(new IngestChangeEventsCommand(changes.map((event) => ({ event, metadata }))));
      changes = [];
    };
    for (; next < queue.length; next += 1) {
      const item = queue[next];
      if (item === undefined || item.arrivesAt > at) break;
      if (item.kind === 'change') {
        changes.push(item.event);
        if (changes.length >= BATCH) await flush();
      } else {
        // Keep arrival order between the two streams: changes that came first are stored first.
        await flush();
        await commands.execute(
          new IngestAlertEventsCommand(item.events.map((event) => ({ event, metadata }))),
        );
      }
    }
    await flush();
  };
  const out: ServiceCase[] = [];
  for (const planned of plannedCases(dataset)) {
    await ingestUntil(planned.at);
    const answer = await ranking.forAlert(planned.alertKey);
    if (answer === undefined) throw new Error(`the service does not know alert ${planned.alertKey}`);
    out.push({
      id: planned.id,
      first: planned.first,
      rank: causeRank({ ranking: answer.suspects.map((s) => s.changeId), causes: [planned.causeChangeId] }),
    });
  }
  return out;
}

/**
 * After rankThroughService: a reviewer records the cause of every alert case through the service's own
 * verdict path (with the candidates as the service ranks them now), and an admin trains a weights version
 * from them. Undefined when the service refuses to train (too few verdicts).
 */
export async function recordVerdictsAndTrain(
  app: INestApplication,
  dataset: CorrelationDataset,
): Promise<TrainedWeights | undefined> {
  const ranking = app.get(SuspectRanking);
  const verdicts = app.get(Verdicts);
  for (const c of plannedCases(dataset)) {
    const answer = await ranking.forAlert(c.alertKey);
    if (answer === undefined) throw new Error(`the service does not know alert ${c.alertKey}`);
    const cause = answer.suspects.find((s) => s.changeId === c.causeChangeId);
    await verdicts.record(
      {
        alertKey: answer.alert.key,
        source: cause?.change.source ?? '',
        changeId: c.causeChangeId,
        verdict: 'cause',
        rank: cause?.rank ?? null,
        note: null,
        by: 'eval-correlation',
      },
      {
        weightsVersion: answer.weights.version,
        candidates: answer.suspects.map((s) => trainingCandidate(s, answer.alert)),
      },
    );
  }
  try {
    return await app.get(CorrelationWeights).train('eval-correlation');
  } catch (error) {
    if (error instanceof DomainError && error.code === 'conflict') return undefined;
    throw error;
  }
}

/**
 * Puts a version trained elsewhere into a fresh service, applied, as the events training and applying
 * write: a replay of the data set then ranks every alert with it from the start.
 */
export async function installTrainedWeights(app: INestApplication, trained: TrainedWeights): Promise<void> {
  const store = app.get<EventStore<EntityManager>>(EventStore);
  const metadata = { by: 'eval-correlation', receivedVia: 'eval-correlation' };
  await store.transaction(async (tx) => {
    await store.append(tx, [
      toNewWeightsEvent(
        WEIGHTS_TRAINED,
        `trained:${trained.version}`,
        trained as unknown as JsonObject,
        metadata,
        new Date(),
      ),
      toNewWeightsEvent(
        WEIGHTS_APPLIED,
        `applied:${trained.version}`,
        { version: trained.version },
        metadata,
        new Date(),
      ),
    ]);
  });
  const inUse = await app.get(CorrelationWeights).inUse();
  if (inUse.version !== trained.version) throw new Error(`version ${trained.version} is not in use`);
}
