import { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import { copyFieldText, copyInto, copyOutLines, copyRows } from '../../../src/database/copy-rows';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { createTestDatabase } from '../../support/database';

/**
 * copyInto streams COPY text in slices on the transaction's own connection. What the ingest path relies
 * on: rows from every slice land in order; a row PostgreSQL refuses surfaces as PostgreSQL's error (the
 * consumer isolates poison events by its SQLSTATE); a producer that fails half-way cancels the COPY, and
 * the connection is free for the rollback and the next transaction.
 */
describe('copyInto: streamed COPY within a transaction', () => {
  let drop: () => Promise<void>;
  let dataSource: DataSource;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const options = dataSourceOptions(db.url);
    if (options.type !== 'postgres') throw new Error('the service runs on PostgreSQL');
    // One connection: "usable again" below means the very connection that carried the failed COPY.
    dataSource = new DataSource({ ...options, extra: { ...(options.extra as object), max: 1 } });
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE copied (n integer PRIMARY KEY, label text NOT NULL, doc json NOT NULL)`,
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await drop();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE copied`);
  });

  const line = (n: number, label: string, doc: string): string => `${n}\t${label}\t${doc}\n`;
  const count = async (): Promise<number> =>
    Number((await dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM copied`))[0]?.n);

  it('writes the rows of every slice, in order, visible in the same transaction', async () => {
    const seen = await dataSource.transaction(async (tx) => {
      await copyInto(tx, 'copied', ['n', 'label', 'doc'], async (write) => {
        for (let slice = 0; slice < 5; slice++) {
          let lines = '';
          for (let i = 0; i < 300; i++) lines += line(slice * 300 + i, `row ${slice}/${i}`, `{"i":${i}}`);
          await write(lines);
        }
      });
      return tx.query<{ n: number; label: string }[]>(`SELECT n, label FROM copied ORDER BY n`);
    });
    expect(seen).toHaveLength(1_500);
    expect(seen[0]).toEqual({ n: 0, label: 'row 0/0' });
    expect(seen[1_499]).toEqual({ n: 1_499, label: 'row 4/299' });
    expect(await count()).toBe(1_500);
  });

  it('rejects with the PostgreSQL error (and its SQLSTATE) when a row is refused, and rolls back', async () => {
    const failure = dataSource.transaction(async (tx) => {
      await copyInto(tx, 'copied', ['n', 'label', 'doc'], async (write) => {
        await write(line(1, 'fine', '{}'));
        await write(line(2, 'bad json', '{not json'));
        // PostgreSQL may refuse the row while later slices are still being produced.
        for (let i = 3; i < 2_000; i += 100) await write(line(i, 'after', '{}'));
      });
    });
    await expect(failure).rejects.toMatchObject({ code: '22P02' });
    expect(await count()).toBe(0);
    // The connection is usable again (the pool holds just one).
    await dataSource.transaction((tx) => copyRows(tx, 'copied', ['n', 'label', 'doc'], [[7, 'next', '{}']]));
    expect(await count()).toBe(1);
  });

  it('cancels the COPY when the producer throws half-way, and the transaction rolls back cleanly', async () => {
    const failure = dataSource.transaction(async (tx) => {
      await copyInto(tx, 'copied', ['n', 'label', 'doc'], async (write) => {
        await write(line(1, 'written', '{}'));
        throw new Error('the producer failed');
      });
    });
    await expect(failure).rejects.toThrow('the producer failed');
    expect(await count()).toBe(0);
    await dataSource.transaction((tx) => copyRows(tx, 'copied', ['n', 'label', 'doc'], [[8, 'next', '{}']]));
    expect(await count()).toBe(1);
  });

  it('escapes tabs, newlines, carriage returns and backslashes in copyRows values', async () => {
    const label = 'tab\there\nnew line\rreturn \\ backslash';
    await dataSource.transaction((tx) =>
      copyRows(tx, 'copied', ['n', 'label', 'doc'], [[1, label, '{"s":"a\\tb"}']]),
    );
    const rows = await dataSource.query<{ label: string; doc: { s: string } }[]>(
      `SELECT label, doc FROM copied`,
    );
    expect(rows).toEqual([{ label, doc: { s: 'a\tb' } }]);
  });

  it('keeps a COPY larger than it may hold unsent going, in order, to the end', async () => {
    // 40,000 rows of ~1 KiB in writes of 2 MiB: the producer outruns the server and must wait for it.
    const padding = 'x'.repeat(1_000);
    await dataSource.transaction((tx) =>
      copyInto(tx, 'copied', ['n', 'label', 'doc'], async (write) => {
        let lines = '';
        for (let n = 0; n < 40_000; n++) {
          lines += line(n, padding, `{"n":${n}}`);
          if (lines.length > 2 << 20) {
            await write(lines);
            lines = '';
          }
        }
        await write(lines);
      }),
    );
    expect(await count()).toBe(40_000);
  });

  it('copyOutLines gives every line whole, however the chunks split them; copyFieldText undoes the escapes', async () => {
    const label = 'tab\there\nnew line\rreturn \\ backslash ünïcödé ✓';
    await dataSource.transaction((tx) =>
      copyRows(
        tx,
        'copied',
        ['n', 'label', 'doc'],
        Array.from({ length: 5_000 }, (_, n) => [n, label, `{"n":${n}}`]),
      ),
    );
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const lines: string[] = [];
    try {
      for await (const chunk of copyOutLines(
        client,
        `COPY (SELECT n, label, doc FROM copied ORDER BY n) TO STDOUT`,
      ))
        lines.push(...chunk);
    } finally {
      await runner.release();
    }
    expect(lines).toHaveLength(5_000);
    lines.forEach((text, n) => {
      expect(text.split('\t').map(copyFieldText)).toEqual([String(n), label, `{"n":${n}}`]);
    });
    expect(copyFieldText('\\N')).toBeNull();
  });
});
