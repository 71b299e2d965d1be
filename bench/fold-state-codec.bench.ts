// The stored fold state's codec against the layout before it (JSON.stringify of the ChangeState), on the
// fold states of bench:store's events (generateChangeEvents, seed 7): CPU per state to encode, and to parse
// and decode what the driver reads back, five repetitions each, and the average encoded length.
// Run: `node -r @swc-node/register bench/fold-state-codec.bench.ts` (BENCH_EVENTS, default 50,000).
import { applyChangeEvent, type ChangeState } from '../src/changes/domain/change-state';
import { decodeFoldState, encodeFoldState } from '../src/changes/infrastructure/fold-state-codec';
import { generateChangeEvents } from './generators/change-events';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 50_000);

function main(): void {
  const byChange = new Map<string, ChangeState>();
  for (const event of generateChangeEvents(EVENTS, 7, 'bench'))
    byChange.set(event.changeId, applyChangeEvent(byChange.get(event.changeId), event));
  const states = [...byChange.values()];
  const legacyText = states.map((s) => JSON.stringify(s));
  const compactText = states.map(encodeFoldState);
  let sink = 0;
  const time = (label: string, run: () => void): void => {
    const micros: string[] = [];
    for (let repetition = 0; repetition < 5; repetition++) {
      const start = process.cpuUsage();
      run();
      const used = process.cpuUsage(start);
      micros.push(((used.user + used.system) / states.length).toFixed(1));
    }
    console.log(`${label}: ${micros.join(', ')} µs/state`);
  };
  time('encode, old layout (JSON.stringify)', () => {
    for (const s of states) sink += JSON.stringify(s).length;
  });
  time('encode, compact (encodeFoldState)', () => {
    for (const s of states) sink += encodeFoldState(s).length;
  });
  time('read back, old layout (JSON.parse)', () => {
    for (const text of legacyText) sink += (JSON.parse(text) as ChangeState).eventCount;
  });
  time('read back, compact (JSON.parse + decodeFoldState)', () => {
    for (const text of compactText) sink += decodeFoldState(JSON.parse(text)).eventCount;
  });
  const average = (texts: readonly string[]) =>
    Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length);
  // Uses the results (nothing encoded or read is a failed run).
  if (sink === 0) process.exitCode = 1;
  console.log(
    `${states.length} fold states of ${EVENTS} events: ${average(legacyText)} characters each in the old layout, ` +
      `${average(compactText)} compact`,
  );
}

main();
