import { DataSource } from 'typeorm';
import { CHANGE_EVENT_RECORDED, CHANGE_STREAM } from '../../../src/changes/domain/change-stream';
import type { ChangeEvent } from '../../../src/changes/domain/change-event';
import { toChangeView } from '../../../src/changes/domain/change-state';
import { decodeFoldState } from '../../../src/changes/infrastructure/fold-state-codec';
import { candidateQuery, selectCandidates } from '../../../src/correlation/domain/candidates';
import {
  correlationChangeFromView,
  type CorrelationAlert,
  type CorrelationChange,
} from '../../../src/correlation/domain/inputs';
import {
  changeKey,
  findReverted,
  rankAlertSuspects,
  type Suspect,
} from '../../../src/correlation/domain/ranking';
import type { ServiceGraph } from '../../../src/correlation/domain/topology';
import { CorrelationReader } from '../../../src/correlation/infrastructure/correlation.reader';
import { TopologyReader } from '../../../src/correlation/infrastructure/topology.reader';
import { DEFAULT_SCENARIO_START, generateDataset } from '../../../bench/correlation/scenarios';
import { rankThroughService } from '../../../bench/correlation/through-service';
import { startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase } from '../../support/database';

/**
 * CorrelationReader.candidateChanges reads, per alert, only the changes that can still be candidates
 * (active in the lookback, starting before the alert plus skew), the rollbacks of the range, and the
 * changes those rollbacks may revert, with selected columns and the steps the row keeps (events only for
 * rows projected before rows kept steps). The claim: the suspects
 * are exactly those of reading the alert's whole range (candidateQuery's bounds) with the full fold state
 * and whole events, as the reader used to. Checked on a labelled data set of the correlation harness,
 * ingested through the service's own commands into a real PostgreSQL, for every alert in the store.
 */
const DAY = 24 * 3_600_000;
/**
 * A small estate whose data set has, besides the usual rollbacks of candidates, a rollback that reverts a
 * change which is no candidate itself (it started after the alert): the case the reader's second query
 * exists for. Another seed or size may lack it; the last assertions say so.
 */
const SEED = 10;
const SCENARIO = { services: 50, faults: 20, days: 3, start: DEFAULT_SCENARIO_START };

/** The suspects as an API answer shows them: what must not change. */
const shown = (suspects: readonly Suspect[]) =>
  suspects.map((s) => [s.changeId, s.rank, s.score, s.reasons] as const);

/** The whole range of the alert, as the reader read it before it was narrowed. */
async function wholeRange(
  dataSource: DataSource,
  alert: CorrelationAlert,
  graph: ServiceGraph,
  reader: CorrelationReader,
  around: readonly CorrelationAlert[],
): Promise<CorrelationChange[]> {
  const q = candidateQuery(alert, graph, reader.options, around);
  const stored = await dataSource.query<{ fold_state: unknown }[]>(
    `SELECT fold_state FROM changes
      WHERE environment = $1 AND (service IS NULL OR service = ANY($2::text[]))
        AND timeline_at BETWEEN $3 AND $4`,
    [q.environment, q.services, new Date(q.startedFrom), new Date(q.startedTo)],
  );
  const rows = stored.map((r) => ({ fold_state: decodeFoldState(r.fold_state) }));
  if (rows.length === 0) return [];
  const events = await dataSource.query<{ stream_id: string; data: ChangeEvent }[]>(
    `SELECT stream_id, data FROM events
      WHERE stream_type = $1 AND stream_id = ANY($2::text[]) AND event_type = $3`,
    [CHANGE_STREAM, rows.map((r) => r.fold_state.changeId), CHANGE_EVENT_RECORDED],
  );
  const eventsOf = new Map<string, ChangeEvent[]>();
  for (const { stream_id, data } of events)
    eventsOf.set(stream_id, [...(eventsOf.get(stream_id) ?? []), data]);
  return rows.flatMap(
    ({ fold_state }) =>
      correlationChangeFromView(toChangeView(fold_state), eventsOf.get(fold_state.changeId) ?? []) ?? [],
  );
}

