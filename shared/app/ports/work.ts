import type { SQSRecord } from 'aws-lambda';
import type { ChangeMessage, DueWork, NotificationKind, NotificationMessage } from '../../contracts/internal';
import type { OutboundEvent } from '../../contracts/outbound';
import type { SweepPart } from '../../contracts/sweep';
import type { PlannedCaseSchedule } from '../../domain/case-schedule';
import type { Instant } from '../../domain/dates';
import type { ReminderTopic } from '../../domain/notifications';

/**
 * The ports of the use cases: interfaces only, one per outside thing. Implementations live in `shared/adapters/`
 * (AWS) and `test/helpers/` (in memory). The fact store and the chat store keep their ports beside their records
 * (`shared/adapters/store/`) until they move here.
 */

/** Hands what a stored fact changed to the scheduling and notification capability. Must throw if it cannot. */
export interface ChangeSink {
  publish(changes: readonly ChangeMessage[]): Promise<void>;
}

/** A message that can never succeed, with why; sent to its queue's dead-letter queue at once instead of retried. */
export interface DeadLetter {
  record: SQSRecord;
  /** Names the field and the rule, never a value (see `shared/contracts/parse.ts`). */
  reason: string;
  /** A short, bounded category for metrics: the field for invalid messages, `conflict` for conflicts. */
  category: string;
}

export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/** Logs and metrics as the handlers use them; attributes must never carry an IIN, phone, name or message text. */
export interface Telemetry {
  info(message: string, attributes?: Record<string, string | number | boolean>): void;
  warn(message: string, attributes?: Record<string, string | number | boolean>): void;
  error(message: string, attributes?: Record<string, string | number | boolean>): void;
  count(metric: string, dimensions?: Record<string, string>): void;
  /** A level measured now (e.g. open review items), for dashboards and alarms; optional for test doubles. */
  gauge?(metric: string, value: number): void;
}

/** The due queue: work that re-checks state when it runs (schedules fire into it; sweeps fan out through it). */
export interface DueQueue {
  enqueue(work: readonly DueWork[]): Promise<void>;
}

/** One page of a list read in parts (a sweep part): `next` is the opaque continuation, absent on the last page. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** Where a page starts (`after`: the `next` of the page before) and how many items it reads at most. */
export interface PageRequest {
  after?: string;
  limit: number;
}

/** The parts of the daily sweeps (shared/contracts/sweep.ts), on the due queue: each part is retried alone. */
export interface SweepQueue {
  enqueue(parts: readonly SweepPart[]): Promise<void>;
}

/** The notify queue: one message per notification to one chat. */
export interface NotifyQueue {
  enqueue(notifications: readonly NotificationMessage[]): Promise<void>;
}

/** The outbound queue to the authorized operator (FIFO: grouped by case, de-duplicated by event id). */
export interface OutboundQueue {
  send(event: OutboundEvent): Promise<void>;
}

/**
 * Told by the bot when a chat becomes reachable again (Telegram `my_chat_member` → `member`, or any message from a
 * chat marked inactive): the due handler then sends the reminders that still matter (issue 12 item 4).
 */
export interface ChatReturnSignal {
  chatReturned(chatId: number): Promise<void>;
}

/** Where a schedule delivers: the due queue (checks that re-read state) or the notify queue (a delayed delivery). */
export type ScheduleTarget = 'due' | 'notify';

export interface OneTimeSchedule {
  /** Deterministic: putting the same name twice yields one schedule. */
  name: string;
  at: Instant;
  target: ScheduleTarget;
  /** The message body the target queue receives, made by the contract's encoder. */
  body: string;
}

/** One-time schedules: EventBridge Scheduler in the cloud, the table locally. */
export interface Scheduler {
  /** Creates the schedule, or moves it when one of that name exists. */
  put(schedule: OneTimeSchedule): Promise<void>;
  /** Deletes it; deleting one that does not exist (already fired) is not an error. */
  delete(name: string): Promise<void>;
}

/** A case schedule we made, kept so the planner can delete what became obsolete and the daily sweep can find misses. */
export interface CaseScheduleRecord extends PlannedCaseSchedule {
  name: string;
  firedAt?: string;
  /**
   * Planned from history (backfill) after its moment had passed: it waits until then for the rest of the history, and
   * no re-plan (a live fact of the case) or reconciliation fires it earlier (see `BACKFILL_SETTLE_MS`).
   */
  notBefore?: number;
}

