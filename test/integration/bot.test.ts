import type { Context as LambdaContext } from 'aws-lambda';
import fc from 'fast-check';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type BotContext, createBot, LINK_ATTEMPTS_PER_DAY } from '../../functions/bot/bot';
import { registerCommands } from '../../functions/bot/commands';
import { makeHandler } from '../../functions/bot/handler';
import { startLongPolling } from '../../functions/bot/polling';
import { t } from '../../functions/bot/screens';
import { DynamoLinkAttempts } from '../../shared/adapters/dynamodb/attempts';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/work-store';
import { StaticSecretSource } from '../../shared/adapters/secrets';
import { toFactRecord } from '../../shared/adapters/store/fact-record';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { UpstreamEvent } from '../../shared/domain/events';
import { formatDate } from '../../shared/messages/format';
import { FakeTelegram } from '../../tools/fake-telegram';
import { createTestTable, type TestTable } from '../helpers/dynamodb';
import { application, at, contact, credited, IIN, paidMonths } from '../helpers/events';
import { TEST_IDENTITY_SECRET, testIdentity } from '../helpers/identity';
import { validIin } from '../helpers/iin';
import { RecordingTelemetry } from '../helpers/sqs';

const PHONE = { aigerim: '+77015550123', bolat: '+77025550456' };
const now = at('2026-05-28T12:00');
const user = (id: number, first_name = 'Test') => ({ id, first_name, language_code: 'kk' });

let telegram: FakeTelegram;
let table: TestTable;
let bot: Bot<BotContext>;
let telemetry: RecordingTelemetry;

beforeAll(async () => {
  telegram = await FakeTelegram.start({ limits: { enforce: false } });
  table = await createTestTable(inject('dynamodbEndpoint'));
  const facts = new DynamoFactStore(table.documents, table.tableName);
  const events: UpstreamEvent[] = [
    contact(IIN.aigerim, PHONE.aigerim),
    contact(IIN.bolat, PHONE.bolat),
    // Aigerim: paid through April 2026 → insured; Bolat: last paid March → conditionally insured on 28 May;
    // Dana: last paid 2025-10 → not insured.
    ...paidMonths('2025-06', '2026-04'),
    ...paidMonths('2025-12', '2026-03', { iin: IIN.bolat, payerType: 'employer', kind: 'deduction' }),
    ...paidMonths('2025-08', '2025-10', { iin: IIN.dana }),
    contact(IIN.dana, '+77035550789'),
    application({ caseId: 'OB-1' }),
    credited({ caseId: 'OB-1', creditedOn: '2026-03-20', amountTiyn: 250_000_000 }),
  ];
  for (const event of events) await facts.record(toFactRecord(event, testIdentity));
});

afterAll(async () => {
  await telegram.stop();
});

/** The bot on the test table and the fake Bot API, with the given per-chat rate limit. */
function botOnTestTable(rateLimit: { limit: number; timeFrameMs: number }) {
  return createBot(
    telegram.token,
    {
      facts: new DynamoFactStore(table.documents, table.tableName),
      chats: new DynamoChatStore(table.documents, table.tableName),
      attempts: new DynamoLinkAttempts(table.documents, table.tableName),
      ledger: new DynamoNotificationLedger(table.documents, table.tableName),
      identity: testIdentity,
      calendar: kazakhstanCalendar(),
      clock: { now: () => now },
      telemetry,
    },
    { botInfo: telegram.bot, apiRoot: telegram.apiRoot, rateLimit },
  );
}

beforeEach(() => {
  telemetry = new RecordingTelemetry();
  bot = botOnTestTable({ limit: 1_000, timeFrameMs: 1_000 });
});

/** Sends an update as Telegram would and returns the bot's replies to that chat. */
async function send(update: Update, chatId: number) {
  const before = telegram.messagesTo(chatId).length;
  await bot.handleUpdate(update);
  return telegram.messagesTo(chatId).slice(before);
}
const text = (from: ReturnType<typeof user>, body: string) => send(telegram.sendText(from, body), from.id);
const press = (from: ReturnType<typeof user>, data: string) => send(telegram.pressButton(from, data), from.id);
const shareContact = (from: ReturnType<typeof user>, phone: string, ownerId = from.id) =>
  send(telegram.shareContact(from, { phone_number: phone, user_id: ownerId }), from.id);

