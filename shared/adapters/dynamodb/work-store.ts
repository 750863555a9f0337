/**
 * @deprecated Split into one store per file (issue 11 item 4): import from `schedule-book.ts`,
 * `notification-ledger.ts` and `outbox-markers.ts`. Kept only until the remaining importers (ops, bot, local stack,
 * bench) move; delete then.
 */
export { CLAIM_LEASE_MS, DynamoNotificationLedger } from './notification-ledger';
export { DynamoOutboxMarkers } from './outbox-markers';
export { DynamoScheduleBook } from './schedule-book';
