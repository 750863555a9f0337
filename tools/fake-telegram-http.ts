import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotCommand, Update } from 'grammy/types';
import type { FakeTelegram } from './fake-telegram';
import type { FakeUser, NewUpdate } from './fake-telegram-updates';

/** The HTTP side of tools/fake-telegram.ts: wire helpers, Telegram's rate window, and the `/control/*` side door. */

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

const chatIdOf = (p: Params): number => {
  const chatId = num(p.chatId ?? p.chat_id);
  if (chatId === undefined) throw new ApiError(400, 'Bad Request: chatId must be an integer');
  return chatId;
};

/**
 * `POST /control/<action>` — not part of the Bot API; only on 127.0.0.1. Acts as Telegram's users would: a citizen
 * typing, sharing a contact, pressing a button (`npm run chat`), blocking or unblocking the bot, or any raw update.
 */
export function control(fake: FakeTelegram, action: string, p: Params): unknown {
  const from = (p.from ?? {}) as FakeUser;
  switch (action) {
    case 'text':
      return fake.sendText(from, String(p.text ?? ''));
    case 'contact':
      return fake.shareContact(from, {
        phone_number: String(p.phone_number ?? ''),
        ...(p.user_id === undefined ? {} : { user_id: Number(p.user_id) }),
      });
    case 'press':
      return fake.pressButton(
        from,
        String(p.data ?? ''),
        p.message_id === undefined ? undefined : Number(p.message_id),
      );
    case 'messages': {
      const after = Number(p.after ?? 0);
      return fake.messagesTo(Number(p.chat_id)).filter((m) => m.messageId > after);
    }
    case 'block':
      return fake.blockChat(chatIdOf(p));
    case 'unblock':
      return fake.unblockChat(chatIdOf(p));
    case 'update':
      return fake.pushUpdate(rawUpdate(p));
    default:
      throw new ApiError(404, 'Not Found: control action');
  }
}

/** The body of `POST /control/update`: one update as Telegram would send it (`update_id` optional). */
function rawUpdate(p: Params): NewUpdate {
  const kinds = Object.keys(p).filter((key) => key !== 'update_id');
  if (kinds.length !== 1) throw new ApiError(400, 'Bad Request: an update has exactly one field besides update_id');
  if (p.update_id === undefined) return p as unknown as NewUpdate;
  const updateId = num(p.update_id);
  if (updateId === undefined) throw new ApiError(400, 'Bad Request: update_id must be an integer');
  return { ...p, update_id: updateId } as unknown as Update;
}

/** Telegram's limits: messages per second overall and per chat (sliding one-second window), enforced or not. */
export interface FakeLimits {
  globalPerSecond: number;
  perChatPerSecond: number;
  enforce: boolean;
}

/** Whether a message may go to a chat now: programmed failures, blocked chats (403), Telegram's pace (429). */
export class DeliveryRules {
  readonly blocked = new Set<number>();
  private readonly failures: FakeFailure[] = [];
  private readonly chatFailures = new Map<number, FakeFailure[]>();
  private globalWindow: SlidingWindow;
  private readonly chatWindows = new Map<number, SlidingWindow>();

  constructor(private readonly limits: FakeLimits) {
    this.globalWindow = new SlidingWindow(limits.globalPerSecond);
  }

  failNext(count: number, failure: FakeFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  failNextFor(chatId: number, count: number, failure: FakeFailure): void {
    const list = this.chatFailures.get(chatId) ?? [];
    for (let i = 0; i < count; i++) list.push(failure);
    this.chatFailures.set(chatId, list);
  }

  /** Throws the next programmed failure for this send (the chat's own first, then any chat's). */
  programmed(p: Params): void {
    const chatId = num(p.chat_id);
    const failure =
      (chatId === undefined ? undefined : this.chatFailures.get(chatId)?.shift()) ?? this.failures.shift();
    if (failure !== undefined) throw programmedError(failure);
  }

  /** The chat a request names, when it exists and has not blocked the bot. */
  reachable(p: Params): number {
    if (p.chat_id === undefined || p.chat_id === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chatId = num(p.chat_id);
    if (chatId === undefined) throw new ApiError(400, 'Bad Request: chat not found');
    if (this.blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return chatId;
  }

  /** Counts one message to `chat` at `now`, or throws 429 when it does not fit Telegram's pace. */
  pace(chat: number, now: number): void {
    const chatWindow = this.chatWindows.get(chat) ?? new SlidingWindow(this.limits.perChatPerSecond);
    this.chatWindows.set(chat, chatWindow);
    if (this.limits.enforce) {
      const wait = Math.max(this.globalWindow.retryAfter(now), chatWindow.retryAfter(now));
      if (wait > 0) throw new ApiError(429, `Too Many Requests: retry after ${wait}`, wait);
    }
    this.globalWindow.record(now);
    chatWindow.record(now);
  }

  reset(): void {
    this.blocked.clear();
    this.failures.length = 0;
    this.chatFailures.clear();
    this.globalWindow = new SlidingWindow(this.limits.globalPerSecond);
    this.chatWindows.clear();
  }
}

/** The Bot API methods that only record a setting or an answer; undefined for any other method. */
export function settingsMethod(fake: FakeTelegram, method: string, p: Params): { result: unknown } | undefined {
  const language = typeof p.language_code === 'string' ? p.language_code : '';
  switch (method) {
    case 'answercallbackquery':
      fake.callbackAnswers.push({
        callbackQueryId: String(p.callback_query_id ?? ''),
        ...(typeof p.text === 'string' ? { text: p.text } : {}),
        ...(p.show_alert === undefined ? {} : { showAlert: p.show_alert === true || p.show_alert === 'true' }),
      });
      return { result: true };
    case 'setmycommands':
      if (!Array.isArray(p.commands)) throw new ApiError(400, 'Bad Request: commands are empty');
      fake.commands[language] = p.commands as BotCommand[];
      return { result: true };
    case 'deletemycommands':
      delete fake.commands[language];
      return { result: true };
    case 'getmycommands':
      return { result: fake.commands[language] ?? [] };
    case 'setwebhook':
      fake.webhookUrl = typeof p.url === 'string' ? p.url : '';
      return { result: true };
    case 'deletewebhook':
      fake.webhookUrl = '';
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') fake.dropPendingUpdates();
      return { result: true };
    case 'getwebhookinfo':
      return {
        result: { url: fake.webhookUrl, has_custom_certificate: false, pending_update_count: fake.pendingUpdateCount },
      };
    default:
      return undefined;
  }
}
