import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTelegram, type FakeTelegramOptions, type FakeUser } from '../../tools/fake-telegram';

const running: FakeTelegram[] = [];

async function startFake(options?: FakeTelegramOptions): Promise<FakeTelegram> {
  const fake = await FakeTelegram.start(options);
  running.push(fake);
  return fake;
}

function apiFor(fake: FakeTelegram, retry = false, timeoutSeconds?: number): Api {
  const api = new Api(fake.token, {
    apiRoot: fake.apiRoot,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  });
  if (retry) api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5 }));
  return api;
}

/** The rejection of `promise`, which must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()));
});

const alice: FakeUser = { id: 5001, first_name: 'Alice', language_code: 'kk' };

describe('FakeTelegram with grammY Api', () => {
  it('answers getMe and records a sendMessage round-trip', async () => {
    const fake = await startFake();
    const api = apiFor(fake);
    expect(await api.getMe()).toMatchObject({ is_bot: true, id: 123456789, username: 'fake_test_bot' });

    const markup = { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] };
    const sent = await api.sendMessage(42, '<b>Сәлем</b>', { parse_mode: 'HTML', reply_markup: markup });
    const second = await api.sendMessage(43, 'second');

    expect(sent).toMatchObject({ chat: { id: 42, type: 'private' }, text: '<b>Сәлем</b>', reply_markup: markup });
    expect(second.message_id).toBeGreaterThan(sent.message_id);
    expect(Math.abs(sent.date - Date.now() / 1000)).toBeLessThan(5);
    expect(fake.messagesTo(42)).toEqual([
      {
        chatId: 42,
        messageId: sent.message_id,
        text: '<b>Сәлем</b>',
        parseMode: 'HTML',
        replyMarkup: markup,
        at: expect.any(Number),
      },
    ]);
    expect(fake.messages.map((m) => m.chatId)).toEqual([42, 43]);
    expect(fake.stats).toMatchObject({ delivered: 2, rejected429: 0, requests: 3 });

    fake.reset();
    expect(fake.messages).toEqual([]);
    expect(fake.stats.delivered).toBe(0);
  });

  it('records setMyCommands per language and answers getMyCommands', async () => {
    const fake = await startFake();
    const api = apiFor(fake);
    await api.setMyCommands([{ command: 'start', description: 'Start' }]);
    await api.setMyCommands([{ command: 'start', description: 'Бастау' }], { language_code: 'kk' });
    expect(fake.commands).toEqual({
      '': [{ command: 'start', description: 'Start' }],
      kk: [{ command: 'start', description: 'Бастау' }],
    });
    expect(await api.getMyCommands({ language_code: 'kk' })).toEqual([{ command: 'start', description: 'Бастау' }]);
    expect(await api.getMyCommands({ language_code: 'ru' })).toEqual([]);
  });

  it('rejects the second message to one chat within a second with 429 and retry_after', async () => {
    const fake = await startFake();
    const api = apiFor(fake);
    await api.sendMessage(1, 'first');
    const error = await rejectionOf(api.sendMessage(1, 'second'));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    expect(fake.messagesTo(1).map((m) => m.text)).toEqual(['first']);
    expect(await api.sendMessage(2, 'another chat is fine')).toMatchObject({ chat: { id: 2 } });
    expect(fake.stats).toMatchObject({ delivered: 2, rejected429: 1 });
  });

  it('lets auto-retry wait out the per-chat limit and deliver', async () => {
    const fake = await startFake({ limits: { perChatPerSecond: 1 } });
    const api = apiFor(fake, true);
    await api.sendMessage(1, 'first');
    await api.sendMessage(1, 'second');
    const [first, second] = fake.messagesTo(1);
    expect(second?.text).toBe('second');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(fake.stats).toMatchObject({ delivered: 2, rejected429: 1 });
  });

  it('enforces the global limit across chats, and not at all with enforce: false', async () => {
    const fake = await startFake({ limits: { globalPerSecond: 3, perChatPerSecond: 10 } });
    const api = apiFor(fake);
    const results = await Promise.allSettled([1, 2, 3, 4].map((chat) => api.sendMessage(chat, `to ${chat}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as GrammyError).error_code)).toEqual([429]);
    expect(fake.stats).toMatchObject({ delivered: 3, rejected429: 1 });

    const free = await startFake({ limits: { enforce: false } });
    const freeApi = apiFor(free);
    for (let i = 0; i < 5; i++) await freeApi.sendMessage(1, `burst ${i}`);
    expect(free.messagesTo(1)).toHaveLength(5);
  });

  it('answers 403 for a blocked chat, which auto-retry does not retry', async () => {
    const fake = await startFake();
    fake.blockChat(7);
    const api = apiFor(fake, true);
    const before = fake.stats.requests;
    const error = await rejectionOf(api.sendMessage(7, 'hello'));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(fake.stats.requests - before).toBe(1);
    expect(fake.stats).toMatchObject({ rejected403: 1, delivered: 0 });
    await expect(api.sendChatAction(7, 'typing')).rejects.toMatchObject({ error_code: 403 });
  });

  it('fails the next sendMessage with 500 and auto-retry delivers after its 3 s backoff', {
    timeout: 10_000,
  }, async () => {
    const fake = await startFake();
    fake.failNext(1, { code: 500 });
    const plain = apiFor(fake);
    await expect(plain.sendMessage(1, 'x')).rejects.toMatchObject({
      error_code: 500,
      description: 'Internal Server Error',
    });
    fake.reset();

    fake.failNext(1, { code: 500 });
    const started = Date.now();
    const sent = await apiFor(fake, true).sendMessage(1, 'after a 500');
    expect(sent.text).toBe('after a 500');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(fake.stats).toMatchObject({ failed5xx: 1, delivered: 1, requests: 2 });
  });

  it('fails one chat only with failNextFor, and auto-retry does not retry a 400', async () => {
    const fake = await startFake({ limits: { enforce: false } });
    fake.failNextFor(9, 2, { code: 400, description: 'Bad Request: chat not found' });
    const api = apiFor(fake, true);
    await api.sendMessage(8, 'other chat');
    const before = fake.stats.requests;
    const error = await rejectionOf(api.sendMessage(9, 'x'));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    expect(fake.stats.requests - before).toBe(1);
    await expect(api.sendMessage(9, 'x')).rejects.toMatchObject({ error_code: 400 });
    await expect(api.sendMessage(9, 'x')).resolves.toMatchObject({ chat: { id: 9 } });
    expect(fake.stats).toMatchObject({ failed400: 2, delivered: 2 });
  });

  it('gives a programmed 429 its retry_after, which a plain Api surfaces', async () => {
    const fake = await startFake();
    fake.failNext(1, { code: 429, retryAfter: 7 });
    const error = await rejectionOf(apiFor(fake).sendMessage(1, 'x'));
    expect(error).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    // retry_after above maxDelaySeconds (5): auto-retry gives up at once.
    fake.failNext(1, { code: 429, retryAfter: 7 });
    await expect(apiFor(fake, true).sendMessage(1, 'x')).rejects.toMatchObject({ error_code: 429 });
  });

  it('delays an answer past the client timeout but still delivers the message', async () => {
    const fake = await startFake();
    fake.delayNext(400);
    const error = await rejectionOf(apiFor(fake, false, 0.2).sendMessage(3, 'slow'));
    expect(error).toBeInstanceOf(HttpError);
    const delivered = await fake.waitForMessages(3, 1, 2000);
    expect(delivered.map((m) => m.text)).toEqual(['slow']);
  });

  it('long-polls getUpdates, honours offset and drops confirmed updates', async () => {
    const fake = await startFake();
    const api = apiFor(fake);
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 3 });
    setTimeout(() => fake.sendText(alice, 'hi'), 100);
    const [first] = await poll;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(first?.message).toMatchObject({
      text: 'hi',
      chat: { id: alice.id, type: 'private' },
      from: { id: alice.id },
    });

    const firstId = first?.update_id ?? 0;
    expect(fake.sendText(alice, 'again').update_id).toBe(firstId + 1);
    expect((await api.getUpdates({ offset: 0 })).map((u) => u.update_id)).toEqual([firstId, firstId + 1]);
    expect((await api.getUpdates({ offset: firstId + 1 })).map((u) => u.update_id)).toEqual([firstId + 1]);
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([firstId + 1]);

    const pushed = fake.pushUpdate({
      update_id: 100,
      callback_query: { id: 'q', from: { ...alice, is_bot: false }, chat_instance: 'c' },
    });
    expect(fake.sendText(alice, 'after').update_id).toBe(101);
    const rest = await api.getUpdates({ offset: firstId + 2, limit: 1 });
    expect(rest).toEqual([pushed]);

    const waited = Date.now();
    expect(await api.getUpdates({ offset: 102, timeout: 1 })).toEqual([]);
    expect(Date.now() - waited).toBeGreaterThanOrEqual(900);
    expect((await api.getWebhookInfo()).pending_update_count).toBe(0);

    await api.setWebhook('https://example.invalid/hook');
    await expect(api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
    await api.deleteWebhook();
  });

  it('lets a grammY Bot on long polling receive a text, a contact and a button press and reply', async () => {
    const fake = await startFake({ limits: { enforce: false } });
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    let contactMatched = false;
    const phone = '+77011234567';
    bot.command('start', (ctx) =>
      ctx.reply(`Welcome, ${ctx.from?.first_name}`, {
        reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
      }),
    );
    bot.on('message:contact', (ctx) => {
      contactMatched = ctx.message.contact.phone_number === phone && ctx.message.contact.user_id === alice.id;
      return ctx.reply('Thanks');
    });
    bot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'noted' });
      await ctx.editMessageText(`You chose ${ctx.callbackQuery.data}`);
    });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const polling = bot.start({ timeout: 30 });

    fake.sendText(alice, '/start');
    const [welcome] = await fake.waitForMessages(alice.id, 1);
    expect(welcome?.text).toBe('Welcome, Alice');

    fake.pressButton(alice, 'yes');
    await expect.poll(() => fake.edits.map((e) => e.text)).toEqual(['You chose yes']);
    expect(fake.edits[0]?.messageId).toBe(welcome?.messageId);
    expect(fake.callbackAnswers).toEqual([{ callbackQueryId: expect.any(String), text: 'noted' }]);

    fake.shareContact(alice, { phone_number: phone, user_id: alice.id });
    fake.sendText(alice, 'hello');
    const replies = await fake.waitForMessages(alice.id, 3);
    expect(replies.map((m) => m.text)).toEqual(['Welcome, Alice', 'Thanks', 'echo: hello']);
    expect(contactMatched).toBe(true);

    await bot.stop();
    await polling;
    expect(bot.isRunning()).toBe(false);
  });

  it('answers 401 for a wrong token and 404 for an unknown method', async () => {
    const fake = await startFake();
    const error = await rejectionOf(new Api('42:wrong', { apiRoot: fake.apiRoot }).getMe());
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 401, description: 'Unauthorized' });

    const response = await fetch(`${fake.apiRoot}/bot${fake.token}/noSuchMethod`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
  });

  it('answers a pending long poll and closes its sockets on stop()', async () => {
    const fake = await FakeTelegram.start();
    const poll = apiFor(fake).getUpdates({ timeout: 3 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.stop();
    await expect(poll).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(500);
    await expect(fetch(`${fake.apiRoot}/bot${fake.token}/getMe`)).rejects.toThrow();
  });
});

describe('FakeTelegram controls (POST /control/…, for the local stack and other processes)', () => {
  async function controlCall(fake: FakeTelegram, action: string, body: unknown) {
    const response = await fetch(`${fake.apiRoot}/control/${action}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as { ok: boolean; result?: unknown } };
  }

  it('blocks a chat: my_chat_member (member → kicked) for the bot, 403 to messages; unblock reverses both', async () => {
    const fake = await startFake({ limits: { enforce: false } });
    const api = apiFor(fake);
    await api.sendMessage(alice.id, 'before');
    expect((await controlCall(fake, 'block', { chatId: alice.id })).status).toBe(200);
    await expect(api.sendMessage(alice.id, 'while blocked')).rejects.toMatchObject({ error_code: 403 });
    // Blocking twice is one block: Telegram sends the update once.
    await controlCall(fake, 'block', { chatId: alice.id });
    const blocked = await api.getUpdates();
    expect(blocked).toHaveLength(1);
    expect(blocked[0]?.my_chat_member).toMatchObject({
      chat: { id: alice.id, type: 'private' },
      from: { id: alice.id },
      old_chat_member: { status: 'member', user: { id: fake.bot.id } },
      new_chat_member: { status: 'kicked', user: { id: fake.bot.id } },
    });

    await controlCall(fake, 'unblock', { chatId: alice.id });
    const unblocked = await api.getUpdates({ offset: (blocked[0]?.update_id ?? 0) + 1 });
    expect(unblocked.map((u) => u.my_chat_member?.new_chat_member.status)).toEqual(['member']);
    await expect(api.sendMessage(alice.id, 'after')).resolves.toMatchObject({ chat: { id: alice.id } });
    expect(fake.messagesTo(alice.id).map((m) => m.text)).toEqual(['before', 'after']);
    expect((await controlCall(fake, 'block', { chatId: 'alice' })).status).toBe(400);
  });

  it('injects any raw update, keeping its update_id or giving one', async () => {
    const fake = await startFake();
    const api = apiFor(fake);
    const raw = {
      update_id: 500,
      message: { message_id: 1, date: 1, chat: { id: -42, type: 'group', title: 'family' }, text: 'hi all' },
    };
    const injected = await controlCall(fake, 'update', raw);
    expect(injected.body.result).toEqual(raw);
    const { update_id: _, ...withoutId } = raw;
    expect((await controlCall(fake, 'update', withoutId)).body.result).toMatchObject({ update_id: 501 });
    expect((await api.getUpdates()).map((u) => [u.update_id, u.message?.chat.id])).toEqual([
      [500, -42],
      [501, -42],
    ]);
    const twoKinds = await controlCall(fake, 'update', { message: raw.message, callback_query: {} });
    expect(twoKinds).toMatchObject({ status: 400, body: { ok: false } });
  });

  it('counts Bot API calls per method, so a test can prove a call was never made', async () => {
    const fake = await startFake();
    const api = apiFor(fake);
    await api.getMe();
    await api.sendMessage(1, 'x');
    await api.sendMessage(2, 'y');
    expect(fake.methodCalls).toEqual({ getme: 1, sendmessage: 2 });
    fake.reset();
    expect(fake.methodCalls).toEqual({});
  });
});
