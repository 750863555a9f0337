import type { ReminderTopic } from '../../domain/notifications';

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
}

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
  /** Linked, active chats of one shard, for the coverage sweep. */
  linkedChats(shard: number): AsyncIterable<ChatRecord>;
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
