import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { type BotContext, type BotDependencies, type BotOptions, createBot } from '../../functions/bot/bot';
import { DynamoLinkAttempts } from '../../shared/adapters/dynamodb/attempts';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger';
import { toFactRecord } from '../../shared/app/fact-record';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { UpstreamEvent } from '../../shared/domain/events';
import { FakeTelegram, type FakeUser } from '../../tools/fake-telegram';
import { createTestTable, type TestTable } from '../helpers/dynamodb';
import { at } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { RecordingTelemetry } from '../helpers/sqs';

/** The bot operator's support contact in the tests (what `SUPPORT_CONTACT` holds in the cloud). */
export const SUPPORT_CONTACT = '@osms_bot_support';
export const NOW = at('2026-05-28T12:00');

export const user = (id: number, first_name = 'Test'): FakeUser => ({ id, first_name, language_code: 'kk' });

export const buttons = (markup: unknown) =>
  ((markup as { inline_keyboard?: { text: string; callback_data: string }[][] })?.inline_keyboard ?? []).flat();

/** A table on DynamoDB Local with the given facts, the fake Bot API, and bots wired to both as the webhook wires them. */
export class BotFixture {
  telemetry = new RecordingTelemetry();
  bot!: Bot<BotContext>;
  /** Chats the bot said came back (the due queue's `chat_returned` in the cloud). */
  readonly returned: number[] = [];

  private constructor(
    readonly telegram: FakeTelegram,
    readonly table: TestTable,
  ) {}

  static async start(endpoint: string, events: readonly UpstreamEvent[]): Promise<BotFixture> {
    const fixture = new BotFixture(
      await FakeTelegram.start({ limits: { enforce: false } }),
      await createTestTable(endpoint),
    );
    for (const event of events) await fixture.facts.record(toFactRecord(event, testIdentity));
    fixture.bot = fixture.botOnTestTable();
    return fixture;
  }

  get facts() {
    return new DynamoFactStore(this.table.documents, this.table.tableName);
  }

  get chats() {
    return new DynamoChatStore(this.table.documents, this.table.tableName);
  }

  get ledger() {
    return new DynamoNotificationLedger(this.table.documents, this.table.tableName);
  }

  /** A fresh recording telemetry and a bot with a generous rate limit, for each test. */
  reset(): void {
    this.telemetry = new RecordingTelemetry();
    this.returned.length = 0;
    this.bot = this.botOnTestTable();
  }

  botOnTestTable(options: BotOptions = {}, extra: Partial<BotDependencies> = {}): Bot<BotContext> {
    return createBot(
      this.telegram.token,
      {
        facts: this.facts,
        chats: this.chats,
        attempts: new DynamoLinkAttempts(this.table.documents, this.table.tableName),
        ledger: this.ledger,
        identity: testIdentity,
        calendar: kazakhstanCalendar(),
        clock: { now: () => NOW },
        telemetry: this.telemetry,
        supportContact: SUPPORT_CONTACT,
        chatReturns: { chatReturned: async (chatId) => void this.returned.push(chatId) },
        ...extra,
      },
      {
        botInfo: this.telegram.bot,
        apiRoot: this.telegram.apiRoot,
        rateLimit: { limit: 1_000, timeFrameMs: 1_000 },
        ...options,
      },
    );
  }

  /** Hands an update to the bot as Telegram would and returns the bot's replies to that chat. */
  async send(update: Update, chatId: number, bot = this.bot) {
    const before = this.telegram.messagesTo(chatId).length;
    await bot.handleUpdate(update);
    return this.telegram.messagesTo(chatId).slice(before);
  }

  text = (from: FakeUser, body: string) => this.send(this.telegram.sendText(from, body), from.id);
  press = (from: FakeUser, data: string) => this.send(this.telegram.pressButton(from, data), from.id);
  shareContact = (from: FakeUser, phone: string, ownerId = from.id) =>
    this.send(this.telegram.shareContact(from, { phone_number: phone, user_id: ownerId }), from.id);

  /** `/start`, consent, the citizen's own contact, the IIN: the replies to the IIN. */
  async link(from: FakeUser, phone: string, iin: string) {
    await this.text(from, '/start');
    await this.press(from, 'consent:agree');
    await this.shareContact(from, phone.replace('+', ''));
    return this.text(from, iin);
  }

  async stop(): Promise<void> {
    await this.telegram.stop();
  }
}
