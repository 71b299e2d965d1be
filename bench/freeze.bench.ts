// `npm run bench:freeze`: `POST /v1/freeze/evaluate` over HTTP against the service as deployed (its own
// process, embedded mode: in-process transport, a real PostgreSQL) with 1,000 freeze windows declared
// through the API, at a fixed rate (autocannon), and the in-process cost of evaluate() on the same windows
// and the same kind of requests. Results are written to bench/results/freeze.{json,md}; nothing is
// asserted.
//
// BENCH_FREEZE_SECONDS (60) and BENCH_FREEZE_RATE (2000 requests/s) size the HTTP run, after
// BENCH_FREEZE_WARMUP_SECONDS (10) at the same rate; then GET /health/live at that rate for
// BENCH_FREEZE_FLOOR_SECONDS (20), and evaluate again for BENCH_FREEZE_SUSTAINED_SECONDS (30) at
// BENCH_FREEZE_SUSTAINED_RATE (400/s, a rate one process keeps up with here), and a bare node:http server
// at the full rate for the floor seconds (the machine floor). BENCH_FREEZE_CONNECTIONS (4)
// is the number of autocannon connections; BENCH_FREEZE_WINDOWS (1000) the windows declared; BENCH_FREEZE_ROUNDS (5) ×
// BENCH_FREEZE_CALLS (20000) the in-process calls. DATABASE_URL: use that PostgreSQL instead of an
// embedded one.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Table from 'cli-table3';
import { Client } from 'pg';
import { evaluate } from '../src/freeze/domain/evaluator';
import type { FreezeWindow } from '../src/freeze/domain/freeze-window';
import { matchesScope } from '../src/freeze/domain/scope';
import { indexFreezeWindows } from '../src/freeze/domain/window-index';
import { fromStoredWindow, type StoredFreezeWindow } from '../src/freeze/infrastructure/freeze-window-writer';
import {
  generateEvaluateRequests,
  generateFreezeWindows,
  generateLifecycle,
  type EvaluateBody,
} from './support/freeze-workload';
import { machine, startBenchDatabase } from './support/infra';
import { machineTicks } from './support/machine-load';
import { freePort, startBareHttpServer, startBenchService, type BenchService } from './support/service';

const ROOT = path.resolve(__dirname, '../..');
const SECONDS = positive('BENCH_FREEZE_SECONDS', 60);
const RATE = positive('BENCH_FREEZE_RATE', 2_000);
const WARMUP_SECONDS = positive('BENCH_FREEZE_WARMUP_SECONDS', 10);
const CONNECTIONS = positive('BENCH_FREEZE_CONNECTIONS', 4);
const FLOOR_SECONDS = positive('BENCH_FREEZE_FLOOR_SECONDS', 20);
/** A rate one service process on this machine keeps up with: the latency without a queue in front of it. */
const SUSTAINED_RATE = positive('BENCH_FREEZE_SUSTAINED_RATE', 400);
const SUSTAINED_SECONDS = positive('BENCH_FREEZE_SUSTAINED_SECONDS', 30);
const WINDOWS = positive('BENCH_FREEZE_WINDOWS', 1_000);
const ROUNDS = positive('BENCH_FREEZE_ROUNDS', 5);
const CALLS = positive('BENCH_FREEZE_CALLS', 20_000);
const TARGET_P99_MS = 2;

const ADMIN_KEY = 'bench-admin-key';
const PUBLISHER_KEY = 'bench-publisher-key';

