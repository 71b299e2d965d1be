import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { EventStore } from '../../../event-store/event-store';
import { ALERT_EVENT_RECORDED } from '../../domain/alert-stream';
import { AlertsProjection } from '../../infrastructure/alerts.projection';
import { RebuildAlertsCommand, type AlertsRebuildResult } from './rebuild-alerts.command';

const PAGE = 5_000;

/** Under the append lock, in one transaction (see RebuildChangeTimelineHandler). */
@CommandHandler(RebuildAlertsCommand)
export class RebuildAlertsHandler implements ICommandHandler<RebuildAlertsCommand, AlertsRebuildResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
    private readonly alerts: AlertsProjection,
  ) {}

  async execute(): Promise<AlertsRebuildResult> {
    const started = Date.now();
    return this.dataSource.transaction(async (tx) => {
      await this.store.holdAppends(tx);
      await tx.query(`DELETE FROM alerts`);
      let after = 0n;
      let events = 0;
      for (;;) {
        const page = await this.store.readInTransaction(tx, { types: [ALERT_EVENT_RECORDED] }, after, PAGE);
        const last = page[page.length - 1];
        if (last === undefined) break;
        await this.alerts.apply(tx, page);
        events += page.length;
        after = last.position;
      }
      const counted = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM alerts`);
      return { events, alerts: counted[0]?.n ?? 0, millis: Date.now() - started };
    });
  }
}
