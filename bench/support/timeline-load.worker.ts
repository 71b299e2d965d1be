/**
 * The bulk loader's second thread (see bulk-load.ts): folds the change events it is sent, in store
 * order, with the project's applyChangeEvent, and COPYs one `changes` row per change as
 * ChangeTimelineProjection writes it, in its own transaction on its own connection. The main thread
 * meanwhile generates the events and COPYs them into `events`; the two halves cost about the same.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import type { ChangeEvent } from '../../src/changes/domain/change-event';
import { applyChangeEvent, type ChangeState } from '../../src/changes/domain/change-state';
import { appendChangeSteps, type ChangeStepRecord } from '../../src/changes/domain/change-steps';
import { CHANGE_COLUMNS, changeCopyLine } from '../../src/changes/infrastructure/change-row';
import { CopyFeed, dropIndexes, loadingSession } from './bulk-copy';

/** main → worker */
export type TimelineLoadMessage =
  | {
      readonly type: 'batch';
      /** Store position of the first event. */
      readonly firstPosition: number;
      /** The events' data as stored (JSON text). */
      readonly events: readonly string[];
      /** 1 where the event is its change's last (the row can be written). */
      readonly closes: Uint8Array;
    }
  | { readonly type: 'end' };

/** worker → main */
export type TimelineLoadReply =
  | { readonly type: 'ready' }
  | { readonly type: 'ack' }
  | {
      readonly type: 'done';
      readonly changes: number;
      readonly indexSeconds: number;
      readonly vacuumSeconds: number;
    }
  | { readonly type: 'failed'; readonly message: string };

/** The columns ChangeTimelineProjection writes, in its order. */
interface OpenChange {
  state: ChangeState;
  steps: ChangeStepRecord[];
  lastPosition: number;
}

async function run(url: string): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('timeline-load.worker runs as a worker thread');
  const reply = (message: TimelineLoadReply) => {
    port.postMessage(message);
  };
  const client = new Client({ connectionString: url, application_name: 'bench-bulk-load:changes' });
  await client.connect();
  await client.query('BEGIN');
  await loadingSession(client);
  const recreate = await dropIndexes(client, 'changes');
  const feed = new CopyFeed(client, `COPY changes (${CHANGE_COLUMNS.join(', ')}) FROM STDIN`);
  const open = new Map<string, OpenChange>();
  // The row ChangeTimelineProjection.apply writes for the folded change (verifyTimelineRows checks it).
  const write = (change: OpenChange) =>
    feed.push(changeCopyLine(change.state, change.lastPosition, change.steps));

  const handle = async (message: TimelineLoadMessage): Promise<void> => {
    if (message.type === 'batch') {
      for (let i = 0; i < message.events.length; i += 1) {
        const event = JSON.parse(message.events[i] ?? '') as ChangeEvent;
        const position = message.firstPosition + i;
        const known = open.get(event.changeId);
        const change: OpenChange =
          known === undefined
            ? {
                state: applyChangeEvent(undefined, event),
                steps: appendChangeSteps([], [event]),
                lastPosition: position,
              }
            : {
                state: applyChangeEvent(known.state, event),
                steps: appendChangeSteps(known.steps, [event]),
                lastPosition: position,
              };
        if (message.closes[i] === 1) {
          open.delete(event.changeId);
          const sent = write(change);
          if (sent !== undefined) await sent;
        } else {
          open.set(event.changeId, change);
        }
      }
      reply({ type: 'ack' });
      return;
    }
    // Changes whose last events lie past the end of the data set stay as far as they got.
    for (const change of open.values()) {
      const sent = write(change);
      if (sent !== undefined) await sent;
    }
    await feed.end();
    const copied = performance.now();
    for (const statement of recreate) await client.query(statement);
    await client.query('COMMIT');
    const indexed = performance.now();
    await client.query('VACUUM (ANALYZE) changes');
    await client.end();
    reply({
      type: 'done',
      changes: feed.rows,
      indexSeconds: (indexed - copied) / 1000,
      vacuumSeconds: (performance.now() - indexed) / 1000,
    });
    port.close();
  };

  let queue = Promise.resolve();
  let failed = false;
  const fail = async (error: unknown) => {
    failed = true;
    reply({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
    port.close();
  };
  port.on('message', (message: TimelineLoadMessage) => {
    queue = queue.then(() => (failed ? undefined : handle(message))).catch(fail);
  });
  reply({ type: 'ready' });
}

const { url } = workerData as { url: string };
run(url).catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  } satisfies TimelineLoadReply);
});
