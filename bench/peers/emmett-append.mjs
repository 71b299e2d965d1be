// The store benchmark's peer: appends change events to Emmett's PostgreSQL event store, one stream per
// change, from `concurrency` callers at once, with or without an inline projection (a document per change
// in Pongo, folded in the append's transaction). Run by bench/store.bench.ts as its own process:
//   node emmett-append.mjs <connection string> <events.jsonl> <concurrency> <plain|projection>
// and prints one JSON line: { events, seconds, eventsPerSecond, cpuMicrosPerEvent, peakRssMiB }.
import { readFileSync } from 'node:fs';
import { getPostgreSQLEventStore, pongoSingleStreamProjection } from '@event-driven-io/emmett-postgresql';
import { projections } from '@event-driven-io/emmett';

const [url, file, concurrencyText, mode] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const events = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

// Events of one change go to its stream in order, in appends of up to 10 (what one message batch holds).
const byChange = new Map();
for (const event of events) {
  const list = byChange.get(event.changeId) ?? [];
  list.push(event);
  byChange.set(event.changeId, list);
}
const work = [];
for (const [changeId, list] of byChange) {
  for (let i = 0; i < list.length; i += 10) work.push({ changeId, events: list.slice(i, i + 10) });
}

const changes = pongoSingleStreamProjection({
  collectionName: 'changes',
  canHandle: ['ChangeEventRecorded'],
  getDocumentId: (event) => event.data.changeId,
  evolve: (document, { data }) => ({
    changeId: data.changeId,
    source: data.source,
    phase: data.phase,
    service: data.service ?? null,
    environment: data.environment,
    eventCount: (document?.eventCount ?? 0) + 1,
    lastEventAt: data.occurredAt,
  }),
  initialState: () => null,
});
const store = getPostgreSQLEventStore(url, {
  projections: mode === 'projection' ? projections.inline([changes]) : [],
});
// The schema (and the projection's collection) is created by the first append: do it before the clock
// starts, with an event the projection handles. Concurrent first appends race to create it and fail.
await store.appendToStream('change-warm-up', [
  { type: 'ChangeEventRecorded', data: { ...events[0], changeId: 'warm-up' } },
]);

const cpuStart = process.cpuUsage();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      const item = work[next++];
      if (item === undefined) return;
      await store.appendToStream(
        `change-${item.changeId}`,
        item.events.map((data) => ({ type: 'ChangeEventRecorded', data })),
      );
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
await store.close();
const status = readFileSync('/proc/self/status', 'utf8');
console.log(
  JSON.stringify({
    events: events.length,
    seconds,
    eventsPerSecond: events.length / seconds,
    cpuMicrosPerEvent: Math.round((cpu.user + cpu.system) / events.length),
    peakRssMiB: Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024),
  }),
);
