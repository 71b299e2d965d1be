import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Checkpoint } from '../../src/event-store/domain/checkpoint';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { CHANGECTL, cliJson, runChangectl, type CliRun } from '../support/changectl';
import { checkpointPublishLag, declareFutureWindow, newSigningKey } from '../support/checkpoints';
import { createTestDatabase } from '../support/database';
import { testBrokers } from '../support/kafka';
import { waitFor, waitForReady } from '../support/service-process';

/**
 * `changectl audit fetch-checkpoints` (dist/src/cli/changectl/main.js: run `npm run build` first) against
 * the service in Kafka mode on the real broker: it copies the checkpoint topic into a directory, checking
 * each signature, from where the last run stopped, and `audit verify --checkpoints` then verifies the
 * database against that copy. A key it does not trust writes nothing and exits 12.
 */
describe('changectl audit fetch-checkpoints', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `audit-checkpoints-cli-${suffix}`;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let workDir: string;

  const changectl = (args: readonly string[]): Promise<CliRun> =>
    runChangectl(args, {
      cwd: workDir,
      env: { CHANGECTL_URL: app.baseUrl, CHANGECTL_API_KEY: KEYS.admin },
    });
  const json = (run: CliRun): Record<string, unknown> => cliJson(run) as Record<string, unknown>;
  const declareWindow = (name: string): Promise<void> => declareFutureWindow(app.baseUrl, name);

  /** Waits until the latest checkpoint covers `events` events and is on the topic; returns its tree size. */
  const sealedAndPublished = (events: number): Promise<number> =>
    waitFor(
      `a checkpoint over ${events} events on the topic`,
      async () => {
        const latest = await fetch(`${app.baseUrl}/v1/audit/checkpoints`);
        if (latest.status !== 200) return undefined;
        const { treeSize } = (await latest.json()) as Checkpoint;
        const lag = await checkpointPublishLag(app.baseUrl, 'kafka');
        return treeSize >= events && lag === 0 ? treeSize : undefined;
      },
      30_000,
    );

  beforeAll(async () => {
    if (!existsSync(CHANGECTL)) {
      throw new Error(`${CHANGECTL} is missing: run \`npm run build\` before this suite`);
    }
    workDir = await mkdtemp(path.join(os.tmpdir(), 'changectl-checkpoints-'));
    const key = newSigningKey();
    await writeFile(path.join(workDir, 'audit.pub.pem'), key.publicPem);
    await writeFile(path.join(workDir, 'other.pub.pem'), newSigningKey().publicPem);
    database = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-cli-${suffix}`,
      KAFKA_INSIGHTS_TOPIC: `change-insights-cli-${suffix}`,
      KAFKA_CONSUMER: 'false',
      AUDIT_CHECKPOINT_TOPIC: topic,
      AUDIT_SIGNING_KEY: key.privatePem,
      AUDIT_MAX_SEAL_DELAY_SECONDS: '1',
    });
    await waitForReady(app.baseUrl);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('copies the topic into a directory audit verify reads, incrementally; an untrusted key writes nothing', async () => {
    await declareWindow('first');
    await sealedAndPublished(1);
    await declareWindow('second');
    const size = await sealedAndPublished(2);
    const fetchArgs = (out: string, key = 'audit.pub.pem'): string[] => [
      'audit',
      'fetch-checkpoints',
      '--brokers',
      testBrokers(),
      '--topic',
      topic,
      '--out',
      out,
      '--public-key',
      key,
      '--json',
    ];

    // The publish-lag metric is 0 from the publisher's last round, which may precede the newest seal: fetch
    // until the topic holds the checkpoint (a fetch that finds nothing new writes nothing).
    let total = 0;
    const fetched = await waitFor(`checkpoint ${size} on the topic`, async () => {
      const run = await changectl(fetchArgs('held'));
      expect(run.code).toBe(0);
      const body = json(run);
      total += body['fetched'] as number;
      return body['treeSize'] === size ? body : undefined;
    });
    expect(fetched).toMatchObject({ ok: true, treeSize: size });
    expect(total).toBeGreaterThanOrEqual(2);
    const files = readdirSync(path.join(workDir, 'held')).filter((f) => /^\d{20}\.json$/.test(f));
    expect(files).toHaveLength(total);
    expect(files.at(-1)).toBe(`${String(size).padStart(20, '0')}.json`);

    const verifyArgs = [
      'audit',
      'verify',
      '--checkpoints',
      'held',
      '--public-key',
      'audit.pub.pem',
      '--json',
    ];
    const verified = await changectl(verifyArgs);
    expect(verified.code).toBe(0);
    expect(json(verified)).toMatchObject({ ok: true, verifiedTreeSize: size });

    // From where it stopped: nothing new, then only the new checkpoint.
    expect(json(await changectl(fetchArgs('held')))).toMatchObject({ ok: true, fetched: 0 });
    await declareWindow('third');
    const next = await sealedAndPublished(size + 1);
    const more = await waitFor(`checkpoint ${next} on the topic`, async () => {
      const body = json(await changectl(fetchArgs('held')));
      return body['fetched'] === 0 ? undefined : body;
    });
    expect(more).toMatchObject({ ok: true, fetched: 1, treeSize: next });
    expect(json(await changectl(verifyArgs))).toMatchObject({ ok: true, verifiedTreeSize: next });

    // Signed by a key the verifier does not trust: nothing written, exit 12.
    const untrusted = await changectl(fetchArgs('untrusted', 'other.pub.pem'));
    expect(untrusted.code).toBe(12);
    expect(json(untrusted)).toMatchObject({ ok: false, fetched: 0 });
    expect(String(json(untrusted)['problem'])).toContain('unknown_key');
    expect(readdirSync(path.join(workDir, 'untrusted')).filter((f) => /^\d{20}\.json$/.test(f))).toEqual([]);

    // No key to check with: a usage error. No broker: unavailable.
    const noKey = await changectl(['audit', 'fetch-checkpoints', '--brokers', testBrokers(), '--out', 'x']);
    expect(noKey.code).toBe(2);
    const noBroker = await changectl([
      'audit',
      'fetch-checkpoints',
      '--brokers',
      '127.0.0.1:9',
      '--out',
      'y',
      '--public-key',
      'audit.pub.pem',
    ]);
    expect(noBroker.code).toBe(6);
    expect(noBroker.stderr).toContain('cannot read audit-checkpoints.v1 from 127.0.0.1:9');
  });
});
