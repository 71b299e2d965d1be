import type { NewEvent, StoredEvent } from '../../src/event-store/domain/stored-event';
import { InMemoryEventStore } from '../../src/event-store/in-memory-event-store';

/** What a `then` expects of each appended event: its type, and the parts of it the test cares about. */
export type ExpectedEvent = { readonly type: string } & Partial<Omit<StoredEvent, 'type'>>;

type ErrorMatcher = (new (...args: never[]) => Error) | RegExp;

interface Outcome<Result> {
  readonly result?: Result;
  readonly error?: unknown;
  readonly appended: readonly StoredEvent[];
}

export interface Then<Result> {
  /** The action succeeded and appended exactly these events, in this order. */
  then(expected: readonly ExpectedEvent[]): Promise<void>;
  /** The action succeeded; `check` looks at what it returned and at what it appended. */
  thenReturns(check: (result: Result, appended: readonly StoredEvent[]) => void): Promise<void>;
  /** The action was refused with this error (class or message pattern), and appended nothing. */
  thenThrows(matcher: ErrorMatcher): Promise<void>;
}

/**
 * Given/when/then over the in-memory event store: the events already stored, the command or handler to
 * run against a subject built on the store, and what must come of it.
 *
 *   const spec = storeSpecification((store) => new FreezeWindowWriter(store, rows));
 *   await spec.given(declared).when((writer) => writer.write(id, lift)).then([{ type: 'FreezeWindowLifted' }]);
 */
export function storeSpecification<Subject>(build: (store: InMemoryEventStore) => Subject): {
  given(...events: readonly NewEvent[]): {
    when<Result>(action: (subject: Subject, store: InMemoryEventStore) => Promise<Result>): Then<Result>;
  };
} {
  return {
    given: (...events) => ({
      when: (action) => expectations(() => run(build, events, action)),
    }),
  };
}

async function run<Subject, Result>(
  build: (store: InMemoryEventStore) => Subject,
  given: readonly NewEvent[],
  action: (subject: Subject, store: InMemoryEventStore) => Promise<Result>,
): Promise<Outcome<Result>> {
  const store = new InMemoryEventStore();
  await store.transaction((tx) => store.append(tx, given));
  const before = store.all().length;
  const subject = build(store);
  try {
    const result = await action(subject, store);
    return { result, appended: store.all().slice(before) };
  } catch (error) {
    return { error, appended: store.all().slice(before) };
  }
}

function expectations<Result>(outcome: () => Promise<Outcome<Result>>): Then<Result> {
  return {
    async then(expected) {
      const { error, appended } = await outcome();
      expect(error).toBeUndefined();
      expect(appended).toHaveLength(expected.length);
      expected.forEach((event, i) => {
        expect(appended[i]).toMatchObject(event);
      });
    },
    async thenReturns(check) {
      const { error, result, appended } = await outcome();
      expect(error).toBeUndefined();
      check(result as Result, appended);
    },
    async thenThrows(matcher) {
      const { error, appended } = await outcome();
      if (matcher instanceof RegExp) expect(String((error as Error | undefined)?.message)).toMatch(matcher);
      else expect(error).toBeInstanceOf(matcher);
      expect(appended).toEqual([]);
    },
  };
}
