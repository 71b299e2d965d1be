import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { UNSTORABLE_TEXT, UNSTORABLE_TEXT_PROBLEM } from '../common/control-characters';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../common/json-depth';

/** Largest message accepted on any ingest path (Kafka or HTTP item). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface FieldError {
  /** JSON Pointer of the offending field ('' for the whole message). */
  readonly field: string;
  readonly message: string;
}

/** `conflict`: the event's id is already stored in its source's namespace with different content. */
export type RejectionReason =
  'not_json' | 'schema' | 'too_large' | 'too_deep' | 'invalid_text' | 'store_rejected' | 'conflict';

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: RejectionReason; readonly errors: readonly FieldError[] };

/** The repository's contracts/ folder, found from here both in src/ (tests) and in dist/ (built). */
export function contractsDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'contracts');
    if (existsSync(path.join(candidate, 'asyncapi.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`contracts/ not found above ${__dirname}`);
    dir = parent;
  }
}

/**
 * Annotation a schema may carry to word its refusals: `{ "<keyword>": "<message>" }`, e.g.
 * `{ "pattern": "must not be empty" }`. The message follows the field's JSON Pointer; keywords without one
 * keep the default wording. An `x-` member, so OpenAPI 3.1 and the type generator pass it through.
 */
export const CONTRACT_MESSAGES_KEYWORD = 'x-messages';

/**
 * The one place that compiles the published contracts: every schema.json under contracts/ is added to a
 * single Ajv instance under its $id (so one contract may $ref another, as freeze-evaluate-request.v1 uses
 * the kinds of change-event.v1), and each contract is compiled once, on first use, however many
 * validators use it.
 */
class ContractRegistry {
  private readonly ajv: Ajv2020;
  private readonly ids = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir: string) {
    // verbose: a refusal carries the schema it broke, so `x-messages` can word it.
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
      verbose: true,
      discriminator: true,
    });
    addFormats(this.ajv);
    this.ajv.addKeyword({ keyword: CONTRACT_MESSAGES_KEYWORD, schemaType: 'object' });
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const file = path.join(dir, entry.name, 'schema.json');
      if (!existsSync(file)) continue;
      const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const schemaId = schema['$id'];
      if (typeof schemaId !== 'string') throw new Error(`${file} has no $id`);
      this.ajv.addSchema(schema);
      this.ids.set(entry.name, schemaId);
    }
  }

  /** The contracts published in contracts/ (their folder names). */
  names(): string[] {
    return [...this.ids.keys()].sort();
  }

  /** `name`, or `name#/$defs/part` for a part checked on its own (an Alertmanager webhook's alerts). */
  validatorOf(contract: string): ValidateFunction {
    let validate = this.compiled.get(contract);
    if (validate === undefined) {
      const [name = '', fragment] = contract.split('#', 2);
      const id = this.ids.get(name);
      validate =
        id === undefined ? undefined : this.ajv.getSchema(fragment === undefined ? id : `${id}#${fragment}`);
      if (validate === undefined) throw new Error(`no contract ${contract} in ${contractsDir()}`);
      this.compiled.set(contract, validate);
    }
    return validate;
  }
}

let registry: ContractRegistry | undefined;

/** The process's contract registry, read from contracts/ on first use. */
export function contractRegistry(): ContractRegistry {
  registry ??= new ContractRegistry(contractsDir());
  return registry;
}

/** The wording a schema gives (in `x-messages`) for a refusal by one of its keywords, if any. */
function schemaMessage(error: ErrorObject): string | undefined {
  const parent = error.parentSchema;
  const messages = parent?.[CONTRACT_MESSAGES_KEYWORD] as Record<string, unknown> | undefined;
  const message = messages?.[error.keyword];
  return typeof message === 'string' ? message : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toFieldError(error: ErrorObject): FieldError {
  const params = error.params as Record<string, unknown>;
  const child =
    typeof params['missingProperty'] === 'string'
      ? params['missingProperty']
      : typeof params['additionalProperty'] === 'string'
        ? params['additionalProperty']
        : undefined;
  const tag = error.keyword === 'discriminator' ? params['tag'] : undefined;
  const named = child ?? (typeof tag === 'string' ? tag : undefined);
  const field =
    named === undefined ? error.instancePath : `${error.instancePath}/${escapePointerToken(named)}`;
  const what = field === '' ? 'message' : field;
  if (error.keyword === 'discriminator' && isRecord(error.data) && !(String(tag) in error.data)) {
    return { field, message: `${what} is required` };
  }
  const worded = schemaMessage(error);
  if (worded !== undefined) return { field, message: `${what} ${worded}` };
  switch (error.keyword) {
    case 'required':
      return { field, message: `${what} is required` };
    case 'additionalProperties':
      return { field, message: `${what} is not a known field` };
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      return { field, message: `${what} must be one of ${allowed.map(String).join(', ')}` };
    }
    default:
      return { field, message: `${what} ${error.message ?? 'is invalid'}` };
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JSON Pointer of the first string (or key) holding unstorable text, or undefined. Refusing it here
 * keeps one bad message from failing a whole batch in the database. Pointers are built only on the way
 * back from a find: the walk over a clean message allocates nothing.
 */
function findUnstorableText(value: unknown): string | undefined {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value) ? '' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i]);
      if (found !== undefined) return `/${i}${found}`;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      if (UNSTORABLE_TEXT.test(key)) return `/${escapePointerToken(key)}`;
      const found = findUnstorableText(record[key]);
      if (found !== undefined) return `/${escapePointerToken(key)}${found}`;
    }
  }
  return undefined;
}

