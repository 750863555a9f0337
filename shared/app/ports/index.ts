/**
 * The ports of the use cases, in one place: interfaces only (and the errors a port's contract names). Implementations
 * live in `shared/adapters/` (AWS, HMAC, grammY) and `test/helpers/in-memory-*.ts`.
 */
export type { ChatCoverage, ChatLanguage, ChatRecord, ChatStore, CoverageSave, LinkAttempts } from './chat-store';
export { DEFAULT_REMINDERS, LINK_SHARDS, linkShard } from './chat-store';
export type { Clock } from './clock';
export type { FactStore, RecordOutcome, Resolution, ResolveOutcome, ReviewItem } from './fact-store';
export type { Identity } from './identity';
export type { TelegramSender } from './telegram';
export { ChatUnreachableError, MessageRejectedError } from './telegram';
export * from './work';
