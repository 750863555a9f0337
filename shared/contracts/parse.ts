import type { UpstreamEvent } from '../domain/events';
import { UPSTREAM_EVENT_SCHEMAS, UPSTREAM_EVENT_TYPES } from './events';
import { scrubDigits } from './scrub';
import type * as z from './zod';

/** The largest message body we accept; real events are under 1 KiB, so anything near this is not an event. */
export const MAX_EVENT_BYTES = 16 * 1024;

/** Bad input is a value, not a crash: the field it is about and a reason that names it, never the field's value. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

function failure(field: string, problem: string): { ok: false; field: string; reason: string } {
  return { ok: false, field, reason: `${field}: ${problem}` };
}

/** The one scrubber (`scrub.ts`), here too because every reason passes through it: zod may quote a key or value. */
export { scrubDigits } from './scrub';

/** The first issue of each field, in a stable order: one line an operator can read in a log or a DLQ attribute. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { field: string; reason: string } {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.length > 0 ? scrubDigits(issue.path.join('.')) : 'body';
    // Unknown keys are counted, never quoted: a sender may put a name or a phone in a key.
    const message =
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.length} unknown field(s) (not in the contract)`
        : scrubDigits(issue.message);
    if (!byField.has(field)) byField.set(field, message);
  }
  const [first] = byField.keys();
  return {
    field: first ?? 'body',
    reason: [...byField].map(([field, message]) => `${field}: ${message}`).join('; '),
  };
}

/** Validates an already-decoded upstream event (BRIEF 3) against its type's schema. */
export function parseUpstreamEvent(input: unknown): ParseResult<UpstreamEvent> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return failure('body', 'must be a JSON object (an event envelope)');
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !(UPSTREAM_EVENT_TYPES as string[]).includes(type)) {
    return failure('type', `unknown event type; expected one of ${UPSTREAM_EVENT_TYPES.join(', ')}`);
  }
  const schema = UPSTREAM_EVENT_SCHEMAS[type as keyof typeof UPSTREAM_EVENT_SCHEMAS];
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, ...describeIssues(parsed.error.issues) };
  return { ok: true, value: parsed.data as UpstreamEvent };
}

/** Decodes and validates a message body: size first, then JSON, then the schema. */
export function parseUpstreamEventBody(body: string): ParseResult<UpstreamEvent> {
  if (Buffer.byteLength(body, 'utf8') > MAX_EVENT_BYTES) {
    return failure('body', `larger than ${MAX_EVENT_BYTES} bytes`);
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(body);
  } catch {
    return failure('body', 'is not valid JSON');
  }
  return parseUpstreamEvent(decoded);
}
