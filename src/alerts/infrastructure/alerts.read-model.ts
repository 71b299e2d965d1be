import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EventStore } from '../../event-store/event-store';
import type { AlertEvent } from '../domain/alert-event';
import type { AlertState } from '../domain/alert-state';
import { ALERT_STREAM, alertStreamNamespace } from '../domain/alert-stream';

/** An alert instance as reviewers see it. */
export interface AlertView {
  readonly key: string;
  readonly fingerprint: string;
  readonly source: string;
  readonly status: 'firing' | 'resolved';
  readonly name: string;
  readonly severity: string;
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly alert: AlertEvent;
}

export interface AlertPage {
  readonly items: readonly AlertView[];
}

export interface AlertFilter {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly service?: string | undefined;
  readonly environment?: string | undefined;
  readonly status?: 'firing' | 'resolved' | undefined;
}

export function toAlertView(state: AlertState): AlertView {
  return {
    key: state.key,
    fingerprint: state.alert.fingerprint,
    source: state.alert.source,
    status: state.status,
    name: state.alert.name,
    severity: state.alert.severity,
    service: state.alert.service ?? null,
    environment: state.alert.environment,
    region: state.alert.region ?? null,
    startsAt: new Date(state.startsAt).toISOString(),
    endsAt: state.endsAt === undefined ? null : new Date(state.endsAt).toISOString(),
    alert: state.alert,
  };
}

@Injectable()
export class AlertsReadModel {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
  ) {}

  async list(filter: AlertFilter, limit: number): Promise<AlertPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.from !== undefined) where.push(`starts_at >= ${bind(filter.from.toISOString())}`);
    if (filter.to !== undefined) where.push(`starts_at < ${bind(filter.to.toISOString())}`);
    if (filter.service !== undefined) where.push(`service = ${bind(filter.service)}`);
    if (filter.environment !== undefined) where.push(`environment = ${bind(filter.environment)}`);
    if (filter.status !== undefined) where.push(`status = ${bind(filter.status)}`);
    const rows = await this.dataSource.query<{ alert_state: AlertState }[]>(
      `SELECT alert_state FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY starts_at DESC, alert_key DESC LIMIT ${bind(limit)}`,
      params,
    );
    return { items: rows.map((r) => toAlertView(r.alert_state)) };
  }

  /** An alert instance by its key, or the latest instance of a fingerprint. */
  async find(id: string): Promise<AlertState | undefined> {
    const rows = await this.dataSource.query<{ alert_state: AlertState }[]>(
      `(SELECT alert_state, starts_at FROM alerts WHERE alert_key = $1)
       UNION ALL
       (SELECT alert_state, starts_at FROM alerts WHERE fingerprint = $1 ORDER BY starts_at DESC LIMIT 1)
       LIMIT 1`,
      [id],
    );
    return rows[0]?.alert_state;
  }

  /** Every instance of these fingerprints of one source (for formats whose notifications omit the start). */
  async instancesOf(source: string, fingerprints: readonly string[]): Promise<AlertState[]> {
    if (fingerprints.length === 0) return [];
    const rows = await this.dataSource.query<{ alert_state: AlertState }[]>(
      `SELECT alert_state FROM alerts WHERE source = $1 AND fingerprint = ANY($2) ORDER BY starts_at`,
      [source, [...new Set(fingerprints)]],
    );
    return rows.map((r) => r.alert_state);
  }

  /** Alert instances that started in [from, to] (epoch ms), oldest first: one environment or all, one status or any. */
  async startedBetween(
    from: number,
    to: number,
    filter: { readonly environment?: string | undefined; readonly status?: 'firing' | 'resolved' },
    limit: number,
  ): Promise<AlertState[]> {
    const rows = await this.dataSource.query<{ alert_state: AlertState }[]>(
      `SELECT alert_state FROM alerts
        WHERE ($1::text IS NULL OR environment = $1) AND ($2::text IS NULL OR status = $2)
          AND starts_at BETWEEN $3 AND $4
        ORDER BY starts_at LIMIT $5`,
      [
        filter.environment ?? null,
        filter.status ?? null,
        new Date(from).toISOString(),
        new Date(to).toISOString(),
        limit,
      ],
    );
    return rows.map((r) => r.alert_state);
  }

  /** The services that had an alert start in [from, to] (epoch ms) in one environment. */
  async servicesAlertedBetween(from: number, to: number, environment: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ service: string }[]>(
      `SELECT DISTINCT service FROM alerts
        WHERE environment = $1 AND starts_at BETWEEN $2 AND $3 AND service IS NOT NULL`,
      [environment, new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return rows.map((r) => r.service);
  }

  /** By instance key, or the latest instance of a fingerprint; with every notification stored for it. */
  async get(id: string): Promise<(AlertView & { events: readonly unknown[] }) | undefined> {
    const state = await this.find(id);
    if (state === undefined) return undefined;
    const events = await this.store.readStream(ALERT_STREAM, alertStreamNamespace(state.key), state.key);
    return {
      ...toAlertView(state),
      events: events.map((e) => ({
        type: e.type,
        position: e.position.toString(),
        recordedAt: e.recordedAt.toISOString(),
        metadata: e.metadata,
        data: e.data,
      })),
    };
  }
}
