import { HmacIdentity } from '../shared/adapters/identity';
import type { Telemetry } from '../shared/app/ports';
import { encodeDueMessage, encodeNotificationMessage } from '../shared/contracts/internal';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { iinCheckDigit } from '../shared/domain/iin';
import { createTestTable } from '../test/helpers/dynamodb';
import { payment } from '../test/helpers/events';
import { startDynamoDbLocal } from '../tools/dynamodb-local';
import { FakeTelegram } from '../tools/fake-telegram';
import { LocalPipeline } from '../tools/local-pipeline';

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 2_000);
const CHATS = Number(process.env.BENCH_CHATS ?? 500);
const quiet: Telemetry = { info() {}, warn() {}, error() {}, count() {} };

export interface NotifyFigures {
  notifications: number;
  chats: number;
  redeliveredDuplicates: number;
  seconds: number;
  messagesPerSecond: number;
  telegram429: number;
  delivered: number;
  duplicates: number;
  lost: number;
  coverageSweep: { linkedChats: number; seconds: number; msPerChat: number; reminders: number };
}

function iinFor(n: number): string {
  for (let serial = n; ; serial += 1) {
    const first11 = `${String(70 + (n % 30))}0${1 + (n % 9)}1${n % 10}3${String(serial % 10_000).padStart(4, '0')}`;
    const check = iinCheckDigit(Array.from(first11, Number));
    if (check !== undefined) return `${first11}${check}`;
  }
}

/**
 * 2,000 queued notifications to 500 chats through the real sender, against the fake Bot API with Telegram's limits
 * on (30/s overall, 1/s per chat), plus 10% redelivered queue messages; then the daily coverage sweep over the same
 * 500 linked chats.
 */
export async function runNotifyBench(): Promise<NotifyFigures> {
  const engine = await startDynamoDbLocal();
  const telegram = await FakeTelegram.start();
  try {
    const table = await createTestTable(engine.endpoint);
    const identity = new HmacIdentity('bench-only-identity-secret-0123456789abcdef');
    const start = Date.parse('2026-09-16T10:00:00+05:00');
    const pipeline = new LocalPipeline({
      documents: table.documents,
      tableName: table.tableName,
      identity,
      calendar: kazakhstanCalendar(),
      telegram: { token: telegram.token, apiRoot: telegram.apiRoot },
      telemetry: quiet,
      start,
    });
    const iins = Array.from({ length: CHATS }, (_, n) => iinFor(n + 1));
    for (const [n, iin] of iins.entries()) {
      await pipeline.chats.putChat({
        chatId: 5_000 + n,
        language: n % 3 === 0 ? 'ru' : 'kk',
        citizenKey: identity.citizenKey(iin),
        active: true,
        reminders: { pension: true, coverage: true },
      });
    }
    const bodies: string[] = [];
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const chatId = 5_000 + (i % CHATS);
      bodies.push(
        encodeNotificationMessage({
          id: `bench|${i}|${chatId}`,
          chatId,
          citizenKey: identity.citizenKey(iins[i % CHATS] ?? ''),
          kind: 'documents_reminder',
          params: { deadline: '2026-10-30', workingDaysLeft: 10, elapsed: 35, total: 45 },
        }),
      );
    }
    const redelivered = bodies.filter((_, i) => i % 10 === 0);
    for (const body of [...bodies, ...redelivered]) pipeline.queues.notify.send(body);

    const started = performance.now();
    await pipeline.drain();
    const seconds = (performance.now() - started) / 1000;
    const unique = new Set(telegram.messages.map((m) => `${m.chatId}|${m.messageId}`));
    const delivered = telegram.messages.length;
    const expectedPerChat = new Map<number, number>();
    for (let i = 0; i < NOTIFICATIONS; i++)
      expectedPerChat.set(5_000 + (i % CHATS), (expectedPerChat.get(5_000 + (i % CHATS)) ?? 0) + 1);
    let lost = 0;
    let duplicates = 0;
    for (const [chatId, expected] of expectedPerChat) {
      const got = telegram.messagesTo(chatId).length;
      lost += Math.max(0, expected - got);
      duplicates += Math.max(0, got - expected);
    }

    // Coverage sweep: each citizen paid January–June 2026, so coverage ends on 30 September: 14 days from the start.
    for (const [n, iin] of iins.entries()) {
      pipeline.ingest(
        Array.from({ length: 6 }, (_, m) =>
          payment(
            { iin, period: `2026-0${m + 1}`, paidOn: '2026-07-10' },
            { eventId: `cov-${n}-${m}`, occurredAt: '2026-07-10T10:00:00+05:00' },
          ),
        ),
      );
    }
    await pipeline.drain();
    const before = telegram.messages.length;
    const sweepStarted = performance.now();
    pipeline.queues.due.send(encodeDueMessage({ kind: 'coverage_sweep' }));
    // Only the sweep (and its fan-out) is timed; the reminders it queues are delivered after.
    while (pipeline.queues.due.messages.length > 0) {
      await pipeline.queues.due.deliver(async (records) => {
        const { BatchProcessor, EventType, processPartialResponse } = await import('@aws-lambda-powertools/batch');
        return processPartialResponse(
          { Records: records },
          pipeline.handlerFor('due'),
          new BatchProcessor(EventType.SQS),
          {
            context: { functionName: 'bench' } as never,
          },
        );
      });
    }
    const sweepSeconds = (performance.now() - sweepStarted) / 1000;
    const reminders = pipeline.queues.notify.messages.length;
    await pipeline.drain();

    return {
      notifications: NOTIFICATIONS,
      chats: CHATS,
      redeliveredDuplicates: redelivered.length,
      seconds: +seconds.toFixed(1),
      messagesPerSecond: +(unique.size / seconds).toFixed(1),
      telegram429: telegram.stats.rejected429,
      delivered,
      duplicates,
      lost,
      coverageSweep: {
        linkedChats: CHATS,
        seconds: +sweepSeconds.toFixed(2),
        msPerChat: +((sweepSeconds * 1000) / CHATS).toFixed(1),
        reminders: Math.max(reminders, telegram.messages.length - before),
      },
    };
  } finally {
    await telegram.stop();
    await engine.stop();
  }
}
