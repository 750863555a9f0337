import type { Message, UserFromGetMe } from 'grammy/types';
import { ApiError, type DeliveryRules, type FakeTelegramStats, num, type Params } from './fake-telegram-http';
import { botMessage, type DeliveredMessage, type FakeUser, MessageLog, unixNow } from './fake-telegram-updates';

/** The chats' bookkeeping for tools/fake-telegram.ts: who the users are, what the bot sent, edited and showed. */

export interface RecordedEdit {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup?: unknown;
  at: number;
}

export class FakeChats {
  readonly log = new MessageLog();
  readonly edits: RecordedEdit[] = [];
  readonly chatActions: { chatId: number; action: string }[] = [];
  private nextMessageId = 1;
  private readonly users = new Map<number, FakeUser>();

  constructor(
    private readonly bot: UserFromGetMe,
    private readonly rules: DeliveryRules,
    private readonly stats: FakeTelegramStats,
  ) {}

  /** Remembers the user (their private chat has `chat.id === id`) for the messages the bot sends them. */
  remember(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** The next message id: one sequence for every message, the users' and the bot's. */
  newMessageId(): number {
    return this.nextMessageId++;
  }

  userOf(chatId: number): FakeUser {
    return this.users.get(chatId) ?? { id: chatId, first_name: '' };
  }

  clear(): void {
    this.log.messages.length = 0;
    this.edits.length = 0;
    this.chatActions.length = 0;
  }

  sendChatAction(p: Params): true {
    const chatId = this.rules.reachable(p);
    this.chatActions.push({ chatId, action: String(p.action ?? '') });
    return true;
  }

  sendMessage(p: Params): Message {
    this.rules.programmed(p);
    const chat = this.rules.reachable(p);
    const text = typeof p.text === 'string' ? p.text : '';
    if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
    if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
    const now = Date.now();
    this.rules.pace(chat, now);
    const replyMarkup = typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup;
    const delivered: DeliveredMessage = {
      chatId: chat,
      messageId: this.nextMessageId++,
      text,
      ...(typeof p.parse_mode === 'string' ? { parseMode: p.parse_mode } : {}),
      ...(replyMarkup === undefined ? {} : { replyMarkup }),
      at: now,
    };
    this.log.record(delivered);
    this.stats.delivered++;
    return botMessage(this.bot, this.userOf(chat), delivered, delivered.messageId) as Message;
  }

  editMessageText(p: Params): Message | true {
    if (p.inline_message_id !== undefined) return true;
    const chatId = this.rules.reachable(p);
    const messageId = num(p.message_id);
    const original = this.log.messages.find((m) => m.chatId === chatId && m.messageId === messageId);
    if (original === undefined || messageId === undefined)
      throw new ApiError(400, 'Bad Request: message to edit not found');
    const current = this.edits.findLast((e) => e.chatId === chatId && e.messageId === messageId) ?? original;
    const text = typeof p.text === 'string' ? p.text : '';
    if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
    if (text === current.text && JSON.stringify(p.reply_markup) === JSON.stringify(current.replyMarkup))
      throw new ApiError(400, 'Bad Request: message is not modified');
    const edit = { chatId, messageId, text, ...(p.reply_markup === undefined ? {} : { replyMarkup: p.reply_markup }) };
    this.edits.push({ ...edit, at: Date.now() });
    const shown = { ...original, text, replyMarkup: p.reply_markup };
    return { ...(botMessage(this.bot, this.userOf(chatId), shown, messageId) as Message), edit_date: unixNow() };
  }

  /** An edit that changes only the keyboard: the text stays what the message shows now (its last edit, or as sent). */
  editMessageReplyMarkup(p: Params): Message | true {
    return this.editMessageText({ ...p, text: this.shownText(p) });
  }

  private shownText(p: Params): string {
    const chatId = num(p.chat_id);
    const messageId = num(p.message_id);
    const original = this.log.messages.find((m) => m.chatId === chatId && m.messageId === messageId);
    return this.edits.findLast((e) => e.chatId === chatId && e.messageId === messageId)?.text ?? original?.text ?? '';
  }
}