function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const database = await startBenchDatabase(await freePort());
  let service: BenchService | undefined;
  try {
    service = await startBenchService({
      DATABASE_URL: database.databaseUrl,
      API_KEYS: JSON.stringify([
        { key: ADMIN_KEY, roles: ['admin'], name: 'bench-admin' },
        { key: PUBLISHER_KEY, roles: ['publisher'], sources: ['bench'], name: 'bench-publisher' },
      ]),
      // The service's own logging and tracing must not be what is measured.
      LOG_LEVEL: 'warn',
      OTEL_SDK_DISABLED: 'true',
    });
    const now = Date.now();
    console.log(`declaring ${WINDOWS} freeze windows over HTTP...`);
    const setup = await declareWindows(service.baseUrl, now);
    console.log(
      `declared in ${setup.seconds.toFixed(1)} s; lifted ${setup.lifted}, cancelled ${setup.cancelled}`,
    );
    const windows = await storedWindows(database.databaseUrl);
    if (windows.length !== WINDOWS) throw new Error(`the read model holds ${windows.length} windows`);
    const agreement = await compareWithService(service.baseUrl, windows, now);
    console.log(`HTTP and in-process answers agree on ${agreement.agreed}/${agreement.compared} requests`);

    console.log(`warming up: ${WARMUP_SECONDS} s at ${RATE} requests/s...`);
    await load(
      service,
      evaluateRequests(generateEvaluateRequests(now, Math.ceil(RATE * WARMUP_SECONDS * 1.2), 4)),
      WARMUP_SECONDS,
    );
    console.log(`measuring: ${SECONDS} s at ${RATE} requests/s over ${CONNECTIONS} connections...`);
    const http = await load(
      service,
      evaluateRequests(generateEvaluateRequests(now, Math.ceil(RATE * SECONDS * 1.2), 5)),
      SECONDS,
    );
    console.log(
      `HTTP: p50 ${http.latencyMs.p50.toFixed(2)} ms, p99 ${http.latencyMs.p99.toFixed(2)} ms, ` +
        `${http.non2xx} non-2xx, ${http.socketErrors} socket errors`,
    );
    // The same load on the cheapest route: what the framework and this machine cost without any freeze logic.
    const floorSeconds = Math.min(SECONDS, FLOOR_SECONDS);
    console.log(`floor: GET /health/live, ${floorSeconds} s at ${RATE} requests/s...`);
    const floor = await load(service, [{ method: 'GET', path: '/health/live' }], floorSeconds);
    console.log(`sustained: ${SUSTAINED_SECONDS} s at ${SUSTAINED_RATE} requests/s...`);
    const sustained = await load(
      service,
      evaluateRequests(generateEvaluateRequests(now, Math.ceil(SUSTAINED_RATE * SUSTAINED_SECONDS * 1.2), 6)),
      SUSTAINED_SECONDS,
      SUSTAINED_RATE,
    );
    await service.stop();
    service = undefined;
    // Nothing but node:http on the same load: what this machine and the load generator cost by themselves.
    console.log(`machine floor: bare node:http, ${floorSeconds} s at ${RATE} requests/s...`);
    const bare = await startBareHttpServer();
    const machineFloor = await load(bare, [{ method: 'POST', path: '/', body: '{}' }], floorSeconds).finally(
      () => bare.stop(),
    );

    console.log(`in process: ${ROUNDS} rounds of ${CALLS} evaluate() calls...`);
    const inProcess = measureInProcess(windows);
    const result = {
      benchmark: 'freeze',
      date: new Date().toISOString(),
      machine: { ...machine(), postgres: database.postgres },
      setup: { ...setup, workload: inProcess.workload, agreement },
      http: { ...http, warmupSeconds: WARMUP_SECONDS },
      httpFloor: floor,
      httpSustained: sustained,
      machineFloor,
      inProcess: inProcess.timing,
      targets: { httpP99Ms: TARGET_P99_MS },
      met: http.latencyMs.p99 <= TARGET_P99_MS && http.non2xx === 0 && http.socketErrors === 0,
    };
    writeFileSync(path.join(ROOT, 'bench/results/freeze.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(ROOT, 'bench/results/freeze.md'), markdown(result));
    console.log(table(result));
    console.log(markdown(result));
  } finally {
    await service?.stop();
    await database.stop();
  }
}

// ---------------------------------------------------------------------------------------------------
// Setup: the windows, declared, lifted and cancelled through the API as an admin would

async function api(baseUrl: string, method: string, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

async function declareWindows(
  baseUrl: string,
  now: number,
): Promise<{ windows: number; seconds: number; lifted: number; cancelled: number }> {
  const definitions = generateFreezeWindows(now, WINDOWS);
  const ids: string[] = new Array<string>(definitions.length);
  const started = performance.now();
  let next = 0;
  // A few admins at once; the store serialises the appends anyway.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = next++; i < definitions.length; i = next++) {
        const created = (await api(baseUrl, 'POST', '/v1/freeze-windows', definitions[i])) as { id: string };
        ids[i] = created.id;
      }
    }),
  );
  const { lift, cancel } = generateLifecycle(definitions, now);
  for (const i of lift) {
    await api(baseUrl, 'POST', `/v1/freeze-windows/${ids[i] ?? ''}/lift`, { reason: 'incident resolved' });
  }
  for (const i of cancel) {
    await api(
      baseUrl,
      'DELETE',
      `/v1/freeze-windows/${ids[i] ?? ''}?reason=${encodeURIComponent('plan changed')}`,
    );
  }
  return {
    windows: definitions.length,
    seconds: (performance.now() - started) / 1000,
    lifted: lift.length,
    cancelled: cancel.length,
  };
}

