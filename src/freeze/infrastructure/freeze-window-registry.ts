import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { FreezeWindow } from '../domain/freeze-window';
import { indexFreezeWindows } from '../domain/window-index';
import { FREEZE_WINDOWS_CHANNEL, fromStoredWindow, type StoredFreezeWindow } from './freeze-window-writer';

interface LoadedWindow {
  /** The stored JSON the window was read from. */
  readonly state: string;
  readonly window: FreezeWindow;
}

/**
 * Every instance keeps all freeze windows in memory, so evaluation never waits on the database. The
 * set is reloaded whenever any instance writes a window (LISTEN/NOTIFY), and on a timer as a backstop
 * for a dropped listener connection.
 */
@Injectable()
export class FreezeWindowRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FreezeWindowRegistry.name);
  private windows: readonly FreezeWindow[] = indexFreezeWindows([]);
  /** The windows of the last load with their stored JSON, by id. */
  private loaded = new Map<string, LoadedWindow>();
  private listener: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The current windows, cancelled ones included (the evaluator ignores them). The list is frozen and
   * indexed by scope: `evaluate` given this list looks only at the windows that can match the change.
   */
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

  /**
   * Loads the windows and indexes them by scope for the evaluator. A window whose stored state has not
   * changed since the last load is kept as the same object: the schedule code remembers its answers per
   * window, and a reload happens on every write anywhere and every 30 seconds.
   */
  private async load(): Promise<void> {
    try {
      const rows = await this.dataSource.query<{ id: string; state: string }[]>(
        `SELECT id, window_state::text AS state FROM freeze_windows ORDER BY id`,
      );
      const loaded = new Map<string, LoadedWindow>();
      const windows = rows.map(({ id, state }) => {
        const known = this.loaded.get(id);
        const window =
          known !== undefined && known.state === state
            ? known.window
            : fromStoredWindow(JSON.parse(state) as StoredFreezeWindow);
        loaded.set(id, { state, window });
        return window;
      });
      // Nothing changed (the periodic reload, mostly): keep the list, its index and what the index learnt.
      const unchanged =
        windows.length === this.windows.length && windows.every((window, i) => window === this.windows[i]);
      if (!unchanged) this.windows = indexFreezeWindows(windows);
      this.loaded = loaded;
    } catch (error) {
      this.logger.error(
        `could not reload freeze windows: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
