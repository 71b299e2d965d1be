import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { processCpuMicros } from './service';

/**
 * CPU time of the PostgreSQL backends serving one database over a window, from /proc (the server must run
 * on this machine). Backends come and go with the clients' pools, so they are sampled while the window is
 * open: one already running when it opened counts from its CPU then, one started later from zero. A
 * backend that exits between two samples loses its last interval (the pools here keep theirs open).
 */
export class PostgresCpu {
  private readonly baseline = new Map<number, number>();
  private readonly latest = new Map<number, number>();
  private readonly openedAt = new Date();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: Client,
    private readonly database: string,
    /** False when the server's processes are not visible here (another machine or container). */
    readonly visible: boolean,
  ) {}

  /** Opens the window on the database of `databaseUrl`, sampling every `intervalMs`. */
  static async open(databaseUrl: string, intervalMs = 500): Promise<PostgresCpu> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const own = await client.query<{ pid: number; db: string }>(
      'SELECT pg_backend_pid() AS pid, current_database() AS db',
    );
    const row = own.rows[0];
    const visible = row !== undefined && readdirSync('/proc').includes(String(row.pid));
    const cpu = new PostgresCpu(client, row?.db ?? '', visible);
    await cpu.sample(true);
    cpu.timer = setInterval(() => {
      cpu.sampling = cpu.sampling.then(() => cpu.sample(false)).catch(() => undefined);
    }, intervalMs);
    return cpu;
  }

  private async sample(first: boolean): Promise<void> {
    if (!this.visible) return;
    const r = await this.client.query<{ pid: number; started: Date }>(
      `SELECT pid, backend_start AS started FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [this.database],
    );
    for (const { pid, started } of r.rows) {
      const now = processCpuMicros(pid);
      if (!this.baseline.has(pid)) this.baseline.set(pid, first || started < this.openedAt ? now : 0);
      this.latest.set(pid, now);
    }
  }

  /** Closes the window: the backends' CPU over it in µs, or null when they cannot be seen. */
  async close(): Promise<number | null> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    await this.client.end();
    if (!this.visible) return null;
    let total = 0;
    for (const [pid, now] of this.latest) total += now - (this.baseline.get(pid) ?? now);
    return total;
  }
}
