import type { ServerResponse } from 'node:http';
import type {
  Chat,
  ChatMember,
  InlineKeyboardMarkup,
  MaybeInaccessibleMessage,
  Message,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';
import { ApiError, num } from './fake-telegram-http';

/** Update builders and the getUpdates queue for tools/fake-telegram.ts. */

/** A Telegram user as the tests describe one; the private chat with the bot has `chat.id === id`. */
export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A message the fake accepted from `sendMessage`, in delivery order. */
export interface DeliveredMessage {
  chatId: number;
  messageId: number;
  text: string;
  parseMode?: string;
  replyMarkup?: unknown;
  /** `Date.now()` when the fake accepted it. */
  at: number;
}

/** An update before the fake gives it an `update_id`. */
export type NewUpdate = Omit<Update, 'update_id'> & { update_id?: number };

export function fakeBotUser(token: string): UserFromGetMe {
  return {
    id: num(token.split(':')[0]) ?? 100_000_001,
    is_bot: true,
    first_name: 'Fake Bot',
    username: 'fake_test_bot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

export function privateChat(user: FakeUser): Chat.PrivateChat {
  return {
    id: user.id,
    type: 'private',
    first_name: user.first_name,
    ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
    ...(user.username === undefined ? {} : { username: user.username }),
  };
}

export function asUser(user: FakeUser): User {
  return { is_bot: false, ...user };
}

/** Seconds since the epoch, as Telegram's `date` fields. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** A text message from the user; a leading `/command` gets the `bot_command` entity grammY's `bot.command()` needs. */
export function textMessage(user: FakeUser, text: string, messageId: number): Message & Update.NonChannel {
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    message_id: messageId,
    date: unixNow(),
    chat: privateChat(user),
    from: asUser(user),
    text,
    ...(command === undefined ? {} : { entities: [{ type: 'bot_command', offset: 0, length: command.length }] }),
  };
}

export function contactMessage(
  user: FakeUser,
  contact: { phone_number: string; user_id?: number },
  messageId: number,
): Message & Update.NonChannel {
  return {
    message_id: messageId,
    date: unixNow(),
    chat: privateChat(user),
    from: asUser(user),
    contact: {
      phone_number: contact.phone_number,
      first_name: user.first_name,
      ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
      ...(contact.user_id === undefined ? {} : { user_id: contact.user_id }),
    },
  };
}

/** The bot's own message as Telegram shows it inside a callback query (or an inaccessible one when unknown). */
export function botMessage(
  bot: User,
  user: FakeUser,
  delivered: DeliveredMessage | undefined,
  messageId: number,
): MaybeInaccessibleMessage {
  if (delivered === undefined) return { chat: privateChat(user), message_id: messageId, date: 0 };
  const markup = delivered.replyMarkup as Partial<InlineKeyboardMarkup> | undefined;
  return {
    message_id: delivered.messageId,
    date: Math.floor(delivered.at / 1000),
    chat: privateChat(user),
    from: bot,
    text: delivered.text,
    ...(markup?.inline_keyboard === undefined ? {} : { reply_markup: { inline_keyboard: markup.inline_keyboard } }),
  };
}

export function callbackQuery(
  user: FakeUser,
  data: string,
  id: string,
  message: MaybeInaccessibleMessage | undefined,
): NewUpdate {
  return {
    callback_query: {
      id,
      from: asUser(user),
      chat_instance: `ci-${user.id}`,
      data,
      ...(message === undefined ? {} : { message }),
    },
  };
}

/**
 * What Telegram sends when a user blocks (`kicked`) or unblocks (`member`) the bot in their private chat: the bot's
 * own membership changed.
 */
export function myChatMember(
  bot: User,
  user: FakeUser,
  change: { from: 'member' | 'kicked'; to: 'member' | 'kicked' },
): NewUpdate {
  const member = (status: 'member' | 'kicked'): ChatMember =>
    status === 'kicked' ? { status, user: bot, until_date: 0 } : { status, user: bot };
  return {
    my_chat_member: {
      chat: privateChat(user),
      from: asUser(user),
      date: unixNow(),
      old_chat_member: member(change.from),
      new_chat_member: member(change.to),
    },
  };
}

type Waiter = { offset: number; limit: number; finish: (outcome: Update[] | ApiError) => void };

/** Updates waiting for getUpdates, and the long polls waiting for updates. */
export class UpdateQueue {
  private updates: Update[] = [];
  private readonly waiters = new Set<Waiter>();
  private nextId = 1;

  get length(): number {
    return this.updates.length;
  }

  clear(): void {
    this.updates = [];
  }

  push(update: NewUpdate): Update {
    const updateId = update.update_id ?? this.nextId;
    this.nextId = Math.max(this.nextId, updateId + 1);
    const queued: Update = { ...update, update_id: updateId };
    this.updates.push(queued);
    for (const waiter of [...this.waiters]) {
      const ready = this.take(waiter.offset, waiter.limit);
      if (ready.length > 0) waiter.finish(ready);
    }
    return queued;
  }

  /** Drops confirmed updates (id < offset), then answers at once or holds the poll; a newer poll ends an older with 409. */
  poll(offset: number, limit: number, timeoutSeconds: number, res: ServerResponse): Update[] | Promise<Update[]> {
    if (offset > 0) this.updates = this.updates.filter((update) => update.update_id >= offset);
    const conflict = new ApiError(409, 'Conflict: terminated by other getUpdates request');
    for (const waiter of [...this.waiters]) waiter.finish(conflict);
    const ready = this.take(offset, limit);
    if (ready.length > 0 || timeoutSeconds <= 0) return ready;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        offset,
        limit,
        finish: (outcome) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          res.off('close', gone);
          if (outcome instanceof ApiError) reject(outcome);
          else resolve(outcome);
        },
      };
      const gone = (): void => waiter.finish([]);
      const timer = setTimeout(() => waiter.finish(this.take(offset, limit)), timeoutSeconds * 1000);
      res.on('close', gone);
      this.waiters.add(waiter);
    });
  }

  /** Answers every pending poll with no updates. */
  release(): void {
    for (const waiter of [...this.waiters]) waiter.finish([]);
  }

  private take(offset: number, limit: number): Update[] {
    return this.updates.filter((update) => update.update_id >= offset).slice(0, limit);
  }
}

/** The messages the fake delivered, in order, and the tests waiting for some to arrive. */
export class MessageLog {
  readonly messages: DeliveredMessage[] = [];
  private readonly listeners = new Set<(stopped?: boolean) => void>();

  to(chatId: number): DeliveredMessage[] {
    return this.messages.filter((message) => message.chatId === chatId);
  }

  record(message: DeliveredMessage): void {
    this.messages.push(message);
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with every message to the chat once there are at least `count`; rejects after `timeoutMs` or on stop. */
  waitFor(chatId: number, count: number, timeoutMs: number): Promise<DeliveredMessage[]> {
    return new Promise((resolve, reject) => {
      const check = (stopped?: boolean): void => {
        const found = this.to(chatId);
        if (found.length < count && !stopped) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        if (found.length >= count) resolve(found);
        else reject(new Error(`FakeTelegram stopped with ${found.length}/${count} messages to chat ${chatId}`));
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        const got = this.to(chatId).length;
        reject(new Error(`waitForMessages: ${got}/${count} messages to chat ${chatId} after ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Ends every wait (they resolve when they have enough, reject otherwise). */
  stop(): void {
    for (const listener of [...this.listeners]) listener(true);
  }
}
