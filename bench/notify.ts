import { HmacIdentity } from '../shared/adapters/identity';
import type { Telemetry } from '../shared/app/ports';
import { encodeDueMessage } from '../shared/contracts/internal';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { iinCheckDigit } from '../shared/domain/iin';
import { createTestTable } from '../test/helpers/dynamodb';
import { payment } from '../test/helpers/events';
import { startDynamoDbLocal } from '../tools/dynamodb-local';
import { FakeTelegram } from '../tools/fake-telegram';
import { LocalPipeline } from '../tools/local-pipeline';
import { runSenders, type SenderRun } from './notify-senders';

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 2_000);
const CHATS = Number(process.env.BENCH_CHATS ?? 500);
/** The notify event source as deployed (infra/constructs/notify-functions.ts): its maxConcurrency and batch size. */
const DEPLOYED_INSTANCES = Number(process.env.BENCH_SENDER_INSTANCES ?? 2);
const BATCH_SIZE = Number(process.env.BENCH_SENDER_BATCH ?? 10);
const quiet: Telemetry = { info() {}, warn() {}, error() {}, count() {} };

export interface NotifyFigures {
  notifications: number;
  chats: number;
  redeliveredDuplicates: number;
  /** The one-instance run (the first of `senders`), as before. */
  seconds: number;
  messagesPerSecond: number;
  telegram429: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /**
   * One sender instance, then the deployed number, each paced at budget / instances; then both again unpaced against
   * a fake without limits: the ceiling of this machine and DynamoDB Local.
   */
  senders: SenderRun[];
  coverageSweep: { linkedChats: number; seconds: number; msPerChat: number; reminders: number };
}

function iinFor(n: number): string {
  for (let serial = n; ; serial += 1) {
    const first11 = `${String(70 + (n % 30))}0${1 + (n % 9)}1${n % 10}3${String(serial % 10_000).padStart(4, '0')}`;
    const check = iinCheckDigit(Array.from(first11, Number));
    if (check !== undefined) return `${first11}${check}`;
  }
}

/** One line per sender run: the rate, its ratios to the budget and to Telegram's limit, and the 429 share. */
function printSenderRuns(runs: readonly SenderRun[]): void {
  console.log(
    '\nnotify sender against the fake Bot API (sliding second: 30 overall, 1 per chat; the ceiling runs with no limits)',
  );
  console.table(
    Object.fromEntries(
      runs.map((r) => [
        `${r.paced ? 'paced' : 'ceiling, unpaced'}: ${r.instances} instance${r.instances > 1 ? 's' : ''} × batch ${r.batchSize}`,
        {
          'msg/s': r.messagesPerSecond,
          [`/ budget ${r.budget}`]: r.ofBudget,
          [`/ Telegram ${r.telegramLimit}`]: r.ofTelegramLimit,
          '429s': `${r.telegram429} of ${r.sendRequests} (${(r.share429 * 100).toFixed(2)}%)`,
          seconds: r.seconds,
          'dup / lost': `${r.duplicates} / ${r.lost}`,
        },
      ]),
    ),
  );
}

/**
 * 2,000 queued notifications to 500 chats through the real sender, against the fake Bot API with Telegram's limits
 * on (30/s overall, 1/s per chat), plus 10% redelivered queue messages — with one sender instance and with the
 * deployed number; then the daily coverage sweep over the same 500 linked chats.
 */
export async function runNotifyBench(): Promise<NotifyFigures> {
  const engine = await startDynamoDbLocal();
  try {
    const identity = new HmacIdentity('bench-only-identity-secret-0123456789abcdef');
    const start = Date.parse('2026-09-16T10:00:00+05:00');
    const iins = Array.from({ length: CHATS }, (_, n) => iinFor(n + 1));
    const senders: SenderRun[] = [];
    const run = {
      endpoint: engine.endpoint,
      identity,
      iins,
      notifications: NOTIFICATIONS,
      start,
      batchSize: BATCH_SIZE,
    };
    // Paced against Telegram's limits, then the ceiling: the same sender unpaced, the fake's limits off.
    for (const paced of [true, false])
      for (const instances of [...new Set([1, DEPLOYED_INSTANCES])])
        senders.push(await runSenders({ ...run, instances, paced }));
    printSenderRuns(senders);
    const [single] = senders;
    if (single === undefined) throw new Error('no sender run');
    return {
      notifications: NOTIFICATIONS,
      chats: CHATS,
      redeliveredDuplicates: single.redeliveredDuplicates,
      seconds: single.seconds,
      messagesPerSecond: single.messagesPerSecond,
      telegram429: single.telegram429,
      delivered: single.delivered,
      duplicates: single.duplicates,
      lost: single.lost,
      senders,
      coverageSweep: await runCoverageSweep({ endpoint: engine.endpoint, identity, iins, start }),
    };
  } finally {
    await engine.stop();
  }
}

/** The daily coverage sweep over the linked chats, each citizen's coverage ending in 14 days. */
async function runCoverageSweep(options: {
  endpoint: string;
  identity: HmacIdentity;
  iins: readonly string[];
  start: number;
}): Promise<NotifyFigures['coverageSweep']> {
  const { identity, iins, start } = options;
  const telegram = await FakeTelegram.start();
  try {
    const table = await createTestTable(options.endpoint);
    const pipeline = new LocalPipeline({
      documents: table.documents,
      tableName: table.tableName,
      identity,
      calendar: kazakhstanCalendar(),
      telegram: { token: telegram.token, apiRoot: telegram.apiRoot },
      telemetry: quiet,
      start,
    });
    for (const [n, iin] of iins.entries()) {
      await pipeline.chats.putChat({
        chatId: 5_000 + n,
        language: n % 3 === 0 ? 'ru' : 'kk',
        citizenKey: identity.citizenKey(iin),
        active: true,
        reminders: { pension: true, coverage: true },
      });
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
      linkedChats: iins.length,
      seconds: +sweepSeconds.toFixed(2),
      msPerChat: +((sweepSeconds * 1000) / iins.length).toFixed(1),
      reminders: Math.max(reminders, telegram.messages.length - before),
    };
  } finally {
    await telegram.stop();
  }
}
