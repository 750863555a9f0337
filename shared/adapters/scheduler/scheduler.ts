import { createHash } from 'node:crypto';
import type { Instant } from '../../domain/dates';

/** Where a schedule delivers: the due queue (checks that re-read state) or the notify queue (a delayed delivery). */
export type ScheduleTarget = 'due' | 'notify';

export interface OneTimeSchedule {
  /** Deterministic: putting the same name twice yields one schedule. */
  name: string;
  at: Instant;
  target: ScheduleTarget;
  payload: unknown;
}

/** One-time schedules: EventBridge Scheduler in the cloud, the table locally. */
export interface Scheduler {
  /** Creates the schedule, or moves it when one of that name exists. */
  put(schedule: OneTimeSchedule): Promise<void>;
  /** Deletes it; deleting one that does not exist (already fired) is not an error. */
  delete(name: string): Promise<void>;
}

const shortHash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** EventBridge names allow `[0-9a-zA-Z-_.]`, ≤ 64 characters; case ids allow more, so they are hashed. */
export function caseScheduleName(caseId: string, key: string): string {
  return `case-${shortHash(caseId, 20)}-${key}`;
}

export function deliveryScheduleName(notificationId: string): string {
  return `deliver-${shortHash(notificationId, 32)}`;
}
