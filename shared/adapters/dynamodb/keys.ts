import { TABLE_KEYS } from './table';

/**
 * Every key of the one table, one function per entity, mirroring `docs/data-model.md`. Adapters build keys only here,
 * so the layout can be read (and changed) in one place, and the CDK's `dynamodb:LeadingKeys` conditions name the same
 * prefixes (`KEY_PREFIXES`).
 */
export const KEY_PREFIXES = {
  event: 'EVT#',
  member: 'MEMBER#',
  chat: 'CHAT#',
  update: 'UPDATE#',
  attempts: 'ATTEMPTS#',
  caseSchedule: 'CASESCHED#',
  notification: 'NOTIF#',
  outbox: 'OUTBOX#',
  localSchedule: 'LSCHED#',
} as const;

export interface ItemKey {
  pk: string;
  sk: string;
}

const { partitionKey: PK, sortKey: SK } = TABLE_KEYS;
const key = (pk: string, sk: string): ItemKey => ({ [PK]: pk, [SK]: sk }) as unknown as ItemKey;

// ── Facts ────────────────────────────────────────────────────────────────────────────────────────────────────────
/** The first version of an event: the item whose conditional put is the idempotency check. */
export const factKey = (eventKey: string) => key(`${KEY_PREFIXES.event}${eventKey}`, 'FACT');
/** A further, conflicting version of an event, kept beside the first (never deleted: docs/domain.md "Conflicts"). */
export const factVersionKey = (eventKey: string, version: string) =>
  key(`${KEY_PREFIXES.event}${eventKey}`, `V#${version}`);
/** `byOwner` partitions of a citizen's and a case's facts: the owner a fact record names (shared/app/fact-record.ts). */
export { caseOwner, citizenOwner } from '../../app/fact-record';
/** `byList` partition of the open review items (conflicts; later held conclusions and rule flags). */
export const REVIEW_LIST = 'REVIEW';
export const reviewSort = (kind: string, occurredAt: string, eventKey: string) => `${kind}#${occurredAt}#${eventKey}`;

// ── Case members: who may be told about a case, and the cases of a citizen ───────────────────────────────────────
export const memberKey = (caseId: string, citizenKey: string) =>
  key(`${KEY_PREFIXES.member}${caseId}#${citizenKey}`, 'MEMBER');
export const memberListSort = (caseId: string) => `CASE#${caseId}`;

// ── Chats ────────────────────────────────────────────────────────────────────────────────────────────────────────
export const chatKey = (chatId: number) => key(`${KEY_PREFIXES.chat}${chatId}`, 'CHAT');
export const citizenChatsOwner = (citizenKey: string) => `CHATS#${citizenKey}`;
export const linkedShardList = (shard: number) => `LINKED#${shard}`;
/** A chat's sort key in a citizen's chats. */
export const chatListSort = (chatId: number) => `${KEY_PREFIXES.chat}${chatId}`;
/**
 * A chat's sort key in its sweep shard `LINKED#<shard>`: the day the coverage sweep must read it, so the sweep reads
 * `<= <today>#~` and nothing else. Never derived yet (`null`) sorts first (read at the next sweep); no day ahead, or
 * coverage reminders off (`undefined`), sorts after every date (`~`, never read by the sweep, still in the shard).
 */
export const coverageSweepSort = (day: string | null | undefined, chatId: number) =>
  `${day === null ? '0000-00-00' : (day ?? '~')}#${chatListSort(chatId)}`;
/** The upper bound of the sweep's query: every chat whose sweep day is on or before `day`. */
export const coverageSweepThrough = (day: string) => `${day}#~`;
export const updateKey = (botId: number, updateId: number) =>
  key(`${KEY_PREFIXES.update}${botId}#${updateId}`, 'UPDATE');
export const attemptsKey = (chatId: number, day: string) => key(`${KEY_PREFIXES.attempts}${chatId}#${day}`, 'ATTEMPTS');

// ── Work: schedules, notifications, outbox ───────────────────────────────────────────────────────────────────────
export const caseScheduleKey = (caseId: string, scheduleKey: string) =>
  key(`${KEY_PREFIXES.caseSchedule}${caseId}`, scheduleKey);
export const caseSchedulePartition = (caseId: string) => `${KEY_PREFIXES.caseSchedule}${caseId}`;
export const dueDayList = (day: string) => `DUE#${day}`;
export const notificationKey = (id: string) => key(`${KEY_PREFIXES.notification}${id}`, 'NOTIF');
export const chatNotificationsOwner = (chatId: number) => `NOTIFS#${chatId}`;
export const outboxKey = (marker: string) => key(`${KEY_PREFIXES.outbox}${marker}`, 'OUTBOX');
export const localScheduleKey = (name: string) => key(`${KEY_PREFIXES.localSchedule}${name}`, 'LSCHED');
export const LOCAL_SCHEDULE_LIST = 'LSCHED';

/** The GSI attributes an item may carry; stripped when an item is turned back into a domain record. */
export const INDEX_ATTRIBUTES = [
  TABLE_KEYS.byOwner.partitionKey,
  TABLE_KEYS.byOwner.sortKey,
  TABLE_KEYS.byList.partitionKey,
  TABLE_KEYS.byList.sortKey,
] as const;

/** An item without its table and index keys: the record an adapter maps to a domain type. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...item };
  for (const name of [PK, SK, ...INDEX_ATTRIBUTES]) delete rest[name];
  return rest;
}
