import { KEY_PREFIXES as KEY_PREFIX } from '../shared/adapters/dynamodb/keys';
import { TABLE_KEYS } from '../shared/adapters/dynamodb/table';
import type { TableAccess } from './constructs/data-table';

const { byOwner, byList } = TABLE_KEYS;

/**
 * What each function may do in the table (docs/security.md#least-privilege), by partition-key prefix
 * (shared/adapters/dynamodb/keys.ts). No function may Scan, BatchWriteItem or BatchGetItem; only the bot and the
 * planners delete, each only its own items. test/infra/access.test.ts runs the adapters each function uses and checks
 * every request against this table.
 */
export const TABLE_ACCESS = {
  /**
   * Stores facts (one conditional write; a conflicting version beside the first, which joins the review list) and
   * case members; reads a case's or a citizen's facts and a citizen's cases through the indexes.
   */
  ingest: {
    items: [
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], prefixes: [KEY_PREFIX.event] },
      { actions: ['PutItem'], prefixes: [KEY_PREFIX.member] },
    ],
    indexes: [byOwner.name, byList.name],
  },
  /**
   * Reads facts, chats and whether a return order went out; keeps a case's schedule records (put, replace, remove);
   * unlinks the chats of a citizen whose phone of record changed (rewrites the chat item); keeps each linked chat's
   * coverage and next sweep day (a conditional update).
   */
  planner: {
    items: [
      { actions: ['Query', 'PutItem', 'DeleteItem'], prefixes: [KEY_PREFIX.caseSchedule] },
      { actions: ['PutItem', 'UpdateItem'], prefixes: [KEY_PREFIX.chat] },
      { actions: ['GetItem'], prefixes: [KEY_PREFIX.outbox] },
    ],
    indexes: [byOwner.name, byList.name],
  },
  /**
   * Case schedules as the planner, plus marking them fired; the return-order and withdrawal outbox markers; reads a
   * returning chat, and unlinks it when the phone of record changed while it was unreachable (rewrites the chat item);
   * moves a swept chat's coverage and next sweep day (a conditional update).
   */
  due: {
    items: [
      { actions: ['Query', 'PutItem', 'UpdateItem', 'DeleteItem'], prefixes: [KEY_PREFIX.caseSchedule] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], prefixes: [KEY_PREFIX.chat] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], prefixes: [KEY_PREFIX.outbox] },
    ],
    indexes: [byOwner.name, byList.name],
  },
  /**
   * Reads the chat (and marks it inactive on a 403); claims (postpones) and settles the notification. The claim is one
   * transaction with a check that the chat still exists and names the addressee (`ConditionCheckItem`), so a
   * `/forget` in between cannot be undone. No fact, no index.
   */
  sender: {
    items: [
      { actions: ['GetItem', 'UpdateItem', 'ConditionCheckItem'], prefixes: [KEY_PREFIX.chat] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], prefixes: [KEY_PREFIX.notification] },
    ],
    indexes: [],
  },
  /**
   * Internet-facing, so least of all: chat items (the grammY session; inactive/active on `my_chat_member`; deleted by
   * /forget), the handled-`update_id` marks, the link-attempt counter, and deleting a chat's notifications on
   * /forget; facts only through the indexes, read-only. It cannot write a fact, a case member, a schedule or an
   * outbox marker.
   */
  bot: {
    items: [
      { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], prefixes: [KEY_PREFIX.chat] },
      { actions: ['PutItem', 'DeleteItem'], prefixes: [KEY_PREFIX.update] },
      { actions: ['UpdateItem'], prefixes: [KEY_PREFIX.attempts] },
      { actions: ['DeleteItem'], prefixes: [KEY_PREFIX.notification] },
    ],
    indexes: [byOwner.name, byList.name],
  },
} as const satisfies Record<string, TableAccess>;

export type FunctionName = keyof typeof TABLE_ACCESS;

/** Which one-time schedules a function manages, by name prefix (shared/adapters/scheduler/scheduler.ts). */
export const SCHEDULE_PREFIX = { case: 'case-', delivery: 'deliver-' } as const;