export interface ScheduleBook {
  ofCase(caseId: string): Promise<CaseScheduleRecord[]>;
  put(record: CaseScheduleRecord): Promise<void>;
  remove(caseId: string, key: string): Promise<void>;
  markFired(caseId: string, key: string, at: Instant): Promise<void>;
  /** Schedules due at or before `through` on the given days that never fired: what the reconciliation sweep fires. */
  unfired(days: readonly string[], through: Instant): Promise<CaseScheduleRecord[]>;
  /** Cases with any schedule on the given days: what the daily re-plan walks (rules or calendar may have changed). */
  casesScheduledOn(days: readonly string[]): Promise<string[]>;
  /** One page of the schedule records listed on a day (a reconciliation part), fired or not, in time order. */
  onDay(day: string, page: PageRequest): Promise<Page<CaseScheduleRecord>>;
  /** One page of the records on a day due at or before `through` that never fired. */
  unfiredOn(day: string, through: Instant, page: PageRequest): Promise<Page<CaseScheduleRecord>>;
}

export type ClaimOutcome =
  /**
   * This attempt holds the notification: send it now, or (a postponing claim) schedule it for 09:00. First attempt, a
   * postponed notification whose time came, or the previous attempt died (its lease ran out).
   */
  | 'claimed'
  /** Delivered before (or blocked, failed for good): do nothing. */
  | 'already_sent'
  /** Another attempt is sending it right now: try again later (the queue redelivers). */
  | 'in_flight'
  /**
   * The chat is not the addressee any more — forgotten, re-linked to someone else, blocked or muted — at the moment of
   * the claim: nothing was written, nothing is to be sent.
   */
  | 'not_addressed';

/** `sending`: this attempt sends now. `postponed`: held for 09:00 (quiet hours), cancelled by `/forget`. */
export type ClaimStatus = 'sending' | 'postponed';

/** What the chat item must still say when the claim is written, checked in the same write. */
export interface Addressee {
  /** The citizen the chat must be linked to. */
  citizenKey: string;
  /** A chat linked to no one is addressed too (the unlink notice, queued before the chat is unlinked). */
  orUnlinked: boolean;
  /** The `/reminders` switch that must be on; none for a notice about the account itself. */
  topic?: ReminderTopic;
}

export interface NotificationClaim {
  chatId: number;
  kind: NotificationKind;
  addressee: Addressee;
  status: ClaimStatus;
}

export type SettleOutcome = 'sent' | 'blocked' | 'skipped' | 'failed';

export interface NotificationItem {
  id: string;
  kind: string;
  status: string;
  claimedAt?: number;
  settledAt?: string;
}

/**
 * The ledger that makes each notification id delivered at most once in all but a crash window of milliseconds, and
 * never to a chat that stopped being its addressee: a claim is written only while the chat item (`CHAT#<chatId>`)
 * still exists, is active and is linked to the addressee, in one atomic write — so a `/forget` (chat deleted, then its
 * notification items) can never be undone by a sender that read the chat just before.
 */
export interface NotificationLedger {
  /**
   * Writes the notification item as `sending` or `postponed`: new, postponed before, or claimed by an attempt that
   * died. A postponed item is listed with the chat's items, so `/forget` deletes it and the delivery at 09:00 finds
   * the chat gone.
   */
  claim(id: string, claim: NotificationClaim): Promise<ClaimOutcome>;
  /** Records how the send ended; a notification forgotten meanwhile stays forgotten (nothing is written). */
  settle(id: string, outcome: SettleOutcome, detail?: string): Promise<void>;
  status(id: string): Promise<string | undefined>;
  /** Deletes every notification item of a chat, postponed ones included (`/forget`). */
  forgetChat(chatId: number): Promise<number>;
  /** The notification items of a chat (`ops explain`): id, kind, status and when. */
  ofChat(chatId: number): Promise<NotificationItem[]>;
}

export type OutboxBegin =
  /** Send now: this call made the marker, or an earlier attempt made it and never confirmed sending. */
  | 'begun'
  /** Sent and confirmed before: send nothing. */
  | 'already_sent';

/** What an outbox key says: never begun, begun and maybe sent (a crash before the confirmation), or sent. */
export type OutboxState = 'none' | 'pending' | 'sent';

/** Markers for messages that must leave exactly once (the return order to the operator, and its withdrawal). */
export interface OutboxMarkers {
  begin(key: string): Promise<OutboxBegin>;
  confirm(key: string): Promise<void>;
  state(key: string): Promise<OutboxState>;
}
