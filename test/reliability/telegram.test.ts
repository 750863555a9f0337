import { afterEach, describe, expect, inject, it } from 'vitest';
import { encodeNotificationMessage } from '../../shared/contracts/internal';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { kazakhstanInstant } from '../../shared/domain/dates';
import { FakeTelegram } from '../../tools/fake-telegram';
import { LocalPipeline } from '../../tools/local-pipeline';
import { createTestTable } from '../helpers/dynamodb';
import { testIdentity } from '../helpers/identity';
import { RecordingTelemetry } from '../helpers/sqs';
import { FULL, scale } from './scale';

let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await telegram?.stop();
  telegram = undefined;
});

describe('Telegram faults', () => {
  it('delivers every message once through 429 storms, 500s and timeouts, and stops at blocked chats', async () => {
    telegram = await FakeTelegram.start({ limits: { perChatPerSecond: 1_000, globalPerSecond: 1_000 } });
    const table = await createTestTable(inject('dynamodbEndpoint'));
    const pipeline = new LocalPipeline({
      documents: table.documents,
      tableName: table.tableName,
      identity: testIdentity,
      calendar: kazakhstanCalendar(),
      telegram: {
        token: telegram.token,
        apiRoot: telegram.apiRoot,
        throttle: false,
        timeoutSeconds: 1,
        maxRetryDelaySeconds: 2,
      },
      telemetry: new RecordingTelemetry(),
      start: kazakhstanInstant('2026-06-01', 12),
    });
    pipeline.queues.notify.maxReceiveCount = 1_000;
    // Like SQS's visibility timeout: a failed message comes back a minute later (simulated), not in a tight loop.
    pipeline.queues.notify.visibilityMs = 60_000;
    const chats = scale(50, 500);
    const total = scale(200, 2_000);
    const blocked = new Set([7, 19, 33].map((n) => 9_000 + n));
    for (let n = 0; n < chats; n++) {
      const chatId = 9_000 + n;
      await pipeline.chats.putChat({
        chatId,
        language: n % 2 ? 'ru' : 'kk',
        citizenKey: `c1.reliability-${n}`,
        active: true,
        reminders: { pension: true, coverage: true },
      });
      if (blocked.has(chatId)) telegram.blockChat(chatId);
    }
    for (let i = 0; i < total; i++) {
      const n = i % chats;
      pipeline.queues.notify.send(
        encodeNotificationMessage({
          id: `reliability|${i}|${9_000 + n}`,
          chatId: 9_000 + n,
          citizenKey: `c1.reliability-${n}`,
          kind: 'documents_reminder',
          params: { deadline: '2026-06-30', workingDaysLeft: 1 + (i % 10), elapsed: 44 - (i % 10), total: 45 },
        }),
      );
    }
    // Faults spread through the run: 429 storms (with retry_after), 500s, and answers slower than the client waits.
    const storms = scale(1, 10);
    for (let s = 0; s < storms; s++) {
      telegram.failNext(20, { code: 429, retryAfter: 1 });
      telegram.failNext(5, { code: 500 });
    }
    telegram.delayNext(1_500);
    await pipeline.drain();
    // Redeliveries of a message whose send timed out wait for the claim's lease; time passes, they go again.
    for (let round = 0; round < 20 && pipeline.queues.notify.messages.length > 0; round++) {
      await pipeline.advanceTo(pipeline.now + 60_000);
    }

    const expected = Array.from({ length: total }, (_, i) => 9_000 + (i % chats)).filter(
      (chatId) => !blocked.has(chatId),
    );
    const delivered = telegram.messages.filter((m) => !blocked.has(m.chatId));
    const perChat = new Map<number, number>();
    for (const m of delivered) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    for (const chatId of new Set(expected)) {
      const want = expected.filter((c) => c === chatId).length;
      const got = perChat.get(chatId) ?? 0;
      lost += Math.max(0, want - got);
      duplicated += Math.max(0, got - want);
    }
    expect(lost).toBe(0);
    // A send that timed out after Telegram accepted it is the one case we cannot tell apart (no idempotent send):
    // at most one duplicate per timeout.
    expect(duplicated).toBeLessThanOrEqual(1);
    expect(telegram.stats.rejected403).toBe(blocked.size);
    for (const chatId of blocked) expect((await pipeline.chats.getChat(chatId))?.active).toBe(false);
    expect(pipeline.queues.notify.deadLetters).toEqual([]);
    process.stdout.write(
      `reliability ${FULL ? 'full' : 'reduced'} | telegram | ${JSON.stringify({
        messages: total,
        chats,
        faultsInjected: storms * 25 + 1 + blocked.size,
        rejected429: telegram.stats.rejected429,
        failed5xx: telegram.stats.failed5xx,
        blockedChats: blocked.size,
        delivered: delivered.length,
        lost,
        duplicated,
      })}\n`,
    );
  });
});
