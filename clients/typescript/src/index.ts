export {
  createChangeAuditClient,
  isRepeatable,
  unwrap,
  type AlertFilters,
  type ChangeAuditClient,
  type ChangeAuditClientOptions,
  type EvaluateRequest,
  type PublishRequest,
  type RawClient,
  type TimelineFilters,
} from './client';
export {
  ChangeAuditApiError,
  describeProblem,
  toProblemDocument,
  type FieldError,
  type ProblemDocument,
} from './errors';
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelayMs,
  retryingFetch,
  type FetchFunction,
  type RetryPolicy,
} from './retry';
export type * from './responses';
export type { components, operations, paths } from './generated/api';
