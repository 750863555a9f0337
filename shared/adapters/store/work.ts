import type { PlannedCaseSchedule } from '../../domain/case-schedule';
import type { Instant } from '../../domain/dates';

/** A case schedule we made, kept so the planner can delete what became obsolete and the daily sweep can find misses. */
export interface CaseScheduleRecord extends PlannedCaseSchedule {
  name: string;
  firedAt?: string;
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
}

export type ClaimOutcome =
  /** This attempt owns the notification: send it (first attempt, or the previous one died — its lease ran out). */
  | 'claimed'
  /** Delivered before (or blocked, skipped, failed for good): do nothing. */
  | 'already_sent'
  /** Another attempt is sending it right now: try again later (the queue redelivers). */
  | 'in_flight';

export interface NotificationMeta {
  chatId: number;
  kind: string;
}

/** The ledger that makes each notification id delivered at most once in all but a crash window of milliseconds. */
export interface NotificationLedger {
  claim(id: string, meta: NotificationMeta): Promise<ClaimOutcome>;
  settle(id: string, outcome: 'sent' | 'blocked' | 'skipped' | 'failed', detail?: string): Promise<void>;
  status(id: string): Promise<string | undefined>;
  /** Deletes every notification item of a chat (`/forget`). */
  forgetChat(chatId: number): Promise<number>;
  /** The notification items of a chat (`ops explain`): id, kind, status and when. */
  ofChat(
    chatId: number,
  ): Promise<{ id: string; kind: string; status: string; claimedAt?: number; settledAt?: string }[]>;
}

/** Markers for messages that must leave exactly once (the return-to-fund order to the operator). */
export interface OutboxMarkers {
  /** True when this call created the marker or an earlier attempt did not confirm sending. */
  begin(key: string): Promise<boolean>;
  confirm(key: string): Promise<void>;
}
