import {
  SERVICE_NAMESPACE,
  serviceEventId,
  type JsonObject,
  type NewEvent,
  type StoredEvent,
} from '../../../src/event-store/domain/stored-event';
import type { InMemoryTransaction } from '../../../src/event-store/in-memory-event-store';
import { AmendFreezeWindowHandler } from '../../../src/freeze/commands/amend-freeze-window/amend-freeze-window.handler';
import { AmendFreezeWindowCommand } from '../../../src/freeze/commands/amend-freeze-window/amend-freeze-window.command';
import { CancelFreezeWindowCommand } from '../../../src/freeze/commands/cancel-freeze-window/cancel-freeze-window.command';
import { CancelFreezeWindowHandler } from '../../../src/freeze/commands/cancel-freeze-window/cancel-freeze-window.handler';
import { DeclareFreezeWindowCommand } from '../../../src/freeze/commands/declare-freeze-window/declare-freeze-window.command';
import { DeclareFreezeWindowHandler } from '../../../src/freeze/commands/declare-freeze-window/declare-freeze-window.handler';
import {
  FreezeWindowStateError,
  InvalidFreezeWindowError,
} from '../../../src/freeze/commands/freeze-window-command.errors';
import { LiftFreezeWindowCommand } from '../../../src/freeze/commands/lift-freeze-window/lift-freeze-window.command';
import { LiftFreezeWindowHandler } from '../../../src/freeze/commands/lift-freeze-window/lift-freeze-window.handler';
import type { FreezeWindow } from '../../../src/freeze/domain/freeze-window';
import {
  FREEZE_WINDOW_STREAM,
  type FreezeWindowEvent,
} from '../../../src/freeze/domain/freeze-window-stream';
import type { FreezeWindowRegistry } from '../../../src/freeze/infrastructure/freeze-window-registry';
import {
  FreezeWindowWriter,
  type FreezeWindowRowSink,
} from '../../../src/freeze/infrastructure/freeze-window-writer';
import { storeSpecification } from '../../support/event-store-specification';

// Freeze-window command handlers on the in-memory event store: given the window's events, when a
// command runs, then these events are appended (or the command is refused and nothing is).

const ID = 'b6f1a3c2-0d4e-4f5a-9b8c-7d6e5f4a3b2c';
const definition = {
  name: 'Black Friday',
  reason: 'peak traffic',
  kind: 'deny' as const,
  schedule: { type: 'once' as const, start: '2030-11-28T18:00:00.000Z', end: '2030-12-01T06:00:00.000Z' },
  scope: { services: ['payments-*'], environments: ['prod'] },
};

function windowEvent(event: FreezeWindowEvent, n: number): NewEvent {
  return {
    namespace: SERVICE_NAMESPACE,
    eventId: serviceEventId(`freeze-window:test-${n}`),
    streamType: FREEZE_WINDOW_STREAM,
    streamId: ID,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { by: event.data.by },
    occurredAt: new Date('2030-01-01T00:00:00Z'),
  };
}

const declared = windowEvent(
  { type: 'FreezeWindowDeclared', data: { definition, by: 'alice', why: 'peak traffic' } },
  1,
);
const cancelled = windowEvent({ type: 'FreezeWindowCancelled', data: { by: 'alice', why: 'moved' } }, 2);
const lifted = windowEvent(
  { type: 'FreezeWindowLifted', data: { at: '2030-11-29T00:00:00.000Z', by: 'bob', why: 'calm' } },
  3,
);

/** The handlers, on a writer over the in-memory store; read-model rows are recorded, not written. */
function handlers(store: ConstructorParameters<typeof FreezeWindowWriter<InMemoryTransaction>>[0]) {
  const rows: { window: FreezeWindow; last: StoredEvent }[] = [];
  const sink: FreezeWindowRowSink<InMemoryTransaction> = {
    save: (_tx, window, last) => Promise.resolve(void rows.push({ window, last })),
  };
  const writer = new FreezeWindowWriter(store, sink) as unknown as FreezeWindowWriter;
  const registry = { reload: () => Promise.resolve() } as unknown as FreezeWindowRegistry;
  return {
    rows,
    declare: new DeclareFreezeWindowHandler(writer, registry),
    amend: new AmendFreezeWindowHandler(writer, registry),
    lift: new LiftFreezeWindowHandler(writer, registry),
    cancel: new CancelFreezeWindowHandler(writer, registry),
  };
}