/** The windows as the service's registry loads them (the read model), listed and indexed the same way. */
async function storedWindows(databaseUrl: string): Promise<readonly FreezeWindow[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ state: string }>(
      `SELECT window_state::text AS state FROM freeze_windows ORDER BY id`,
    );
    return indexFreezeWindows(
      rows.rows.map((r) => fromStoredWindow(JSON.parse(r.state) as StoredFreezeWindow)),
    );
  } finally {
    await client.end();
  }
}

interface EvaluateResponse {
  decision: string;
  windows: { id: string }[];
  allowedAfter?: string;
}

/** Both sides measure the same thing: the service answers as evaluate() on the stored windows does. */
async function compareWithService(
  baseUrl: string,
  windows: readonly FreezeWindow[],
  now: number,
): Promise<{ compared: number; agreed: number }> {
  // Only requests with an explicit instant: "now" moves between the two answers.
  const requests = generateEvaluateRequests(now, 600, 6)
    .filter((r) => r.at !== undefined)
    .slice(0, 200);
  let agreed = 0;
  for (const request of requests) {
    const response = await fetch(`${baseUrl}/v1/freeze/evaluate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PUBLISHER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const served = (await response.json()) as EvaluateResponse;
    const { at, ...change } = request;
    const local = evaluate(windows, change, new Date(at ?? now));
    const same =
      served.decision === local.decision &&
      served.allowedAfter === local.allowedAfter?.toISOString() &&
      served.windows.map((w) => w.id).join() === local.windows.map((w) => w.id).join();
    if (same) agreed += 1;
  }
  return { compared: requests.length, agreed };
}

// ---------------------------------------------------------------------------------------------------
// HTTP: autocannon at a fixed overall rate

interface HttpResult {
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
  readonly responses: number;
  readonly achievedRate: number;
  readonly latencyMs: Percentiles;
  readonly non2xx: number;
  readonly socketErrors: number;
  readonly timeouts: number;
  /** CPU time of the service process per response. */
  readonly serviceCpuMicrosPerRequest: number;
  /** CPU time of autocannon (this process) per response: it shares the machine with the service. */
  readonly loadGeneratorCpuMicrosPerRequest: number;
  /** Share of the machine's CPU time in use during the run, all processes (the machine is shared). */
  readonly machineBusyPercent: number;
  /** Share of the machine's CPU time its hypervisor gave to other guests while this one was ready to run. */
  readonly machineStealPercent: number;
  readonly loadAverage: number;
}

interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

function percentiles(values: Float64Array | number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sum / sorted.length,
  };
}

/** `POST /v1/freeze/evaluate`, every request with its own body: services, kinds and instants vary. */
function evaluateRequests(bodies: readonly EvaluateBody[]): autocannon.Request[] {
  const payloads = bodies.map((b) => JSON.stringify(b));
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/v1/freeze/evaluate',
      headers: { authorization: `Bearer ${PUBLISHER_KEY}`, 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: payloads[next++ % payloads.length] ?? '{}' }),
    },
  ];
}

async function load(
  service: BenchService,
  requests: autocannon.Request[],
  seconds: number,
  rate = RATE,
): Promise<HttpResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  const cpuBefore = service.cpuMicros();
  const loaderCpuBefore = process.cpuUsage();
  const ticksBefore = machineTicks();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: service.baseUrl,
        connections: CONNECTIONS,
        overallRate: rate,
        duration: seconds,
        requests,
      },
      (error: unknown, done: autocannon.Result) => {
        if (error instanceof Error) reject(error);
        else if (error !== null && error !== undefined) reject(new Error('autocannon failed'));
        else resolve(done);
      },
    );
    // autocannon's own histogram keeps whole milliseconds; these are exact (hrtime, send to last byte).
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx += 1;
    });
  });
  const ticksAfter = machineTicks();
  const loaderCpu = process.cpuUsage(loaderCpuBefore);
  const responses = latencies.length;
  return {
    rate,
    seconds,
    connections: CONNECTIONS,
    responses,
    achievedRate: responses / seconds,
    latencyMs: percentiles(latencies),
    non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    serviceCpuMicrosPerRequest: Math.round((service.cpuMicros() - cpuBefore) / Math.max(1, responses)),
    loadGeneratorCpuMicrosPerRequest: Math.round(
      (loaderCpu.user + loaderCpu.system) / Math.max(1, responses),
    ),
    machineBusyPercent: Math.round(
      (100 * (ticksAfter.busy - ticksBefore.busy)) / Math.max(1, ticksAfter.total - ticksBefore.total),
    ),
    machineStealPercent: Math.round(
      (100 * (ticksAfter.steal - ticksBefore.steal)) / Math.max(1, ticksAfter.total - ticksBefore.total),
    ),
    loadAverage: Number((os.loadavg()[0] ?? 0).toFixed(1)),
  };
}

// ---------------------------------------------------------------------------------------------------
// In process: evaluate() per call, on the same windows

interface InProcessTiming {
  readonly rounds: number;
  readonly callsPerRound: number;
  /** Wall-clock time per call: the best and the median round (other work on the machine only adds time). */
  readonly wallMicros: { readonly best: Percentiles; readonly median: Percentiles };
  /** CPU time per call (process CPU clock, ~1 µs resolution and ~1 µs of its own). */
  readonly cpuMicros: { readonly best: Percentiles; readonly median: Percentiles };
}

interface Workload {
  readonly matchingWindows: { readonly mean: number; readonly p50: number; readonly p90: number };
  readonly decisions: Record<string, number>;
  readonly withAllowedAfterPercent: number;
  readonly atOmittedPercent: number;
}

function measureInProcess(windows: readonly FreezeWindow[]): { timing: InProcessTiming; workload: Workload } {
  const now = Date.now();
  const run = (requests: readonly EvaluateBody[]) => {
    const wall = new Float64Array(requests.length);
    const cpu = new Float64Array(requests.length);
    const decisions: Record<string, number> = {};
    let withAllowedAfter = 0;
    requests.forEach(({ at, ...change }, i) => {
      const when = at === undefined ? new Date() : new Date(at);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = evaluate(windows, change, when);
      wall[i] = (performance.now() - t0) * 1000;
      const cpu1 = process.cpuUsage(cpu0);
      cpu[i] = cpu1.user + cpu1.system;
      decisions[result.decision] = (decisions[result.decision] ?? 0) + 1;
      if (result.allowedAfter !== undefined) withAllowedAfter += 1;
    });
    return { wall: percentiles(wall), cpu: percentiles(cpu), decisions, withAllowedAfter };
  };
  run(generateEvaluateRequests(now, CALLS, 99)); // warm-up: JIT and the schedules' remembered answers
  const rounds = Array.from({ length: ROUNDS }, (_, round) =>
    run(generateEvaluateRequests(now, CALLS, 100 + round)),
  );
  const pick = (key: 'wall' | 'cpu') => {
    const byP99 = rounds.map((r) => r[key]).sort((a, b) => a.p99 - b.p99);
    return { best: byP99[0] as Percentiles, median: byP99[Math.floor(byP99.length / 2)] as Percentiles };
  };
  const sample = generateEvaluateRequests(now, 5_000, 100);
  const matching = sample.map((r) => windows.filter((w) => !w.cancelled && matchesScope(w.scope, r)).length);
  const matchingStats = percentiles(matching);
  const first = rounds[0];
  const total = CALLS;
  return {
    timing: { rounds: ROUNDS, callsPerRound: CALLS, wallMicros: pick('wall'), cpuMicros: pick('cpu') },
    workload: {
      matchingWindows: {
        mean: Number(matchingStats.mean.toFixed(1)),
        p50: matchingStats.p50,
        p90: matchingStats.p90,
      },
      decisions: Object.fromEntries(
        Object.entries(first?.decisions ?? {}).map(([d, n]) => [d, Number(((100 * n) / total).toFixed(1))]),
      ),
      withAllowedAfterPercent: Number(((100 * (first?.withAllowedAfter ?? 0)) / total).toFixed(1)),
      atOmittedPercent: Number(
        ((100 * sample.filter((r) => r.at === undefined).length) / sample.length).toFixed(1),
      ),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Reporting

interface Result {
  date: string;
  machine: Record<string, string | number>;
  setup: {
    windows: number;
    seconds: number;
    lifted: number;
    cancelled: number;
    workload: Workload;
    agreement: { compared: number; agreed: number };
  };
  http: HttpResult & { warmupSeconds: number };
  httpFloor: HttpResult;
  httpSustained: HttpResult;
  machineFloor: HttpResult;
  inProcess: InProcessTiming;
  met: boolean;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;
const us = (v: number) => `${Math.round(v)} µs`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

function rows(r: Result): string[][] {
  const h = r.http;
  const f = r.httpFloor;
  const u = r.httpSustained;
  const m = r.machineFloor;
  const w = r.inProcess.wallMicros;
  const c = r.inProcess.cpuMicros;
  return [
    [
      `HTTP, ${count(h.rate)} req/s for ${h.seconds} s (autocannon, ${h.connections} connections)`,
      `**${ms(h.latencyMs.p50)}**`,
      `**${ms(h.latencyMs.p99)}**`,
      ms(h.latencyMs.p999),
      ms(h.latencyMs.max),
      `${count(h.non2xx)} non-2xx, ${count(h.socketErrors)} socket errors`,
    ],
    [
      `for reference: \`GET /health/live\`, same load for ${f.seconds} s (framework and machine, no freeze logic)`,
      ms(f.latencyMs.p50),
      ms(f.latencyMs.p99),
      ms(f.latencyMs.p999),
      ms(f.latencyMs.max),
      `${count(f.non2xx)} non-2xx, ${count(f.socketErrors)} socket errors`,
    ],
    [
      `for reference: bare \`node:http\` (no framework, no logic), same load for ${m.seconds} s: this machine's floor`,
      ms(m.latencyMs.p50),
      ms(m.latencyMs.p99),
      ms(m.latencyMs.p999),
      ms(m.latencyMs.max),
      `${count(m.non2xx)} non-2xx, ${count(m.socketErrors)} socket errors`,
    ],
    [
      `HTTP, ${count(u.rate)} req/s for ${u.seconds} s (a rate one process here keeps up with; ${count(u.achievedRate)}/s achieved)`,
      ms(u.latencyMs.p50),
      ms(u.latencyMs.p99),
      ms(u.latencyMs.p999),
      ms(u.latencyMs.max),
      `${count(u.non2xx)} non-2xx, ${count(u.socketErrors)} socket errors`,
    ],
    [
      `in process: evaluate() wall time per call (best of ${r.inProcess.rounds} rounds of ${count(r.inProcess.callsPerRound)})`,
      `**${us(w.best.p50)}**`,
      `**${us(w.best.p99)}**`,
      us(w.best.p999),
      us(w.best.max),
      '',
    ],
    [
      'in process: evaluate() wall time per call (median round)',
      us(w.median.p50),
      us(w.median.p99),
      us(w.median.p999),
      us(w.median.max),
      '',
    ],
    [
      'in process: evaluate() CPU time per call (median round)',
      us(c.median.p50),
      us(c.median.p99),
      us(c.median.p999),
      us(c.median.max),
      '',
    ],
  ];
}

