import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Chat,
  InlineKeyboardMarkup,
  MaybeInaccessibleMessage,
  Message,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';

/** Wire helpers and Update builders for tools/fake-telegram.ts. */

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

/** A programmed failure for `failNext` / `failNextFor`. */
export interface FakeFailure {
  code: 500 | 502 | 400 | 403 | 429;
  description?: string;
  /** Sent as `parameters.retry_after` (defaults to 1 for 429; auto-retry honours it whatever the code). */
  retryAfter?: number;
}

export interface FakeTelegramStats {
  delivered: number;
  rejected429: number;
  rejected403: number;
  failed5xx: number;
  failed400: number;
  /** Every HTTP request the fake answered, any method, getUpdates included. */
  requests: number;
}

export const emptyStats = (): FakeTelegramStats => ({
  delivered: 0,
  rejected429: 0,
  rejected403: 0,
  failed5xx: 0,
  failed400: 0,
  requests: 0,
});

export type Params = Record<string, unknown>;

/** An answer `{ ok: false, error_code, description, parameters? }` with the same HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: chat not found',
  403: 'Forbidden: bot was blocked by the user',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export function programmedError(failure: FakeFailure): ApiError {
  const retryAfter = failure.retryAfter ?? (failure.code === 429 ? 1 : undefined);
  const fallback = DEFAULT_DESCRIPTIONS[failure.code] ?? `Too Many Requests: retry after ${retryAfter}`;
  return new ApiError(failure.code, failure.description ?? fallback, retryAfter);
}

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;

/** Query string plus a JSON (what grammY sends) or form-encoded body. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  const query = Object.fromEntries(url.searchParams);
  if (raw === '') return query;
  if (type.startsWith('multipart/')) throw new ApiError(400, 'Bad Request: multipart uploads are not supported');
  if (type.startsWith('application/x-www-form-urlencoded'))
    return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ...query, ...parsed };
  } catch {}
  throw new ApiError(400, "Bad Request: can't parse JSON");
}

export function send(res: ServerResponse, status: number, body: object): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

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

/** Sliding one-second window of accepted sends; `retryAfter` tells how long until one more would fit. */
export class SlidingWindow {
  private readonly times: number[] = [];

  constructor(private readonly perSecond: number) {}

  /** Whole seconds (≥ 1) to wait, or 0 when one more send fits now. */
  retryAfter(now: number): number {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - 1000) this.times.shift();
    if (this.times.length < this.perSecond) return 0;
    const oldest = this.times[this.times.length - this.perSecond] ?? now;
    return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
  }

  record(now: number): void {
    this.times.push(now);
  }
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
