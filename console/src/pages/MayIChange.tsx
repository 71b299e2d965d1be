import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, describeError, ok } from '../api';
import type { PageProps } from '../App';
import { Checkbox } from '../controls';
import { formatInstant, fromLocalInput } from '../time';
import { KINDS } from './Timeline';

interface Decision {
  readonly decision: string;
  readonly reason: string;
  readonly allowedAfter?: string;
  readonly windows: readonly {
    readonly id?: string;
    readonly name?: string;
    readonly kind?: string;
    readonly occurrenceStart?: string;
    readonly occurrenceEnd?: string | null;
  }[];
}

type Kind = (typeof KINDS)[number];

/** POST /v1/freeze/evaluate for people: the decision, the windows involved, and when it would be allowed. */
export function MayIChange({ zone }: PageProps): ReactNode {
  const [form, setForm] = useState({
    service: '',
    environment: 'production',
    region: '',
    kind: 'deploy' as Kind,
    team: '',
    at: '',
    isRollback: false,
    isHotfix: false,
  });
  const evaluate = useMutation({
    mutationFn: () => {
      const at = fromLocalInput(form.at, zone);
      return ok<Decision>(
        api.POST('/v1/freeze/evaluate', {
          body: {
            service: form.service,
            environment: form.environment,
            region: form.region,
            kind: form.kind,
            ...(form.team === '' ? {} : { team: form.team }),
            ...(at === undefined ? {} : { at }),
            isRollback: form.isRollback,
            isHotfix: form.isHotfix,
          },
        }),
      );
    },
  });
  const field = (name: 'service' | 'environment' | 'region' | 'team', label: string, required: boolean) => (
    <span className="control">
      <label htmlFor={`may-${name}`}>{label}</label>
      <input
        id={`may-${name}`}
        name={name}
        required={required}
        value={form[name]}
        onChange={(event) => {
          setForm({ ...form, [name]: event.target.value });
        }}
      />
    </span>
  );
  const result = evaluate.data;
  return (
    <main className="may-i">
      <h1>May I change now?</h1>
      <form
        className="stacked"
        onSubmit={(event) => {
          event.preventDefault();
          evaluate.mutate();
        }}
      >
        {field('service', 'Service', true)}
        {field('environment', 'Environment', true)}
        {field('region', 'Region', true)}
        <span className="control">
          <label htmlFor="may-kind">Kind</label>
          <select
            id="may-kind"
            name="kind"
            value={form.kind}
            onChange={(event) => {
              setForm({ ...form, kind: event.target.value as Kind });
            }}
          >
            {KINDS.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </span>
        {field('team', 'Team (optional)', false)}
        <span className="control">
          <label htmlFor="may-at">At (empty: now)</label>
          <input
            id="may-at"
            type="datetime-local"
            name="at"
            value={form.at}
            onChange={(event) => {
              setForm({ ...form, at: event.target.value });
            }}
          />
        </span>
        <Checkbox
          label="It is a rollback"
          checked={form.isRollback}
          onChange={(isRollback) => {
            setForm({ ...form, isRollback });
          }}
        />
        <Checkbox
          label="It is a hotfix"
          checked={form.isHotfix}
          onChange={(isHotfix) => {
            setForm({ ...form, isHotfix });
          }}
        />
        <button type="submit" disabled={evaluate.isPending}>
          Ask
        </button>
      </form>
      {evaluate.isError ? (
        <p role="alert" className="error">
          {describeError(evaluate.error)}
        </p>
      ) : null}
      {result === undefined ? null : (
        <section aria-live="polite" data-testid="decision">
          <h2 className={`decision decision-${result.decision}`}>
            {result.decision === 'allow' ? 'Yes' : result.decision === 'warn' ? 'Yes, with a warning' : 'No'}{' '}
            ({result.decision})
          </h2>
          <p>{result.reason}</p>
          {result.allowedAfter === undefined ? null : (
            <p>Allowed after {formatInstant(result.allowedAfter, zone)}.</p>
          )}
          {result.windows.length === 0 ? null : (
            <ul>
              {result.windows.map((window) => (
                <li key={`${window.id ?? ''}-${window.occurrenceStart ?? ''}`}>
                  {window.name ?? window.id} ({window.kind}): {formatInstant(window.occurrenceStart, zone)} –{' '}
                  {window.occurrenceEnd === null || window.occurrenceEnd === undefined
                    ? 'until lifted'
                    : formatInstant(window.occurrenceEnd, zone)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}
