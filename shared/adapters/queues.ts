import type { DueWork, NotificationMessage } from '../contracts/internal';
import type { ReturnToFundDueEvent } from '../domain/events';

/** The due queue: work that re-checks state when it runs (schedules fire into it; sweeps fan out through it). */
export interface DueQueue {
  enqueue(work: readonly DueWork[]): Promise<void>;
}

/** The notify queue: one message per notification to one chat. */
export interface NotifyQueue {
  enqueue(notifications: readonly NotificationMessage[]): Promise<void>;
}

/** The outbound queue to the authorized operator (FIFO, de-duplicated by event id). */
export interface OutboundQueue {
  returnToFundDue(event: ReturnToFundDueEvent): Promise<void>;
}