async function link(from: ReturnType<typeof user>, phone: string, iin: string) {
  await text(from, '/start');
  await press(from, 'consent:agree');
  await shareContact(from, phone.replace('+', ''));
  return text(from, iin);
}

const buttons = (markup: unknown) =>
  ((markup as { inline_keyboard?: { text: string; callback_data: string }[][] })?.inline_keyboard ?? []).flat();

describe('the bot, over real HTTP to a fake Bot API, on DynamoDB Local', () => {
  it('greets in Kazakh with a language switch and a consent button, and asks for the contact after consent', async () => {
    const citizen = user(2001);
    const [greeting] = await text(citizen, '/start');
    expect(greeting?.text).toBe(`${t('kk', 'bot-welcome')}\n\n${t('kk', 'bot-consent')}`);
    expect(buttons(greeting?.replyMarkup).map((b) => [b.text, b.callback_data])).toEqual([
      ['Қазақша', 'lang:kk'],
      ['Русский', 'lang:ru'],
      [t('kk', 'button-agree'), 'consent:agree'],
    ]);
    const [askContact] = await press(citizen, 'consent:agree');
    expect(askContact?.text).toBe(t('kk', 'bot-ask-contact'));
    expect(askContact?.replyMarkup).toMatchObject({
      keyboard: [[{ text: t('kk', 'button-share-contact'), request_contact: true }]],
    });
  });

  it('links a citizen whose own contact matches the phone of record, after a helpful word for each IIN mistake', async () => {
    const citizen = user(2002);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    expect((await shareContact(citizen, '77015550123'))[0]?.text).toBe(t('kk', 'bot-ask-iin'));
    expect((await text(citizen, '85041530012'))[0]?.text).toBe(t('kk', 'bot-iin-not-12-digits'));
    expect((await text(citizen, '850415700121'))[0]?.text).toBe(t('kk', 'bot-iin-century-digit'));
    expect((await text(citizen, '851315300121'))[0]?.text).toBe(t('kk', 'bot-iin-birth-date'));
    expect((await text(citizen, '850415300122'))[0]?.text).toBe(t('kk', 'bot-iin-check-digit'));
    const [linked] = await text(citizen, '850415 300121');
    expect(linked?.text).toBe(t('kk', 'bot-linked', { iinMasked: '85••••••••21' }));
    expect(buttons(linked?.replyMarkup).map((b) => b.callback_data)).toEqual([
      'menu:status',
      'menu:payments',
      'menu:case',
      'menu:reminders',
      'menu:language',
      'menu:help',
    ]);
    const chat = await new DynamoChatStore(table.documents, table.tableName).getChat(citizen.id);
    expect(chat).toMatchObject({
      citizenKey: testIdentity.citizenKey(IIN.aigerim),
      iinMasked: '85••••••••21',
      active: true,
    });
  });

  it("refuses someone else's contact", async () => {
    const citizen = user(2003);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    expect((await shareContact(citizen, PHONE.aigerim, 999))[0]?.text).toBe(t('kk', 'bot-contact-not-own'));
    // Still waiting for the citizen's own contact: the IIN is not even looked at.
    expect((await text(citizen, IIN.aigerim))[0]?.text).toBe(t('kk', 'bot-ask-contact'));
  });

  it('gives the same refusal for a wrong phone and for an unknown IIN, and stops after 5 attempts a day', async () => {
    const citizen = user(2004);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    await shareContact(citizen, '77771234567');
    const wrongPhone = (await text(citizen, IIN.aigerim))[0]?.text;
    const unknown = (await text(citizen, '061211600012'))[0]?.text;
    expect(wrongPhone).toBe(t('kk', 'bot-link-refused'));
    expect(unknown).toBe(wrongPhone);
    for (let i = 3; i <= LINK_ATTEMPTS_PER_DAY; i++) expect((await text(citizen, IIN.bolat))[0]?.text).toBe(wrongPhone);
    expect((await text(citizen, IIN.aigerim))[0]?.text).toBe(t('kk', 'bot-link-limit'));
    // /forget does not reset the count.
    await text(citizen, '/forget');
    await press(citizen, 'forget:confirm');
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    expect((await text(citizen, IIN.aigerim))[0]?.text).toBe(t('kk', 'bot-link-limit'));
  });

  it('resists enumeration: many IINs from one chat get indistinguishable answers and the limit holds', async () => {
    const citizen = user(2005);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    await shareContact(citizen, '77770000001');
    const candidates = [IIN.aigerim, IIN.bolat, IIN.dana, ...fc.sample(validIin, { numRuns: 17, seed: 7 })];
    const answers: string[] = [];
    for (const iin of candidates) answers.push((await text(citizen, iin))[0]?.text ?? '');
    expect(new Set(answers.slice(0, LINK_ATTEMPTS_PER_DAY))).toEqual(new Set([t('kk', 'bot-link-refused')]));
    expect(new Set(answers.slice(LINK_ATTEMPTS_PER_DAY))).toEqual(new Set([t('kk', 'bot-link-limit')]));
  });

  it('shows status, payments and the case to a linked citizen; the Fund is named as authoritative', async () => {
    const citizen = user(2006);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    const [status] = await text(citizen, '/status');
    expect(status?.text).toContain(formatDate('kk', '2026-07-31'));
    expect(status?.text).toContain(t('kk', 'forecast-note'));
    expect(
      status?.text.startsWith(
        t('kk', 'status-insured', {
          coveredThrough: formatDate('kk', '2026-07-31'),
          nextPaymentDue: formatDate('kk', '2026-06-25'),
        }),
      ),
    ).toBe(true);
    const [payments] = await press(citizen, 'menu:payments');
    expect(payments?.text.split('\n')[0]).toBe(t('kk', 'payments-header'));
    expect(payments?.text.split('\n')).toHaveLength(13);
    const [caseReply] = await text(citizen, '/case');
    expect(caseReply?.text).toContain('OB-1');
    expect(caseReply?.text).toContain('▓');
    expect(caseReply?.text).toContain(formatDate('kk', '2026-06-02'));
  });

  it('says conditionally insured, not insured, or that we have no payments, in Russian after a switch', async () => {
    const bolat = user(2007);
    await link(bolat, PHONE.bolat, IIN.bolat);
    await press(bolat, 'lang:ru');
    expect((await text(bolat, '/status'))[0]?.text).toBe(
      `${t('ru', 'status-conditionally-insured', { coveredThrough: formatDate('ru', '2026-06-30') })}\n\n${t('ru', 'forecast-note')}`,
    );
    const dana = user(2008);
    await link(dana, '+77035550789', IIN.dana);
    expect((await text(dana, '/status'))[0]?.text).toBe(
      `${t('kk', 'status-not-insured', { coveredThrough: formatDate('kk', '2026-01-31') })}\n\n${t('kk', 'forecast-note')}`,
    );
    const stranger = user(2009);
    expect((await text(stranger, '/status'))[0]?.text).toBe(t('kk', 'bot-need-link'));
  });

  it('answers free text kindly with the menu, toggles reminders, and forgets a chat on confirmation', async () => {
    const citizen = user(2010);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    const [unknown] = await text(citizen, 'сәлем, ақшам қайда?');
    expect(unknown?.text).toBe(t('kk', 'bot-not-understood'));
    expect(buttons(unknown?.replyMarkup)).toHaveLength(6);
    await text(citizen, '/reminders');
    await press(citizen, 'reminders:coverage');
    const chats = new DynamoChatStore(table.documents, table.tableName);
    expect((await chats.getChat(citizen.id))?.reminders).toEqual({ pension: true, coverage: false });
    const ledger = new DynamoNotificationLedger(table.documents, table.tableName);
    await ledger.claim('funds_credited|OB-1|2026-03-20|-|2010', { chatId: citizen.id, kind: 'funds_credited' });
    await ledger.settle('funds_credited|OB-1|2026-03-20|-|2010', 'sent');
    expect((await text(citizen, '/forget'))[0]?.text).toBe(t('kk', 'forget-confirm'));
    expect((await press(citizen, 'forget:confirm'))[0]?.text).toBe(t('kk', 'forget-done'));
    expect(await chats.getChat(citizen.id)).toBeUndefined();
    expect(await ledger.status('funds_credited|OB-1|2026-03-20|-|2010')).toBeUndefined();
    expect(await chats.chatsOfCitizen(testIdentity.citizenKey(IIN.aigerim))).not.toContainEqual(
      expect.objectContaining({ chatId: citizen.id }),
    );
  });

  it('reads the chat once and writes nothing for /status, and keeps no item for a stranger who never consents', async () => {
    const citizen = user(2015);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    table.requests.reset();
    await text(citizen, '/status');
    expect(table.requests.get('GetItem')).toBe(1);
    expect(table.requests.get('PutItem') + table.requests.get('UpdateItem')).toBe(0);
    const stranger = user(2016);
    await text(stranger, 'hello?');
    expect(await new DynamoChatStore(table.documents, table.tableName).getChat(stranger.id)).toBeUndefined();
  });

  it('never logs an IIN, a phone or a message text', async () => {
    const citizen = user(2011);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    await text(citizen, 'менің телефоным +77015550123');
    const logged = JSON.stringify([telemetry.lines, telemetry.metrics]);
    expect(logged).not.toContain(IIN.aigerim);
    expect(logged).not.toContain('7015550123');
    expect(logged).not.toContain('телефоным');
  });
});

