import { CASE_CHANGE_KINDS, type CaseChangeKind } from '../domain/changes';
import type { IsoDate } from '../domain/dates';
import { DOCUMENT_REJECTION_REASONS } from '../domain/events';
import type { NotificationKind as DomainNotificationKind } from '../domain/notifications';
import type { PayerBasis } from '../domain/payer-basis';
import { isoDate, period, stage, tiyn } from './fields';
import { describeIssues, type ParseResult } from './parse';
import * as z from './zod';

/**
 * Messages between our own functions, each an encode/parse pair: producers never build `{ schemaVersion: 1, … }` by
 * hand, and a bad message (a schedule made by an older version, a hand-edited redrive) fails alone with a reason.
 */
const caseId = z.string().check(z.minLength(1), z.maxLength(128));
const citizenKey = z.string().check(z.minLength(1), z.maxLength(256));
const count = z.int().check(z.minimum(0));

export const dueWorkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('documents_reminder'), caseId, key: z.string(), workingDaysLeft: count }),
  z.strictObject({ kind: z.literal('return_to_fund'), caseId, key: z.string() }),
  z.strictObject({ kind: z.literal('transfer_overdue_check'), caseId, key: z.string(), stage }),
  /** A case whose return order went out got documents: the due handler decides whether to withdraw the order. */
  z.strictObject({ kind: z.literal('return_withdrawal_check'), caseId }),
  /** A chat became reachable again (Telegram `my_chat_member`): reminders that still matter are sent afresh. */
  z.strictObject({ kind: z.literal('chat_returned'), chatId: z.int() }),
  /** The daily coverage sweep; without `shard` it fans out one message per shard. */
  z.strictObject({ kind: z.literal('coverage_sweep'), shard: z.optional(z.int().check(z.minimum(0), z.maximum(255))) }),
  /** The daily reconciliation sweep: fires schedules that were due and never fired (a lost schedule). */
  z.strictObject({ kind: z.literal('reconciliation_sweep') }),
]);
export type DueWork = z.output<typeof dueWorkSchema>;
/** Due work about one case: what a case schedule fires. */
export type CaseDueWork = Extract<
  DueWork,
  { kind: 'documents_reminder' | 'return_to_fund' | 'transfer_overdue_check' }
>;

export const dueMessageSchema = z.strictObject({ schemaVersion: z.literal(1), due: dueWorkSchema });

/** Who pays for a person's coverage (issue 13): it decides what the coverage messages tell them to do. */
export const PAYER_BASES = ['employer', 'self', 'state', 'exempt', 'single_aggregate'] as const;
export const payerBasesMatchDomain: [PayerBasis] extends [(typeof PAYER_BASES)[number]]
  ? [(typeof PAYER_BASES)[number]] extends [PayerBasis]
    ? true
    : false
  : false = true;

/**
 * Who pays and what is owed, as the coverage messages carry it (`coverageFacts` in shared/domain/notifications.ts);
 * values that do not apply to the person are left out, never sent as 0.
 */
const coverageFacts = {
  payerBasis: z.optional(z.enum(PAYER_BASES)),
  owedMonths: z.optional(count),
  /** 1 when our history is shorter than the art. 5 p.3 window ("at least"). */
  owedAtLeast: z.optional(z.union([z.literal(0), z.literal(1)])),
  owedAmountTiyn: z.optional(tiyn),
  missingPeriod: z.optional(period),
  paidPeriod: z.optional(period),
  nextPaymentDueOn: z.optional(isoDate),
};

/**
 * The raw values of each notification kind (ISO dates, tiyn, counts): the renderer formats them in the reader's
 * language. One schema per kind, so a message with a missing value fails at parse, not as a "0" in a citizen's text.
 */