const spec = storeSpecification(handlers);

describe('freeze-window commands on the in-memory event store', () => {
  it('declare: a valid definition starts a new stream at version 1 and writes its row', () =>
    spec
      .given()
      .when((h) => h.declare.execute(new DeclareFreezeWindowCommand(definition, 'alice')))
      .thenReturns((window, appended) => {
        expect(appended).toHaveLength(1);
        expect(appended[0]).toMatchObject({
          type: 'FreezeWindowDeclared',
          streamType: FREEZE_WINDOW_STREAM,
          namespace: SERVICE_NAMESPACE,
          streamId: window.id,
          streamVersion: 1,
          data: { definition, by: 'alice', why: 'peak traffic' },
        });
        expect(window).toMatchObject({ name: 'Black Friday', cancelled: false });
      }));

  it('declare: an invalid definition is refused and nothing is appended', () =>
    spec
      .given()
      .when((h) => h.declare.execute(new DeclareFreezeWindowCommand({ ...definition, kind: 'maybe' }, 'a')))
      .thenThrows(InvalidFreezeWindowError));

  it('amend: merges the patch into the current definition', () =>
    spec
      .given(declared)
      .when((h) =>
        h.amend.execute(new AmendFreezeWindowCommand(ID, { name: 'Cyber Monday' }, 'bob', 'renamed')),
      )
      .then([
        {
          type: 'FreezeWindowAmended',
          streamVersion: 2,
          data: { definition: { ...definition, name: 'Cyber Monday' }, by: 'bob', why: 'renamed' },
        },
      ]));

  it('amend: an unknown window is refused', () =>
    spec
      .given()
      .when((h) => h.amend.execute(new AmendFreezeWindowCommand(ID, { name: 'x' }, 'bob', 'why')))
      .thenThrows(/no freeze window/));

  it('amend: a cancelled window is refused', () =>
    spec
      .given(declared, cancelled)
      .when((h) => h.amend.execute(new AmendFreezeWindowCommand(ID, { name: 'x' }, 'bob', 'why')))
      .thenThrows(/is cancelled/));

  it('lift: records when, by whom and why; the row carries the lift', () =>
    spec
      .given(declared)
      .when(async (h) => {
        const window = await h.lift.execute(
          new LiftFreezeWindowCommand(ID, 'bob', 'calm', new Date('2030-11-29T00:00:00Z')),
        );
        return { window, rows: h.rows };
      })
      .thenReturns(({ window, rows }, appended) => {
        expect(appended.map((e) => e.type)).toEqual(['FreezeWindowLifted']);
        expect(window.liftedAt).toEqual(new Date('2030-11-29T00:00:00Z'));
        expect(rows).toEqual([{ window, last: appended[0] }]);
      }));

  it('lift: a window already lifted is refused', () =>
    spec
      .given(declared, lifted)
      .when((h) => h.lift.execute(new LiftFreezeWindowCommand(ID, 'bob', 'again')))
      .thenThrows(FreezeWindowStateError));

  it('cancel: twice is refused the second time', () =>
    spec
      .given(declared, cancelled)
      .when((h) => h.cancel.execute(new CancelFreezeWindowCommand(ID, 'bob', 'again')))
      .thenThrows(/already cancelled/));

  it('two commands at once on one window: the second is decided on the state the first left', () =>
    spec
      .given(declared)
      .when((h) =>
        Promise.allSettled([
          h.lift.execute(new LiftFreezeWindowCommand(ID, 'bob', 'calm')),
          h.cancel.execute(new CancelFreezeWindowCommand(ID, 'carol', 'moved')),
        ]),
      )
      .thenReturns((results, appended) => {
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
        expect(appended.map((e) => [e.type, e.streamVersion])).toEqual([
          ['FreezeWindowLifted', 2],
          ['FreezeWindowCancelled', 3],
        ]);
      }));
});
