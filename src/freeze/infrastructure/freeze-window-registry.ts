import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { FreezeWindow } from '../domain/freeze-window';
import { FREEZE_WINDOWS_CHANNEL, fromStoredWindow, type StoredFreezeWindow } from './freeze-window-writer';

/**
 * Every instance keeps all freeze windows in memory, so evaluation never waits on the database. The
 * set is reloaded whenever any instance writes a window (LISTEN/NOTIFY), and on a timer as a backstop
 * for a dropped listener connection.
 */
@Injectable()
export class FreezeWindowRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FreezeWindowRegistry.name);
  private windows: readonly FreezeWindow[] = [];
  private listener: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly dataSource: DataSource) {}

  /** The current windows, cancelled ones included (the evaluator ignores them). */
  all(): readonly FreezeWindow[] {
    return this.windows;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    const { url } = this.dataSource.options as PostgresConnectionOptions;
    this.listener = new Client({ connectionString: url });
    this.listener.on('notification', () => {
      void this.reload();
    });
    this.listener.on('error', (error) => {
      this.logger.warn(`freeze window listener failed, relying on the periodic reload: ${error.message}`);
    });
    await this.listener.connect();
    await this.listener.query(`LISTEN ${FREEZE_WINDOWS_CHANNEL}`);
    this.timer = setInterval(() => {
      void this.reload();
    }, 30_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.end();
  }

  /**
   * Reloads from the read model. A call during a load asks for one more load after it, so a write
   * committed while the first query ran is never missed; callers share that work.
   */
  async reload(): Promise<void> {
    if (this.reloading !== undefined) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      this.again = false;
      await this.load();
      while (this.takeAgain()) await this.load();
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private takeAgain(): boolean {
    const again = this.again;
    this.again = false;
    return again;
  }

  private async load(): Promise<void> {
    try {
      const rows = await this.dataSource.query<{ window_state: StoredFreezeWindow }[]>(
        `SELECT window_state FROM freeze_windows ORDER BY id`,
      );
      this.windows = rows.map((r) => fromStoredWindow(r.window_state));
    } catch (error) {
      this.logger.error(
        `could not reload freeze windows: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
