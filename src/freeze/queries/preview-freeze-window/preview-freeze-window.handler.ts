import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { validateFreezeWindow } from '../../../contracts/freeze-window-validator';
import type { FreezeWindow } from '../../domain/freeze-window';
import { occurrencesBetween } from '../../domain/schedule';
import { InvalidFreezeWindowError } from '../../commands/freeze-window-command.errors';
import {
  ChangeTimelineQueries,
  type ChangeRecord,
  type TimelinePosition,
} from '../../../changes/change-timeline-queries';
import { candidateWindow, columnFilterOf, previewChange } from './freeze-window-preview';
import {
  MAX_PREVIEW_CHANGES,
  MAX_PREVIEW_EXAMINED,
  MAX_PREVIEW_OCCURRENCES,
  PreviewFreezeWindowQuery,
  type FreezeWindowPreview,
  type PreviewedChange,
  type PreviewedChanges,
} from './preview-freeze-window.query';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows read per query: the scan is bounded by the range, the memory by the page. */
const PAGE = 2_000;

type Page = (before: TimelinePosition | undefined) => Promise<ChangeRecord[]>;

@QueryHandler(PreviewFreezeWindowQuery)
export class PreviewFreezeWindowHandler implements IQueryHandler<
  PreviewFreezeWindowQuery,
  FreezeWindowPreview
> {
  constructor(private readonly changes: ChangeTimelineQueries) {}

  async execute({ definition, days, now }: PreviewFreezeWindowQuery): Promise<FreezeWindowPreview> {
    const valid = validateFreezeWindow(definition);
    if (!valid.ok) throw new InvalidFreezeWindowError(valid.errors);
    const window = candidateWindow(valid.value);
    const from = new Date(now.getTime() - days * DAY_MS);
    const filter = columnFilterOf(window.scope);

    const occurrences = occurrencesBetween(window, from, now, { limit: MAX_PREVIEW_OCCURRENCES + 1 });
    const past = await this.caught(
      window,
      (before) => this.changes.startedBetween(from, now, filter, before, PAGE),
      (change) => change.startedAt ?? change.timelineAt,
    );
    const inFlight = await this.caught(
      window,
      (before) => this.changes.unfinishedSince(from, filter, before, PAGE),
      () => now,
    );
    return {
      window: valid.value,
      range: { from: from.toISOString(), to: now.toISOString(), days },
      occurrences: {
        items: occurrences.slice(0, MAX_PREVIEW_OCCURRENCES).map((o) => ({
          start: o.start.toISOString(),
          end: o.end?.toISOString() ?? null,
        })),
        truncated: occurrences.length > MAX_PREVIEW_OCCURRENCES,
      },
      past,
      inFlight,
    };
  }

  /** Walks every page of changes, evaluating each at `instantOf(change)`; lists the first ones caught. */
  private async caught(
    window: FreezeWindow,
    page: Page,
    instantOf: (change: ChangeRecord) => Date,
  ): Promise<PreviewedChanges> {
    const items: PreviewedChange[] = [];
    let inScope = 0;
    let deny = 0;
    let warn = 0;
    let before: TimelinePosition | undefined;
    let examined = 0;
    let partial = false;
    for (;;) {
      const rows = await page(before);
      examined += rows.length;
      for (const change of rows) {
        const outcome = previewChange(window, change, instantOf(change));
        if (!outcome.inScope) continue;
        inScope += 1;
        if (outcome.caught === undefined) continue;
        if (outcome.caught.decision === 'deny') deny += 1;
        else warn += 1;
        if (items.length < MAX_PREVIEW_CHANGES) items.push(outcome.caught);
      }
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE) break;
      before = { timelineAt: last.timelineAt, changeId: last.changeId };
      if (examined >= MAX_PREVIEW_EXAMINED) {
        partial = true;
        break;
      }
    }
    return {
      inScope,
      deny,
      warn,
      truncated: deny + warn > items.length,
      examined,
      partial,
      examinedFrom: partial && before !== undefined ? before.timelineAt.toISOString() : null,
      items,
    };
  }
}
