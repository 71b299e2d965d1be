import { Command } from '@nestjs/cqrs';
import type { ReadModelMismatch } from '../../../common/read-model-check';

export interface ReadModelCheckReport {
  readonly ok: boolean;
  /** When the check finished (ISO 8601). */
  readonly checkedAt: string;
  /** The rows (streams) each model's check looked at, at most this many per sampled model. */
  readonly sample: number;
  readonly models: readonly string[];
  readonly mismatches: readonly ReadModelMismatch[];
}

/** Compare each read model with a fold of its streams (sampled where the model is large). */
export class CheckReadModelsCommand extends Command<ReadModelCheckReport> {}
