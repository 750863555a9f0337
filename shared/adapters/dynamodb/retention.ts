/** Notifications and outbox markers are kept this long, then expire by TTL (docs/data-model.md). */
export const WORK_RETENTION_SECONDS = 400 * 86_400;

/** The TTL attribute's value for an item written at `now`. */
export const expiresAt = (now: number) => Math.floor(now / 1000) + WORK_RETENTION_SECONDS;