/** Every stored alert ranked from the narrowed read and from the whole range, with what was read. */
async function compareAll(app: TestApp, dataset: ReturnType<typeof generateDataset>) {
  const dataSource = app.app.get(DataSource);
  const reader = app.app.get(CorrelationReader);
  const topology = await app.app.get(TopologyReader).inForce(new Date(), undefined);
  if (topology === undefined) throw new Error('no topology in force');
  const { graph } = topology;
  const alerts = await reader.alertsBetween(
    dataset.start - 2 * DAY,
    dataset.end + 2 * DAY,
    undefined,
    100_000,
  );
  const stored = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM alerts`);
  const window = reader.options.corroborationWindowMs;
  let narrowedRead = 0;
  let wholeRead = 0;
  let withSuspects = 0;
  let withPeers = 0;
  const revertedCandidates: string[] = [];
  const revertedOutsideCandidates: string[] = [];
  const differences: { alert: string; narrowed: unknown; whole: unknown }[] = [];
  const outside: { alert: string; changeIds: string[] }[] = [];
  for (const alert of alerts) {
    const around = await reader.alertsBetween(
      alert.startsAt - window,
      alert.startsAt + window,
      alert.environment,
    );
    // The alerts around name the incident peers, whose changes both reads bring too.
    const narrowedChanges = await reader.candidateChanges([alert], graph, around);
    const wholeChanges = await wholeRange(dataSource, alert, graph, reader, around);
    narrowedRead += narrowedChanges.length;
    wholeRead += wholeChanges.length;
    // Narrowing only leaves changes out: everything it reads is in the whole range.
    const inWhole = new Set(wholeChanges.map((c) => c.changeId));
    const extra = narrowedChanges.filter((c) => !inWhole.has(c.changeId)).map((c) => c.changeId);
    if (extra.length > 0) outside.push({ alert: alert.key, changeIds: extra });

    const narrowed = rankAlertSuspects(
      { alert, changes: narrowedChanges, graph, alerts: around },
      reader.options,
    );
    const whole = rankAlertSuspects({ alert, changes: wholeChanges, graph, alerts: around }, reader.options);
    if (JSON.stringify(shown(narrowed.suspects)) !== JSON.stringify(shown(whole.suspects))) {
      differences.push({
        alert: alert.key,
        narrowed: shown(narrowed.suspects),
        whole: shown(whole.suspects),
      });
    }
    if (whole.suspects.length > 0) withSuspects += 1;
    if (whole.suspects.some((s) => s.relation.type === 'incident_peer')) withPeers += 1;

    // Rollbacks that revert a candidate: the narrowed read must bring both, or the "reverted by"
    // evidence is lost. And where the change a rollback reverts is no candidate, reading only the
    // candidates and the rollbacks would let the rollback "revert" a candidate instead.
    const candidates = selectCandidates(alert, wholeChanges, graph, reader.options, around);
    const reverted = findReverted(wholeChanges);
    for (const { change } of candidates) {
      if (reverted.has(changeKey(change))) revertedCandidates.push(change.changeId);
    }
    const candidateIds = new Set(candidates.map((c) => c.change.changeId));
    const candidatesAndRollbacks = wholeChanges.filter((c) => c.isRollback || candidateIds.has(c.changeId));
    const withoutReverted = rankAlertSuspects(
      { alert, changes: candidatesAndRollbacks, graph, alerts: around },
      reader.options,
    );
    if (JSON.stringify(shown(withoutReverted.suspects)) !== JSON.stringify(shown(whole.suspects))) {
      revertedOutsideCandidates.push(alert.key);
    }
  }

  return {
    alerts: alerts.length,
    storedAlerts: stored[0]?.n,
    differences,
    outside,
    narrowedRead,
    wholeRead,
    withSuspects,
    withPeers,
    revertedCandidates,
    revertedOutsideCandidates,
  };
}

describe('CorrelationReader.candidateChanges (narrowed read) against the whole range', () => {
  let app: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    // Embedded transport: no KAFKA_BROKERS.
    app = await startTestApp({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('ranks every alert of a labelled data set exactly as reading the whole range does', async () => {
    const dataset = generateDataset(SEED, SCENARIO);
    // The harness's own way in: topology, then changes and Alertmanager notifications in arrival order
    // through the ingest commands (it ranks each labelled case on the way; only the stored data is used here).
    const cases = await rankThroughService(app.app, dataset);
    expect(cases.length).toBeGreaterThan(0);
    const stored = await app.app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM changes WHERE steps IS NULL`);
    expect(stored[0]?.n).toBe(0);

    const r = await compareAll(app, dataset);
    expect(r.alerts).toBe(r.storedAlerts);
    expect(r.differences).toEqual([]);
    expect(r.outside).toEqual([]);
    // The narrowing is exercised: it reads less, rollbacks revert candidates (and, once, a change that is
    // no candidate), and alerts have suspects.
    expect(r.narrowedRead).toBeLessThan(r.wholeRead);
    expect(r.revertedCandidates.length).toBeGreaterThan(0);
    expect(r.revertedOutsideCandidates.length).toBeGreaterThan(0);
    expect(r.withSuspects).toBeGreaterThan(0);
    // Incident peers too: some alerts have a candidate on a service the graph does not connect to them.
    expect(r.withPeers).toBeGreaterThan(0);
  });

  it('ranks the same when rows projected before steps were kept take their steps from the events', async () => {
    const dataSource = app.app.get(DataSource);
    // As a store upgraded by migration 1795737600006 looks before a rebuild: old rows without steps.
    const nulled = await dataSource.query<unknown[]>(
      `UPDATE changes SET steps = NULL WHERE hashtext(change_id) % 2 = 0 RETURNING change_id`,
    );
    expect(nulled.length).toBeGreaterThan(0);
    const r = await compareAll(app, generateDataset(SEED, SCENARIO));
    expect(r.differences).toEqual([]);
    expect(r.outside).toEqual([]);
    expect(r.withSuspects).toBeGreaterThan(0);
  });
});