function table(r: Result): string {
  const t = new Table({
    head: [
      `POST /v1/freeze/evaluate, ${count(r.setup.windows)} windows`,
      'p50',
      'p99',
      'p99.9',
      'max',
      'errors',
    ],
  });
  for (const row of rows(r)) t.push(row.map((cell) => cell.replace(/\*\*/g, '')));
  return t.toString();
}

function markdown(r: Result): string {
  const h = r.http;
  const wl = r.setup.workload;
  const decisions = Object.entries(wl.decisions)
    .map(([d, p]) => `${d} ${p}%`)
    .join(', ');
  return [
    `| \`POST /v1/freeze/evaluate\`, ${count(r.setup.windows)} windows | p50 | p99 | p99.9 | max | errors |`,
    '|---|---:|---:|---:|---:|---|',
    ...rows(r).map((row) => `| ${row.join(' | ')} |`),
    '',
    `Target p99 ≤ ${TARGET_P99_MS} ms over HTTP: **${r.met ? 'met' : 'not met'}**; on this machine a bare \`node:http\` ` +
      `server under the same load has p99 ${ms(r.machineFloor.latencyMs.p99)}. ` +
      `${count(h.responses)} responses (${count(h.achievedRate)}/s achieved), after a ${h.warmupSeconds} s warm-up at the same rate; ` +
      `service CPU ${h.serviceCpuMicrosPerRequest} µs per request (\`GET /health/live\`: ${r.httpFloor.serviceCpuMicrosPerRequest} µs, ` +
      `${count(r.httpFloor.achievedRate)}/s achieved), autocannon ${h.loadGeneratorCpuMicrosPerRequest} µs; the machine was ` +
      `${h.machineBusyPercent}% busy during the run (load average ${h.loadAverage}, shared with other work), and its ` +
      `hypervisor held back ${h.machineStealPercent}% of its CPU time (steal; the bare \`node:http\` run: ` +
      `${r.machineFloor.machineStealPercent}%).`,
    '',
    `Windows: ${count(r.setup.windows)} declared over HTTP in ${r.setup.seconds.toFixed(1)} s (recurring in 12 time zones and one-off; ` +
      `deny and allow; scopes by service glob, team, tier, environment, region and kind), ${r.setup.lifted} then lifted and ` +
      `${r.setup.cancelled} cancelled. A request matches ${wl.matchingWindows.mean} windows on average (p50 ${wl.matchingWindows.p50}, ` +
      `p90 ${wl.matchingWindows.p90}). Requests: ${wl.atOmittedPercent}% ask about now, the rest about instants near now, on ` +
      `daylight-saving days and across a year; decisions ${decisions}; ${wl.withAllowedAfterPercent}% carry \`allowedAfter\`.`,
    '',
    `Machine: ${String(r.machine['cpu'])}, ${String(r.machine['cores'])} cores, ${String(r.machine['memoryGiB'])} GiB, ` +
      `${String(r.machine['os'])}, Node ${String(r.machine['node'])}, PostgreSQL ${String(r.machine['postgres'])}. ${r.date}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
