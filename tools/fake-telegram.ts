import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Update, UserFromGetMe } from 'grammy/types';
import { FakeChats, type RecordedEdit } from './fake-telegram-chats';
import {
  ApiError,
  control,
  DeliveryRules,
  emptyStats,
  type FakeFailure,
  type FakeLimits,
  type FakeTelegramStats,
  num,
  type Params,
  readParams,
  send,
  settingsMethod,
} from './fake-telegram-http';
import {
  botMessage,
  callbackQuery,
  contactMessage,
  type DeliveredMessage,
  type FakeUser,
  fakeBotUser,
  myChatMember,
  type NewUpdate,
  textMessage,
  UpdateQueue,
} from './fake-telegram-updates';

export type { FakeFailure, FakeTelegramStats } from './fake-telegram-http';
export type { DeliveredMessage, FakeUser, NewUpdate } from './fake-telegram-updates';

export interface FakeTelegramOptions {
  token?: string;
  /** Telegram's limits: 30 messages/s overall, 1 message/s per chat (sliding one-second window). */
  limits?: { globalPerSecond?: number; perChatPerSecond?: number; enforce?: boolean };
}

/** Longest a getUpdates long poll is held open, whatever `timeout` the client asked for (grammY asks for 30). */
const MAX_POLL_SECONDS = 3;

/** A fake Telegram Bot API on 127.0.0.1 for grammY (`apiRoot`), with Telegram's rate limits and programmable failures. */
export class FakeTelegram {
  readonly messages: DeliveredMessage[];
  readonly stats: FakeTelegramStats = emptyStats();
  /** Last `setMyCommands` per `language_code` (`''` = no language code). */
  readonly commands: Record<string, BotCommand[]> = {};
  readonly edits: RecordedEdit[];
  readonly callbackAnswers: { callbackQueryId: string; text?: string; showAlert?: boolean }[] = [];
  readonly chatActions: { chatId: number; action: string }[];
  /** Bot API calls answered per method (lower case, e.g. `getme`, `sendmessage`), failed calls included. */
  readonly methodCalls: Record<string, number> = {};
  webhookUrl = '';
  readonly bot: UserFromGetMe;

  private server: Server | undefined;
  private port = 0;
  private nextCallbackId = 1;
  private readonly queue = new UpdateQueue();
  private readonly sleepers = new Set<() => void>();
  private readonly delays: number[] = [];
  private readonly rules: DeliveryRules;
  private readonly chats: FakeChats;
  private stopping = false;

  private constructor(
    readonly token: string,
    limits: FakeLimits,
  ) {
    this.bot = fakeBotUser(token);
    this.rules = new DeliveryRules(limits);
    this.chats = new FakeChats(this.bot, this.rules, this.stats);
    this.messages = this.chats.log.messages;
    this.edits = this.chats.edits;
    this.chatActions = this.chats.chatActions;
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const limits = { globalPerSecond: 30, perChatPerSecond: 1, enforce: true, ...options.limits };
    const fake = new FakeTelegram(options.token ?? '123456789:fake-telegram-token', limits);
    const server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.server = server;
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.queue.release();
    for (const wake of [...this.sleepers]) wake();
    this.chats.log.stop();
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    // close() drops idle keep-alive sockets; the pending polls answered above get a moment to flush before the rest go.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.closeAllConnections();
    await closed;
  }

  // --- programmable behaviour -------------------------------------------------------------------------------------

  /**
   * The user blocks the bot, as in Telegram: messages to the chat get 403 from now on, and the bot receives the
   * `my_chat_member` update (member → kicked). Blocking a blocked chat changes nothing and sends no update.
   */
  blockChat(chatId: number): Update | undefined {
    if (this.rules.blocked.has(chatId)) return undefined;
    this.rules.blocked.add(chatId);
    return this.pushUpdate(myChatMember(this.bot, this.chats.userOf(chatId), { from: 'member', to: 'kicked' }));
  }

  /** The user unblocks the bot: messages are delivered again, and the bot receives `my_chat_member` (→ member). */
  unblockChat(chatId: number): Update | undefined {
    if (!this.rules.blocked.delete(chatId)) return undefined;
    return this.pushUpdate(myChatMember(this.bot, this.chats.userOf(chatId), { from: 'kicked', to: 'member' }));
  }

  /** The next `count` sendMessage calls (any chat) fail this way. */
  failNext(count: number, failure: FakeFailure): void {
    this.rules.failNext(count, failure);
  }

  /** The next `count` sendMessage calls to `chatId` fail this way (checked before the global ones). */
  failNextFor(chatId: number, count: number, failure: FakeFailure): void {
    this.rules.failNextFor(chatId, count, failure);
  }