export const NOTIFICATION_PARAMS = {
  funds_credited: z.strictObject({ amountTiyn: tiyn, creditedOn: isoDate, deadline: isoDate, workingDays: count }),
  dkk_arrived: z.strictObject({ sessionDate: isoDate, stage }),
  /** Stage-1 documents dated by the deadline arrived: the money is safe from return (issue 14 item 10). */
  documents_received: z.strictObject({ receivedOn: isoDate, deadline: isoDate }),
  documents_reminder: z.strictObject({ deadline: isoDate, workingDaysLeft: count, elapsed: count, total: count }),
  deadline_passed: z.strictObject({ deadline: isoDate, amountTiyn: tiyn }),
  money_returned: z.strictObject({ returnedOn: isoDate, amountTiyn: tiyn }),
  /** The operator rejected a stage's documents: why, so the citizen knows what to bring (issue 13 item 7). */
  documents_rejected: z.strictObject({
    rejectedOn: isoDate,
    reasonCode: z.enum(DOCUMENT_REJECTION_REASONS),
    stage,
  }),
  /** The clinic was paid and the unused remainder went back to ENPF (§23 ¶2; issue 13 item 9). */
  remainder_returned: z.strictObject({ returnedOn: isoDate, paidTiyn: tiyn, remainderTiyn: tiyn }),
  paid_to_clinic: z.strictObject({
    transferredOn: isoDate,
    amountTiyn: tiyn,
    stage,
    nextStep: z.enum(['stage-two', 'none']),
  }),
  transfer_overdue: z.strictObject({ submittedOn: isoDate, transferDue: isoDate, stage }),
  coverage_ending: z.strictObject({ coveredThrough: isoDate, days: count, monthlyAmountTiyn: tiyn, ...coverageFacts }),
  coverage_ended: z.strictObject({
    coveredThrough: isoDate,
    restoreMonths: count,
    monthlyAmountTiyn: tiyn,
    ...coverageFacts,
  }),
  coverage_restored: z.strictObject({ coveredThrough: isoDate, payerBasis: z.optional(z.enum(PAYER_BASES)) }),
  /** The return order was withdrawn: documents dated on or before the deadline reached us after it went out. */
  return_withdrawn: z.strictObject({ deadline: isoDate, amountTiyn: tiyn }),
  /** The chat was unlinked because the citizen's phone of record changed (issue 12 item 5). */
  unlinked_phone_changed: z.strictObject({}),
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_PARAMS;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_PARAMS) as NotificationKind[];
export type NotificationParams = { [K in NotificationKind]: z.output<(typeof NOTIFICATION_PARAMS)[K]> };

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(NOTIFICATION_PARAMS, kind);
}

/** Compile-time proof that every kind the domain can produce has a contract (`npm run typecheck` fails otherwise). */
export const domainKindsHaveContracts: DomainNotificationKind extends NotificationKind ? true : false = true;

/**
 * What to tell, typed per kind: what it is about (a case id or a citizen key), the date that makes it unique (with
 * `kind` and `variant`), and the raw values the renderer formats.
 */
export type NotificationIntentOf<K extends NotificationKind> = {
  kind: K;
  subject: string;
  date: IsoDate;
  variant?: string;
  params: NotificationParams[K];
};
export type TypedNotificationIntent = { [K in NotificationKind]: NotificationIntentOf<K> }[NotificationKind];

const notificationHeader = {
  id: z.string().check(z.minLength(1), z.maxLength(512)),
  chatId: z.int(),
  /** The citizen the chat was linked to when the notification was made; the sender re-checks it. */
  citizenKey,
};
const notificationOf = <K extends NotificationKind>(kind: K) =>
  z.strictObject({ ...notificationHeader, kind: z.literal(kind), params: NOTIFICATION_PARAMS[kind] });

export const notificationSchema = z.discriminatedUnion('kind', [
  notificationOf('funds_credited'),
  notificationOf('dkk_arrived'),
  notificationOf('documents_received'),
  notificationOf('documents_reminder'),
  notificationOf('deadline_passed'),
  notificationOf('money_returned'),
  notificationOf('documents_rejected'),
  notificationOf('remainder_returned'),
  notificationOf('paid_to_clinic'),
  notificationOf('transfer_overdue'),
  notificationOf('coverage_ending'),
  notificationOf('coverage_ended'),
  notificationOf('coverage_restored'),
  notificationOf('return_withdrawn'),
  notificationOf('unlinked_phone_changed'),
]);
/** One notification to one chat, its params typed by its kind. */
export type NotificationMessage = z.output<typeof notificationSchema>;

