import type { IsoDate } from '../../domain/dates';
import type { ReminderTopic } from '../../domain/notifications';
import type { Page, PageRequest } from './work';

export type ChatLanguage = 'kk' | 'ru';

/** A Telegram chat as we keep it: language, consent, the citizen it is linked to (a keyed hash), reminder switches. */
export interface ChatRecord {
  chatId: number;
  language: ChatLanguage;
  citizenKey?: string;
  iinMasked?: string;
  /** The keyed phone of record the chat proved when it linked: a new phone of record for the citizen unlinks it. */
  linkedPhoneKey?: string;
  consentAt?: string;
  linkedAt?: string;
  /** False while Telegram says the bot is blocked (`my_chat_member` kicked, or a 403): nothing is sent. */
  active: boolean;
  reminders: Record<ReminderTopic, boolean>;
  /** The linked citizen's coverage as last derived, and when the coverage sweep must look at the chat next. */
  coverage?: ChatCoverage;
}

/**
 * What the chat keeps of its citizen's coverage (issue 15 item 4; docs/scheduling.md): the sweep reads only chats whose
 * `sweepOn` has come, through the index `LINKED#<shard>` / `<sweepOn>#CHAT#<chatId>`.
 */
export interface ChatCoverage {
  /** The last day of care as derived from the facts; absent when none is known (nothing paid, open exemption). */
  coveredThrough?: IsoDate;
  /**
   * The next day the coverage sweep must look at this chat: a coverage reminder's day, or a day the derivation may
   * change by time alone (the day after a payment falls due, the day after coverage ends). Every day before it is
   * handled. Absent: nothing ahead until a new fact arrives.
   */
  sweepOn?: IsoDate;
  /** When the facts this was derived from were read (ISO instant): an older derivation never overwrites a newer one. */
  derivedAt: string;
}

/** What saving a chat's coverage did: saved, kept a newer derivation, or the chat is no longer linked and active. */
export type CoverageSave = 'saved' | 'newer_kept' | 'not_linked';

export const DEFAULT_REMINDERS: Readonly<Record<ReminderTopic, boolean>> = { pension: true, coverage: true };

/** Linked chats are spread over this many shards, so the daily sweep can fan out and no index partition runs hot. */
export const LINK_SHARDS = 64;

export function linkShard(chatId: number): number {
  return Math.abs(chatId) % LINK_SHARDS;
}

/** One Telegram update as the webhook saw it: `update_id` is unique per bot. */
export interface UpdateKey {
  botId: number;
  updateId: number;
}

export interface ChatStore {
  getChat(chatId: number): Promise<ChatRecord | undefined>;
  putChat(chat: ChatRecord): Promise<void>;
  /** Linked, active chats of a citizen. */
  chatsOfCitizen(citizenKey: string): Promise<ChatRecord[]>;
  /** The bot was blocked (a 403, or `my_chat_member` kicked): the chat leaves every index; a missing chat stays missing. */
  markInactive(chatId: number): Promise<void>;
  /**
   * The chat is reachable again (`my_chat_member` member, or any message or button from it): active again and back in
   * the indexes. Returns the chat as it is now when this call re-activated it; undefined when it was already active
   * or is unknown. Called by the bot while it handles that update, before it answers.
   */
  reactivate(chatId: number): Promise<ChatRecord | undefined>;
  /** Linked, active chats of one shard (every one of them, e.g. to recompute coverage after a rule change). */
  linkedChats(shard: number): AsyncIterable<ChatRecord>;
  /** One page of the linked, active chats of a shard, in index order; `next` continues it. */
  linkedPage(shard: number, page: PageRequest): Promise<Page<ChatRecord>>;
  /**
   * One page of the chats of a shard whose coverage sweep day is on or before `through` (so a day the sweep missed is
   * caught up), coverage reminders on; chats whose coverage was never derived come first.
   */
  coverageDue(shard: number, through: IsoDate, page: PageRequest): Promise<Page<ChatRecord>>;
  /**
   * Keeps a new coverage derivation on the chat, while it is still linked to `chat.citizenKey` and active, unless the
   * chat holds one derived later. Moves the chat in the sweep index.
   */
  saveCoverage(chat: ChatRecord, coverage: ChatCoverage): Promise<CoverageSave>;
  deleteChat(chatId: number): Promise<void>;
  /**
   * Marks a webhook update as taken (one conditional write). False when it was taken before: Telegram redelivered it
   * and it must be ignored. The mark expires after a few days (Telegram keeps an update at most 24 hours).
   */
  claimUpdate(update: UpdateKey): Promise<boolean>;
  /** Drops the mark of an update whose handling failed, so that a redelivery is handled. */
  releaseUpdate(update: UpdateKey): Promise<void>;
}

/** Counts IIN-matching attempts per chat per day; kept apart from the chat so `/forget` cannot reset it. */
export interface LinkAttempts {
  /** Records one attempt and returns how many were made that day, this one included. */
  register(chatId: number, day: string): Promise<number>;
}