describe('running the bot', () => {
  it('registers its command menus in Kazakh (also the default) and Russian', async () => {
    await registerCommands(bot.api);
    expect(telegram.commands.kk?.map((c) => c.command)).toEqual([
      'start',
      'status',
      'payments',
      'case',
      'reminders',
      'language',
      'help',
      'forget',
    ]);
    expect(telegram.commands.ru?.[1]?.description).toBe(t('ru', 'command-status'));
    expect(telegram.commands['']).toEqual(telegram.commands.kk);
  });

  it('answers in long-polling mode, as the local stack runs it', async () => {
    const polling = await startLongPolling(bot);
    try {
      const citizen = user(2013);
      telegram.sendText(citizen, '/help');
      const [reply] = await telegram.waitForMessages(citizen.id, 1);
      expect(reply?.text).toBe(t('kk', 'help'));
    } finally {
      await bot.stop();
      await polling.stopped;
    }
  });

  it('turns a flooding chat away before it reaches the table', async () => {
    const limited = botOnTestTable({ limit: 5, timeFrameMs: 60_000 });
    const flooder = user(2014);
    table.requests.reset();
    for (let i = 0; i < 30; i++) await limited.handleUpdate(telegram.sendText(flooder, `spam ${i}`));
    const replies = telegram.messagesTo(flooder.id).map((m) => m.text);
    expect(replies.filter((r) => r === t('kk', 'bot-not-understood'))).toHaveLength(5);
    expect(replies.filter((r) => r === t('kk', 'bot-rate-limited'))).toHaveLength(1);
    expect(table.requests.get('GetItem')).toBe(5);
    // The plugin calls back once per excess (one notice), then drops the rest silently.
    expect(telemetry.metrics.filter((m) => m.metric === 'BotRateLimited')).toHaveLength(1);
  });
});