/**
 * JSON text can carry U+0000 or a lone surrogate only as a `\u` escape: raw control characters are not
 * JSON, and bytes that decode as UTF-8 never hold a lone surrogate. Text without a backslash-u needs
 * no walk.
 */
function mayHoldUnstorableText(json: string): boolean {
  return json.includes('\\u');
}

/**
 * Validates messages with the very schema published in contracts/ (one source of truth: the
 * TypeScript types are generated from the same file by `npm run contracts:types`).
 */
export class ContractValidator<T> {
  private readonly validate: ValidateFunction;

  /**
   * @param semanticChecks rules a JSON Schema cannot express (e.g. a plausible time range); they run
   * after the schema passed and report in the same shape.
   * @param options.semanticChecksReadAnyValue the checks read any value safely (they look only at members
   * of the right type), so they also run when the schema refused it: every problem is reported at once.
   * For a field both name, the semantic message replaces the schema's.
   */
  constructor(
    readonly contract: string,
    private readonly semanticChecks: (value: T) => FieldError[] = () => [],
    private readonly options: { readonly semanticChecksReadAnyValue?: boolean } = {},
  ) {
    this.validate = contractRegistry().validatorOf(contract);
  }

  /** Validates an already-parsed value (an HTTP body item). */
  check(value: unknown): Validation<T> {
    return this.checkParsed(value, true);
  }

  private checkParsed(value: unknown, mayHoldUnstorable: boolean): Validation<T> {
    const bad = mayHoldUnstorable ? findUnstorableText(value) : undefined;
    if (bad !== undefined) {
      const message = `${bad || 'message'} ${UNSTORABLE_TEXT_PROBLEM}`;
      return { ok: false, reason: 'invalid_text', errors: [{ field: bad, message }] };
    }
    if (this.validate(value)) {
      const semantic = this.semanticChecks(value as T);
      if (semantic.length === 0) return { ok: true, value: value as T };
      return { ok: false, reason: 'schema', errors: semantic };
    }
    let errors = withoutWordedUnionBranches(this.validate.errors ?? []).map(toFieldError);
    if (this.options.semanticChecksReadAnyValue === true) {
      // The semantic rule knows more (a configured bound, a parsed cron): its message replaces the schema's.
      const semantic = this.semanticChecks(value);
      const named = new Set(semantic.map((e) => e.field));
      errors = [...errors.filter((e) => !named.has(e.field)), ...semantic];
    }
    return { ok: false, reason: 'schema', errors: dedupeErrors(errors) };
  }

  /** Validates raw bytes from a topic: size, text, nesting depth, JSON, then the schema. */
  parse(bytes: Buffer | null): Validation<T> {
    const read = readJsonMessage(bytes);
    if (!read.ok) return read;
    return this.checkParsed(read.value, mayHoldUnstorableText(read.text));
  }
}

/**
 * Raw bytes from a topic as JSON: size, text, nesting depth, then the parse; the value is not checked
 * against any contract (ContractValidator.parse does that).
 */
export function readJsonMessage(
  bytes: Buffer | null,
):
  | { readonly ok: true; readonly value: unknown; readonly text: string }
  | Extract<Validation<never>, { ok: false }> {
  if (bytes === null || bytes.length === 0) {
    return { ok: false, reason: 'not_json', errors: [{ field: '', message: 'message is empty' }] };
  }
  if (bytes.length > MAX_MESSAGE_BYTES) {
    return {
      ok: false,
      reason: 'too_large',
      errors: [
        {
          field: '',
          message: `message is ${bytes.length} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`,
        },
      ],
    };
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return {
      ok: false,
      reason: 'invalid_text',
      errors: [{ field: '', message: 'message is not valid UTF-8' }],
    };
  }
  // Before parsing: a deep message would overflow the stack in the walks after it, failing its batch.
  if (nestsDeeperThan(text)) {
    return {
      ok: false,
      reason: 'too_deep',
      errors: [
        {
          field: '',
          message: `message nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'not_json',
      errors: [{ field: '', message: `message is not JSON: ${detail}` }],
    };
  }
  return { ok: true, value, text };
}

/**
 * A oneOf/anyOf the schema words (`x-messages`) is reported by that message alone: the refusals of each
 * branch it tried say less than the one sentence describing the allowed shapes.
 */
function withoutWordedUnionBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const worded = errors
    .filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && schemaMessage(e) !== undefined)
    .map((e) => `${e.schemaPath}/`);
  if (worded.length === 0) return [...errors];
  return errors.filter((e) => !worded.some((prefix) => e.schemaPath.startsWith(prefix)));
}

function dedupeErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One-line summary for a DLQ header or a log line. */
export function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join('; ');
}