  /** The next request other than getUpdates waits `ms` before it is handled; it is handled even if the client gave up. */
  delayNext(ms: number): void {
    this.delays.push(ms);
  }

  reset(): void {
    this.chats.clear();
    this.callbackAnswers.length = 0;
    Object.assign(this.stats, emptyStats());
    for (const key of Object.keys(this.commands)) delete this.commands[key];
    for (const key of Object.keys(this.methodCalls)) delete this.methodCalls[key];
    this.queue.clear();
    this.rules.reset();
    this.delays.length = 0;
    this.webhookUrl = '';
  }

  // --- recording --------------------------------------------------------------------------------------------------

  messagesTo(chatId: number): DeliveredMessage[] {
    return this.chats.log.to(chatId);
  }

  /** Resolves with every message delivered to the chat so far once there are at least `count`. */
  waitForMessages(chatId: number, count: number, timeoutMs = 5000): Promise<DeliveredMessage[]> {
    return this.chats.log.waitFor(chatId, count, timeoutMs);
  }

  // --- updates ----------------------------------------------------------------------------------------------------

  /** Queues an update for getUpdates (`update_id` auto-incremented when missing). */
  pushUpdate(update: NewUpdate): Update {
    return this.queue.push(update);
  }

  get pendingUpdateCount(): number {
    return this.queue.length;
  }

  dropPendingUpdates(): void {
    this.queue.clear();
  }

  sendText(from: FakeUser, text: string): Update {
    this.chats.remember(from);
    return this.pushUpdate({ message: textMessage(from, text, this.chats.newMessageId()) });
  }

  shareContact(from: FakeUser, contact: { phone_number: string; user_id?: number }): Update {
    this.chats.remember(from);
    return this.pushUpdate({ message: contactMessage(from, contact, this.chats.newMessageId()) });
  }

  /** Presses an inline button under `messageId` (default: the last message the bot sent to this user). */
  pressButton(from: FakeUser, data: string, messageId?: number): Update {
    this.chats.remember(from);
    const sent = this.messagesTo(from.id);
    const delivered = messageId === undefined ? sent.at(-1) : sent.find((m) => m.messageId === messageId);
    const id = messageId ?? delivered?.messageId;
    const message = id === undefined ? undefined : botMessage(this.bot, from, delivered, id);
    return this.pushUpdate(callbackQuery(from, data, String(this.nextCallbackId++), message));
  }

  // --- HTTP -------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]*)\/([A-Za-z]+)$/.exec(url.pathname);
    try {
      const params = await readParams(req, url);
      if (url.pathname.startsWith('/control/')) {
        send(res, 200, { ok: true, result: control(this, url.pathname.slice('/control/'.length), params) });
        return;
      }
      if (match === null) throw new ApiError(404, 'Not Found');
      if (match[1] !== this.token) throw new ApiError(401, 'Unauthorized');
      const method = (match[2] ?? '').toLowerCase();
      this.methodCalls[method] = (this.methodCalls[method] ?? 0) + 1;
      const delay = method === 'getupdates' ? undefined : this.delays.shift();
      if (delay !== undefined) await this.sleep(delay);
      const result = await this.call(method, params, res);
      send(res, 200, { ok: true, result });
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(500, 'Internal Server Error');
      const { code } = failure;
      if (code === 429) this.stats.rejected429++;
      else if (code === 403) this.stats.rejected403++;
      else if (code === 400) this.stats.failed400++;
      else if (code >= 500) this.stats.failed5xx++;
      const parameters = failure.retryAfter === undefined ? {} : { parameters: { retry_after: failure.retryAfter } };
      send(res, code, { ok: false, error_code: code, description: failure.description, ...parameters });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private call(method: string, p: Params, res: ServerResponse): unknown {
    const recorded = settingsMethod(this, method, p);
    if (recorded !== undefined) return recorded.result;
    switch (method) {
      case 'getme':
        return this.bot;
      case 'sendmessage':
        return this.chats.sendMessage(p);
      case 'editmessagetext':
        return this.chats.editMessageText(p);
      case 'editmessagereplymarkup':
        return this.chats.editMessageReplyMarkup(p);
      case 'sendchataction':
        return this.chats.sendChatAction(p);
      case 'getupdates':
        return this.getUpdates(p, res);
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  private getUpdates(p: Params, res: ServerResponse): Update[] | Promise<Update[]> {
    if (this.webhookUrl !== '')
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook first");
    const limit = Math.min(100, Math.max(1, num(p.limit) ?? 100));
    const timeout = this.stopping ? 0 : Math.min(MAX_POLL_SECONDS, Math.max(0, num(p.timeout) ?? 0));
    return this.queue.poll(num(p.offset) ?? 0, limit, timeout, res);
  }
}
