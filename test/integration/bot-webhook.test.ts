import type { Context as LambdaContext } from 'aws-lambda';
import fc from 'fast-check';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { t } from '../../functions/bot/screens';
import { makeHandler } from '../../functions/bot/webhook';
import type { SecretSource } from '../../shared/adapters/secrets';
import { contact, IIN } from '../helpers/events';
import { TEST_IDENTITY_SECRET, testIdentity } from '../helpers/identity';
import { validIin } from '../helpers/iin';
import { BotFixture, buttons, SUPPORT_CONTACT, user } from './bot-fixture';

const PHONE = { aigerim: '+77015550123', linda: '+77055550999' };
/** Two made-up citizens of their own, so that no other test's chats are linked to them. */
const [LINDA, MARAT] = fc.sample(validIin, { numRuns: 2, seed: 12 }) as [string, string];

let fixture: BotFixture;

beforeAll(async () => {
  const marat = contact(MARAT, '+77065550111');
  fixture = await BotFixture.start(inject('dynamodbEndpoint'), [
    contact(IIN.aigerim, PHONE.aigerim),
    contact(LINDA, PHONE.linda),
    marat,
    // The same contact event sent again with another phone: a conflict, under review until an operator resolves it.
    { ...marat, data: { ...marat.data, phone: '+77065550222' } },
  ]);
});

afterAll(async () => {
  await fixture.stop();
});

beforeEach(() => fixture.reset());

/** A secret source that records every secret asked for. */
class CountingSecretSource implements SecretSource {
  readonly asked: string[] = [];

  constructor(private readonly values: Readonly<Record<string, string>>) {}

  async secret(name: string): Promise<string> {
    this.asked.push(name);
    const value = this.values[name];
    if (value === undefined) throw new Error(`no secret ${name}`);
    return value;
  }
}

const WEBHOOK_SECRET = 'webhook-secret-1';
const lambdaContext = {
  functionName: 'bot',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:0:function:bot',
  memoryLimitInMB: '256',
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as LambdaContext;

/** The webhook Lambda handler on the test table, with the process environment its AWS clients read. */
async function withWebhook(
  test: (handler: ReturnType<typeof makeHandler>, secrets: CountingSecretSource) => Promise<void>,
) {
  const previous = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  try {
    const secrets = new CountingSecretSource({
      identity: TEST_IDENTITY_SECRET,
      token: fixture.telegram.token,
      webhook: WEBHOOK_SECRET,
    });
    const environment = {
      TABLE_NAME: fixture.table.tableName,
      IDENTITY_SECRET_NAME: 'identity',
      TELEGRAM_TOKEN_SECRET_NAME: 'token',
      WEBHOOK_SECRET_NAME: 'webhook',
      BOT_INFO: JSON.stringify(fixture.telegram.bot),
      SUPPORT_CONTACT,
      DUE_QUEUE_URL: 'https://sqs.local.invalid/due',
      TELEGRAM_API_ROOT: fixture.telegram.apiRoot,
    };
    await test(makeHandler(environment, secrets), secrets);
  } finally {
    process.env = previous;
  }
}

const request = (update: Update, headers: Record<string, string>) =>
  ({ headers, body: JSON.stringify(update), isBase64Encoded: false }) as never;
const withSecret = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };

