// Development aid (`npm run build && node dist/bench/diagnose-correlation.js`): every miss of the suspect
// ranking on the independent corpus's development seeds, with the cause's and the first suspect's factors
// side by side and a group naming the factors on which the cause lost; for a cause that was no candidate,
// how it relates to the alert in the topology and whether its service was alerting. Writes DIAGNOSE_OUT
// (default: correlation-misses.json in the temporary directory). Development seeds only: it refuses
// held-out ones, so looking at misses never spends a held-out set.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import type { AlertRanking, Suspect } from '../src/correlation/domain/ranking';
import { evaluateDataset } from './correlation/evaluate';
import { InMemoryCorrelationSource } from './correlation/source';
import {
  independentDatasetForSeed,
  independentWorldOptionsFromEnv,
} from './correlation-independent/generator';
import { independentSeeds } from './correlation-independent/seeds';
import type { Fault } from './correlation/scenarios';

const { seeds, set } = independentSeeds(process.env['EVAL_INDEPENDENT_SEEDS'], 'development');
if (set !== 'development') throw new Error(`development seeds only, not ${set}`);
const faults = Number(process.env['EVAL_FAULTS'] ?? 40);

const describe = (s: Suspect | undefined, alertAt: number) =>
  s === undefined
    ? undefined
    : {
        id: s.changeId,
        kind: s.change.kind,
        service: s.change.service ?? null,
        relation:
          s.relation.type === 'dependency' || s.relation.type === 'caller'
            ? `${s.relation.type}${s.relation.hops}`
            : s.relation.type,
        minutesBefore: Math.round((alertAt - s.exposureAt) / 6_000) / 10,
        phase: s.change.phase,
        rank: s.rank,
        likelihood: Number(s.likelihood.toPrecision(3)),
        factors: Object.fromEntries(s.factors.map((f) => [f.name, Number(f.weight.toPrecision(3))])),
        reasons: s.reasons,
      };

const misses: unknown[] = [];
let cases = 0;
for (const seed of seeds) {
  const dataset = independentDatasetForSeed(seed, faults, independentWorldOptionsFromEnv());
  const source = new InMemoryCorrelationSource(dataset, DEFAULT_CORRELATION_OPTIONS);
  const observe = (fault: Fault, ranking: AlertRanking, at: number) => {
    cases += 1;
    const top = ranking.suspects[0];
    if (top === undefined || top.change.changeId === fault.causeChangeId) return;
    const cause = ranking.suspects.find((s) => s.changeId === fault.causeChangeId);
    const alertAt = ranking.alert.startsAt;
    const t = describe(top, alertAt);
    const c = describe(cause, alertAt);
    const differs =
      c === undefined || t === undefined
        ? []
        : Object.keys(c.factors)
            .map((name) => ({ name, ratio: Math.log((c.factors[name] ?? 1) / (t.factors[name] ?? 1)) }))
            .filter((d) => Math.abs(d.ratio) > 0.01)
            .sort((a, b) => a.ratio - b.ratio)
            .map((d) => `${d.name}${d.ratio < 0 ? '-' : '+'}`);
    let outside: unknown;
    if (c === undefined) {
      const alert = ranking.alert;
      const context = source.alertsAround(at, 6 * 3_600_000);
      const change = source
        .changesBetween(alert.environment, alert.startsAt - 26 * 3_600_000, alert.startsAt + 600_000, at)
        .find((x) => x.changeId === fault.causeChangeId);
      const svc = change?.service;
      const g = source.graph;
      const alertingAfter = context
        .filter(
          (a) =>
            change !== undefined &&
            a.startsAt >= change.startedAt - 300_000 &&
            a.startsAt <= alert.startsAt + 600_000,
        )
        .map((a) => a.service ?? `(${a.name})`);
      outside = {
        known: change !== undefined,
        service: svc ?? null,
        kind: change?.kind,
        region: change?.region ?? null,
        alertRegion: alert.region ?? null,
        minutesBefore:
          change === undefined ? null : Math.round((alert.startsAt - change.startedAt) / 6_000) / 10,
        depHops:
          svc === undefined || alert.service === undefined
            ? null
            : (g.dependencies(alert.service, 8).get(svc)?.hops ?? null),
        callerHops:
          svc === undefined || alert.service === undefined
            ? null
            : (g.callers(alert.service, 8).get(svc)?.hops ?? null),
        inGraph: svc === undefined ? null : g.dependencies(svc, 1).size + g.directCallers(svc).length,
        originAlerting: svc !== undefined && alertingAfter.includes(svc),
        alertingAfter: [...new Set(alertingAfter)],
      };
    }
    misses.push({
      outside,
      seed,
      fault: fault.id,
      type: fault.type,
      confounders: fault.confounders,
      alert: { service: ranking.alert.service ?? null, name: ranking.alert.name },
      candidates: ranking.suspects.length,
      group:
        c === undefined
          ? 'cause not a candidate'
          : `cause ${c.kind}/${c.relation} vs top ${t?.kind}/${t?.relation}; worse on ${differs.filter((d) => d.endsWith('-')).join(',')}`,
      top: t,
      cause: c,
    });
  };
  evaluateDataset(dataset, source, DEFAULT_CORRELATION_OPTIONS, observe);
}
const out = process.env['DIAGNOSE_OUT'] ?? path.join(tmpdir(), 'correlation-misses.json');
writeFileSync(out, `${JSON.stringify(misses, null, 1)}\n`);
console.log(`${misses.length} misses of ${cases} cases: ${out}`);
