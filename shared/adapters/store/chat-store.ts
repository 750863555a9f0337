import type { ReminderTopic } from '../../domain/notifications';

export type ChatLanguage = 'kk' | 'ru';

/** A Telegram chat as we keep it: language, consent, the citizen it is linked to (a keyed hash), reminder switches. */
export interface ChatRecord {
  chatId: number;
  language: ChatLanguage;
  citizenKey?: string;
  iinMasked?: string;
  consentAt?: string;
  linkedAt?: string;
  /** False once Telegram said the bot was blocked or the chat is gone: nothing more is sent. */
  active: boolean;
  reminders: Record<ReminderTopic, boolean>;
}

export const DEFAULT_REMINDERS: Readonly<Record<ReminderTopic, boolean>> = { pension: true, coverage: true };

/** Linked chats are spread over this many shards, so the daily sweep can fan out and no index partition runs hot. */
export const LINK_SHARDS = 64;

export function linkShard(chatId: number): number {
  return Math.abs(chatId) % LINK_SHARDS;
}

export interface ChatStore {
  getChat(chatId: number): Promise<ChatRecord | undefined>;
  putChat(chat: ChatRecord): Promise<void>;
  /** Linked, active chats of a citizen. */
  chatsOfCitizen(citizenKey: string): Promise<ChatRecord[]>;
  markInactive(chatId: number): Promise<void>;
  /** Linked, active chats of one shard, for the coverage sweep. */
  linkedChats(shard: number): AsyncIterable<ChatRecord>;
  deleteChat(chatId: number): Promise<void>;
}
