import { isoDate } from './fields';
import { parseBodyWith } from './internal';
import type { ParseResult } from './parse';
import * as z from './zod';

/**
 * The parts of the daily sweeps (issue 15 item 4), on the due queue beside the due work of `internal.ts`: each part
 * reads one page (a day's schedule records, a shard's due chats) and queues the next page as a new part carrying the
 * continuation (`after`, the store's opaque LastEvaluatedKey). No invocation has a ceiling, a part that fails or
 * times out is retried alone, and every part is idempotent (docs/scheduling.md "Sweeps in parts").
 */
const shard = z.int().check(z.minimum(0), z.maximum(255));
/** The store's continuation, opaque here; the adapter checks its shape when it reads it. */
const after = z.optional(z.string().check(z.minLength(1), z.maxLength(4096)));

export const sweepPartSchema = z.discriminatedUnion('kind', [
  /** The coverage sweep of one shard: chats whose sweep day is on or before `day`. */
  z.strictObject({ kind: z.literal('coverage_due'), day: isoDate, shard, after }),
  /** Coverage derived afresh for every linked chat of a shard (a rule change); without `shard`, fans out. */
  z.strictObject({ kind: z.literal('coverage_recompute'), shard: z.optional(shard), after }),
  /** Reconciliation: re-plans the cases with a schedule on `day` (their earliest in the window from `from`). */
  z.strictObject({ kind: z.literal('cases_replan'), from: isoDate, day: isoDate, after }),
  /** Reconciliation: fires what was due on `day` by `through` (epoch ms) and never fired. */
  z.strictObject({ kind: z.literal('cases_unfired'), day: isoDate, through: z.int().check(z.minimum(0)), after }),
]);
export type SweepPart = z.output<typeof sweepPartSchema>;

export const sweepMessageSchema = z.strictObject({ schemaVersion: z.literal(1), sweep: sweepPartSchema });

export function encodeSweepMessage(part: SweepPart): string {
  return JSON.stringify({ schemaVersion: 1, sweep: part });
}

export function parseSweepMessage(body: string): ParseResult<SweepPart> {
  const parsed = parseBodyWith(sweepMessageSchema, body);
  return parsed.ok ? { ok: true, value: parsed.value.sweep } : parsed;
}

/** Whether a due-queue body is a sweep part (`{ sweep: … }`) rather than due work (`{ due: … }`). */
export function isSweepBody(body: string): boolean {
  try {
    const decoded: unknown = JSON.parse(body);
    return typeof decoded === 'object' && decoded !== null && 'sweep' in decoded;
  } catch {
    return false;
  }
}