export const notificationMessageSchema = z.strictObject({
  schemaVersion: z.literal(1),
  notification: notificationSchema,
});

/** Compile-time proof that the change kinds the changes queue accepts are exactly the ones the domain reports. */
export const caseChangeKindsMatchDomain: [CaseChangeKind] extends [(typeof CASE_CHANGE_KINDS)[number]]
  ? [(typeof CASE_CHANGE_KINDS)[number]] extends [CaseChangeKind]
    ? true
    : false
  : false = true;

/** History loaded through the backfill queue: plan by it, tell nobody (see `FactChange`). */
const backfill = z.optional(z.literal(true));

export const changeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('payment_recorded'),
    citizenKey,
    period,
    accepted: z.boolean(),
    /** The fact's event key: the planner derives the citizen with and without it. */
    eventKey: z.string().check(z.minLength(1), z.maxLength(512)),
    backfill,
  }),
  z.strictObject({ kind: z.literal('contact_recorded'), citizenKey, backfill }),
  z.strictObject({
    kind: z.literal('case_updated'),
    caseId,
    /** The applicant and the patient: who may be told. */
    citizenKeys: z.array(citizenKey),
    changes: z.array(z.enum(CASE_CHANGE_KINDS)),
    backfill,
  }),
]);
/** What a stored fact changed, as the changes queue carries it: keyed hashes only, no derived status. */
export type ChangeMessage = z.output<typeof changeSchema>;

export const changeMessageSchema = z.strictObject({ schemaVersion: z.literal(1), change: changeSchema });

/** A JSON message body through a schema: bad JSON and schema misses alike become a reason, never a throw. */
export function parseBodyWith<T>(schema: z.ZodMiniType<T>, body: string): ParseResult<T> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(body);
  } catch {
    return { ok: false, field: 'body', reason: 'body: is not valid JSON' };
  }
  const parsed = schema.safeParse(decoded);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, ...describeIssues(parsed.error.issues) };
}

/** The due queue's message body, also the input of every schedule that targets the due queue (case and daily). */
export function encodeDueMessage(due: DueWork): string {
  return JSON.stringify({ schemaVersion: 1, due });
}
export function parseDueMessage(body: string): ParseResult<DueWork> {
  const parsed = parseBodyWith(dueMessageSchema, body);
  return parsed.ok ? { ok: true, value: parsed.value.due } : parsed;
}

/** The notify queue's message body, also the input of a delivery postponed past quiet hours. */
export function encodeNotificationMessage(notification: NotificationMessage): string {
  return JSON.stringify({ schemaVersion: 1, notification });
}
export function parseNotificationMessage(body: string): ParseResult<NotificationMessage> {
  const parsed = parseBodyWith(notificationMessageSchema, body);
  return parsed.ok ? { ok: true, value: parsed.value.notification } : parsed;
}

/**
 * The changes queue's message body. Fields are picked, not spread: a producer's richer object (a status it computed
 * on the way) never leaks into the message.
 */
export function encodeChangeMessage(change: ChangeMessage): string {
  return JSON.stringify({ schemaVersion: 1, change: changeFields(change) });
}
export function parseChangeMessage(body: string): ParseResult<ChangeMessage> {
  const parsed = parseBodyWith(changeMessageSchema, body);
  return parsed.ok ? { ok: true, value: parsed.value.change } : parsed;
}

function changeFields(change: ChangeMessage): ChangeMessage {
  return change.backfill ? { ...pickedFields(change), backfill: true } : pickedFields(change);
}

function pickedFields(change: ChangeMessage): ChangeMessage {
  switch (change.kind) {
    case 'payment_recorded':
      return {
        kind: change.kind,
        citizenKey: change.citizenKey,
        period: change.period,
        accepted: change.accepted,
        eventKey: change.eventKey,
      };
    case 'contact_recorded':
      return { kind: change.kind, citizenKey: change.citizenKey };
    case 'case_updated':
      return { kind: change.kind, caseId: change.caseId, citizenKeys: change.citizenKeys, changes: change.changes };
  }
}
