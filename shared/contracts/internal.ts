import { z } from 'zod';
import { describeIssues, type ParseResult } from './parse';

/**
 * Messages between our own functions. They are ours, but a bad one must still fail alone with a reason (a schedule
 * made by an older version, a hand-edited redrive), so they are parsed like everything else.
 */
const caseId = z.string().min(1).max(128);
const stage = z.union([z.literal(1), z.literal(2)]);

export const dueWorkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('documents_reminder'), caseId, key: z.string(), workingDaysLeft: z.int().min(0) }),
  z.strictObject({ kind: z.literal('return_to_fund'), caseId, key: z.string() }),
  z.strictObject({ kind: z.literal('transfer_overdue_check'), caseId, key: z.string(), stage }),
  /** The daily coverage sweep; without `shard` it fans out one message per shard. */
  z.strictObject({ kind: z.literal('coverage_sweep'), shard: z.int().min(0).max(255).optional() }),
  /** The daily reconciliation sweep: fires schedules that were due and never fired (a lost schedule). */
  z.strictObject({ kind: z.literal('reconciliation_sweep') }),
]);
export type DueWork = z.output<typeof dueWorkSchema>;

export const dueMessageSchema = z.strictObject({ schemaVersion: z.literal(1), due: dueWorkSchema });

export const notificationMessageSchema = z.strictObject({
  schemaVersion: z.literal(1),
  notification: z.strictObject({
    id: z.string().min(1).max(512),
    chatId: z.int(),
    /** The citizen the chat was linked to when the notification was made; the sender re-checks it. */
    citizenKey: z.string().min(1),
    kind: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
});
export type NotificationMessage = z.output<typeof notificationMessageSchema>['notification'];

export const changeMessageSchema = z.strictObject({
  schemaVersion: z.literal(1),
  change: z.discriminatedUnion('kind', [
    z.looseObject({
      kind: z.literal('payment_recorded'),
      citizenKey: z.string(),
      period: z.string(),
      accepted: z.boolean(),
      eventKey: z.string(),
    }),
    z.looseObject({ kind: z.literal('contact_recorded'), citizenKey: z.string() }),
    z.looseObject({
      kind: z.literal('case_updated'),
      caseId,
      citizenKeys: z.array(z.string()),
      changes: z.array(z.string()),
    }),
  ]),
});
export type ChangeMessage = z.output<typeof changeMessageSchema>['change'];

function parseWith<T>(schema: z.ZodType<T>, body: string): ParseResult<T> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(body);
  } catch {
    return { ok: false, field: 'body', reason: 'body: is not valid JSON' };
  }
  const parsed = schema.safeParse(decoded);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, ...describeIssues(parsed.error.issues) };
}

export const parseDueMessage = (body: string) => parseWith(dueMessageSchema, body);
export const parseNotificationMessage = (body: string) => parseWith(notificationMessageSchema, body);
export const parseChangeMessage = (body: string) => parseWith(changeMessageSchema, body);
