import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PacerClock } from '../../shared/adapters/send-pacer';
import { grammyTelegramSender } from '../../shared/adapters/telegram';
import { FakeTelegram } from '../../tools/fake-telegram';

const TOKEN = '123456789:recording-bot-token';
const servers: Server[] = [];
const fakes: FakeTelegram[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A Bot API that answers every sendMessage and keeps what it was sent, parameters and all. */
async function recordingBotApi() {
  const requests: { method: string; params: Record<string, unknown> }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    requests.push({ method: String(req.url?.split('/').at(-1)), params });
    const chat = { id: Number(params.chat_id), type: 'private', first_name: 'x' };
    const result = { message_id: requests.length, date: 0, chat, text: params.text };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { requests, apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The pacer's clock, standing still: each wait it asks for is recorded, and takes no time. */
function stillClock(): PacerClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
}

describe('grammY Telegram sender', () => {
  it('marks only the paid-broadcast sends with allow_paid_broadcast', async () => {
    const bot = await recordingBotApi();
    const telegram = grammyTelegramSender({ token: TOKEN, apiRoot: bot.apiRoot, throttle: false });
    await telegram.sendText(1, 'ordinary');
    await telegram.paidBroadcast.sendText(2, 'coverage');
    expect(bot.requests.map((r) => [r.method, r.params.chat_id, r.params.allow_paid_broadcast])).toEqual([
      ['sendMessage', 1, undefined],
      ['sendMessage', 2, true],
    ]);
  });

  it("paces every send at this instance's share of the budget, paid broadcast included", async () => {
    const bot = await recordingBotApi();
    const clock = stillClock();
    const telegram = grammyTelegramSender({
      token: TOKEN,
      apiRoot: bot.apiRoot,
      budget: { messagesPerSecond: 27, instances: 2 },
      clock,
    });
    await telegram.sendText(1, 'one');
    await telegram.paidBroadcast.sendText(2, 'two');
    await telegram.sendText(3, 'three');
    // Standing still at 0: the second send waits one interval at 13.5/s, the third two.
    expect(clock.sleeps.map((ms) => +ms.toFixed(2))).toEqual([74.07, 148.15]);
    expect(bot.requests).toHaveLength(3);
  });

  it("honours a 429's retry_after and paces the retry again", async () => {
    const fake = await FakeTelegram.start({ limits: { enforce: false } });
    fakes.push(fake);
    fake.failNext(1, { code: 429, retryAfter: 1 });
    const clock = stillClock();
    const telegram = grammyTelegramSender({ token: fake.token, apiRoot: fake.apiRoot, clock });
    await telegram.sendText(7, 'after the wait');
    expect(fake.stats).toMatchObject({ rejected429: 1, delivered: 1 });
    expect(fake.messagesTo(7).map((m) => m.text)).toEqual(['after the wait']);
    // The retry took a slot of its own: the pacer (inside auto-retry) saw two sends to chat 7.
    expect(clock.sleeps).toEqual([1050]);
  });
});
