import type { FreezeWindow, FreezeWindowDefinition } from './freeze-window';

/** Each freeze window is one stream in the event store; its events say who did what, and why. */
export const FREEZE_WINDOW_STREAM = 'freeze-window';

interface Attribution {
  /** The principal (API key name) that issued the command. */
  readonly by: string;
  /** Why: the window's own reason on declaration, the caller's on every later command. */
  readonly why: string;
}

export type FreezeWindowEvent =
  | {
      readonly type: 'FreezeWindowDeclared';
      readonly data: Attribution & { definition: FreezeWindowDefinition };
    }
  | {
      readonly type: 'FreezeWindowAmended';
      readonly data: Attribution & { definition: FreezeWindowDefinition };
    }
  | { readonly type: 'FreezeWindowLifted'; readonly data: Attribution & { at: string } }
  | { readonly type: 'FreezeWindowCancelled'; readonly data: Attribution };

export type FreezeWindowEventType = FreezeWindowEvent['type'];

export const FREEZE_WINDOW_EVENT_TYPES: readonly FreezeWindowEventType[] = [
  'FreezeWindowDeclared',
  'FreezeWindowAmended',
  'FreezeWindowLifted',
  'FreezeWindowCancelled',
];

/** Folds a window's events, in stream order, into its current state. */
export function foldFreezeWindow(id: string, events: readonly FreezeWindowEvent[]): FreezeWindow | undefined {
  let window: FreezeWindow | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'FreezeWindowDeclared':
      case 'FreezeWindowAmended':
        // An amendment replaces the definition; a lift or cancellation stays in force.
        window = {
          ...event.data.definition,
          id,
          liftedAt: window?.liftedAt,
          cancelled: window?.cancelled ?? false,
        };
        break;
      case 'FreezeWindowLifted':
        if (window !== undefined && window.liftedAt === undefined)
          window = { ...window, liftedAt: new Date(event.data.at) };
        break;
      case 'FreezeWindowCancelled':
        if (window !== undefined) window = { ...window, cancelled: true };
        break;
    }
  }
  return window;
}