describe('the webhook', () => {
  it('answers 401 to a wrong or missing secret without reading the update, and handles the right one', async () => {
    const env = {
      TABLE_NAME: table.tableName,
      IDENTITY_SECRET_NAME: 'identity',
      TELEGRAM_TOKEN_SECRET_NAME: 'token',
      WEBHOOK_SECRET_NAME: 'webhook',
      TELEGRAM_API_ROOT: telegram.apiRoot,
    };
    const previous = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    try {
      const secrets = new StaticSecretSource({
        identity: TEST_IDENTITY_SECRET,
        token: telegram.token,
        webhook: 'webhook-secret-1',
      });
      const handler = makeHandler(env, secrets);
      const citizen = user(2012);
      const update = telegram.sendText(citizen, '/start');
      const event = (headers: Record<string, string>) =>
        ({ headers, body: JSON.stringify(update), isBase64Encoded: false }) as never;
      const context = {} as LambdaContext;
      expect(await handler(event({}), context)).toMatchObject({ statusCode: 401 });
      expect(await handler(event({ 'x-telegram-bot-api-secret-token': 'wrong' }), context)).toMatchObject({
        statusCode: 401,
      });
      expect(telegram.messagesTo(citizen.id)).toEqual([]);
      expect(await handler(event({ 'x-telegram-bot-api-secret-token': 'webhook-secret-1' }), context)).toMatchObject({
        statusCode: 200,
      });
      expect(telegram.messagesTo(citizen.id).map((m) => m.text)).toEqual([
        `${t('kk', 'bot-welcome')}\n\n${t('kk', 'bot-consent')}`,
      ]);
    } finally {
      process.env = previous;
    }
  });
});