describe('the webhook', () => {
  it('answers 401 to a wrong or missing secret having read only the webhook secret, and never calls getMe', async () => {
    await withWebhook(async (handler, secrets) => {
      const citizen = user(3001);
      const update = fixture.telegram.sendText(citizen, '/start');
      const getMeBefore = fixture.telegram.methodCalls.getme ?? 0;
      expect(await handler(request(update, {}), lambdaContext)).toMatchObject({ statusCode: 401 });
      const wrong = { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' };
      expect(await handler(request(update, wrong), lambdaContext)).toMatchObject({ statusCode: 401 });
      expect(new Set(secrets.asked)).toEqual(new Set(['webhook']));
      expect(fixture.telegram.messagesTo(citizen.id)).toEqual([]);

      expect(await handler(request(update, withSecret), lambdaContext)).toMatchObject({ statusCode: 200 });
      expect(new Set(secrets.asked)).toEqual(new Set(['webhook', 'token', 'identity']));
      expect(fixture.telegram.messagesTo(citizen.id).map((m) => m.text)).toEqual([
        `${t('kk', 'bot-welcome')}\n\n${t('kk', 'bot-consent', { support: SUPPORT_CONTACT })}`,
      ]);
      expect(fixture.telegram.methodCalls.getme ?? 0).toBe(getMeBefore);
    });
  });

  it('ignores an update Telegram delivers again (same update_id), and answers it with 200', async () => {
    await withWebhook(async (handler) => {
      const citizen = user(3002);
      const update = fixture.telegram.sendText(citizen, '/help');
      expect(await handler(request(update, withSecret), lambdaContext)).toMatchObject({ statusCode: 200 });
      expect(await handler(request(update, withSecret), lambdaContext)).toMatchObject({ statusCode: 200 });
      expect(fixture.telegram.messagesTo(citizen.id).map((m) => m.text)).toEqual([t('kk', 'help')]);
      const next = fixture.telegram.sendText(citizen, '/help');
      await handler(request(next, withSecret), lambdaContext);
      expect(fixture.telegram.messagesTo(citizen.id)).toHaveLength(2);
    });
  });
});

describe('what the bot lets through', () => {
  const groupMessage = (chatId: number, text: string) =>
    fixture.telegram.pushUpdate({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'group', title: 'family' },
        from: { id: 3010, is_bot: false, first_name: 'Test' },
        text,
      },
    });

  it('drops updates from groups before the rate limiter and the table', async () => {
    const strict = fixture.botOnTestTable({ rateLimit: { limit: 1, timeFrameMs: 60_000 } });
    fixture.table.requests.reset();
    for (let i = 0; i < 3; i++) await strict.handleUpdate(groupMessage(-3010, `/status ${i}`));
    expect(fixture.telegram.messagesTo(-3010)).toEqual([]);
    expect(fixture.telemetry.metrics.filter((m) => m.metric === 'BotRateLimited')).toEqual([]);
    expect(fixture.telemetry.metrics.filter((m) => m.metric === 'BotUpdatesDropped')).toHaveLength(3);
    expect(fixture.table.requests.get('GetItem')).toBe(0);
  });

  it('sets a reminder switch to the value its button carries: a press delivered twice does not flip it back', async () => {
    const citizen = user(3003);
    await fixture.link(citizen, PHONE.aigerim, IIN.aigerim);
    const [header] = await fixture.text(citizen, '/reminders');
    const coverageOff = buttons(header?.replyMarkup).find((b) => b.callback_data.startsWith('reminders:coverage'));
    expect(coverageOff?.callback_data).toBe('reminders:coverage:off');
    await fixture.press(citizen, 'reminders:coverage:off');
    await fixture.press(citizen, 'reminders:coverage:off');
    expect((await fixture.chats.getChat(citizen.id))?.reminders).toEqual({ pension: true, coverage: false });
    const shown = fixture.telegram.edits.filter((e) => e.chatId === citizen.id).at(-1);
    expect(buttons(shown?.replyMarkup).map((b) => b.callback_data)).toContain('reminders:coverage:on');
    await fixture.press(citizen, 'reminders:coverage:on');
    expect((await fixture.chats.getChat(citizen.id))?.reminders.coverage).toBe(true);
  });
});

describe("a chat's lifecycle in Telegram", () => {
  it('goes inactive when the citizen blocks the bot and active again when they unblock it', async () => {
    const bot = fixture.bot;
    const citizen = user(3004);
    await fixture.link(citizen, PHONE.aigerim, IIN.aigerim);
    const citizenKey = testIdentity.citizenKey(IIN.aigerim);

    await bot.handleUpdate(fixture.telegram.blockChat(citizen.id) as Update);
    expect((await fixture.chats.getChat(citizen.id))?.active).toBe(false);
    expect((await fixture.chats.chatsOfCitizen(citizenKey)).map((c) => c.chatId)).not.toContain(citizen.id);

    await bot.handleUpdate(fixture.telegram.unblockChat(citizen.id) as Update);
    expect((await fixture.chats.getChat(citizen.id))?.active).toBe(true);
    expect((await fixture.chats.chatsOfCitizen(citizenKey)).map((c) => c.chatId)).toContain(citizen.id);
    expect(fixture.returned).toEqual([citizen.id]);
  });

  it('comes back with any message from the chat, even when the unblock update was lost', async () => {
    const bot = fixture.bot;
    const citizen = user(3005);
    await fixture.link(citizen, PHONE.aigerim, IIN.aigerim);
    await bot.handleUpdate(fixture.telegram.blockChat(citizen.id) as Update);
    fixture.telegram.unblockChat(citizen.id);
    const [status] = await fixture.send(fixture.telegram.sendText(citizen, '/status'), citizen.id, bot);
    expect(status?.text).toContain(t('kk', 'forecast-note'));
    expect(await fixture.chats.getChat(citizen.id)).toMatchObject({ active: true, reminders: { pension: true } });
    expect(fixture.returned).toEqual([citizen.id]);
    // Already active: the next message re-activates nothing.
    await fixture.send(fixture.telegram.sendText(citizen, '/help'), citizen.id, bot);
    expect(fixture.returned).toHaveLength(1);
  });
});

describe('links', () => {
  it('tells the chats already linked to a citizen, each in its language, when another chat links them', async () => {
    const first = user(3006);
    const blocked = user(3007);
    const newcomer = user(3008);
    await fixture.link(first, PHONE.linda, LINDA);
    await fixture.press(first, 'lang:ru');
    await fixture.link(blocked, PHONE.linda, LINDA);
    // Blocked in Telegram, but the `my_chat_member` update never reached us: the chat still looks active.
    fixture.telegram.blockChat(blocked.id);

    const [linked] = await fixture.link(newcomer, PHONE.linda, LINDA);
    expect(linked?.text).toBe(t('kk', 'bot-linked', { iinMasked: testIdentity.maskIin(LINDA) }));
    const notice = t('ru', 'bot-linked-elsewhere', { support: SUPPORT_CONTACT });
    expect(notice).toContain(SUPPORT_CONTACT);
    // One notice when `blocked` linked, one when `newcomer` did; the newcomer gets none.
    expect(fixture.telegram.messagesTo(first.id).filter((m) => m.text === notice)).toHaveLength(2);
    expect(fixture.telegram.messagesTo(newcomer.id).map((m) => m.text)).not.toContain(
      t('kk', 'bot-linked-elsewhere', { support: SUPPORT_CONTACT }),
    );
    // The 403 of the blocked chat did not fail the link; the chat is marked inactive.
    expect(fixture.telemetry.metrics.filter((m) => m.metric === 'LinkNoticesFailed')).toHaveLength(1);
    expect((await fixture.chats.getChat(blocked.id))?.active).toBe(false);
    expect(await fixture.chats.getChat(newcomer.id)).toMatchObject({
      citizenKey: testIdentity.citizenKey(LINDA),
      linkedPhoneKey: testIdentity.phoneKey(PHONE.linda),
      active: true,
    });
  });

  it('links by no version of a phone of record that is in conflict', async () => {
    // Both versions are kept (the store marks them), so the refusal below is not the one for an unknown IIN.
    const versions = (await fixture.facts.citizenFacts(testIdentity.citizenKey(MARAT))).filter(
      (fact) => fact.type === 'citizen.contact',
    );
    expect(new Set(versions.map((fact) => fact.contentHash)).size).toBe(2);
    for (const [id, phone] of [
      [3011, '+77065550111'],
      [3012, '+77065550222'],
    ] as const) {
      const [answer] = await fixture.link(user(id), phone, MARAT);
      expect(answer?.text).toBe(t('kk', 'bot-link-refused', { attemptsLeft: 4 }));
    }
  });

  it('keeps the keyed phone the chat linked with, for the notifier to unlink it when the phone of record changes', async () => {
    const citizen = user(3009);
    await fixture.link(citizen, PHONE.aigerim, IIN.aigerim);
    const chat = await fixture.chats.getChat(citizen.id);
    expect(chat?.linkedPhoneKey).toBe(testIdentity.phoneKey(PHONE.aigerim));
    expect(JSON.stringify(chat)).not.toContain('7015550123');
  });
});
