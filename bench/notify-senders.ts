import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context } from 'aws-lambda';
import { createSender } from '../functions/notify/sender';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import type { Identity } from '../shared/adapters/identity';
import { TableScheduler } from '../shared/adapters/scheduler/table-scheduler';
import { TELEGRAM_FREE_MESSAGES_PER_SECOND } from '../shared/adapters/send-pacer';
import { DEFAULT_SENDER_BUDGET, grammyTelegramSender } from '../shared/adapters/telegram';
import type { Telemetry } from '../shared/app/ports';
import { encodeNotificationMessage } from '../shared/contracts/internal';
import { createTestTable } from '../test/helpers/dynamodb';
import { FakeTelegram } from '../tools/fake-telegram';
import { LocalQueue } from '../tools/local-queue';

/**
 * The notify sender as deployed — N instances, each the real handler with its own pacer at budget / N, each taking
 * batches off one notify queue one after the other (as Lambda's SQS poller hands them to one instance) — against the
 * fake Bot API with Telegram's limits on (sliding second: 30 messages overall, 1 per chat).
 */

export interface SenderRunOptions {
  endpoint: string;
  identity: Identity;
  /** The linked citizens' IINs; chat n is linked to iins[n]. */
  iins: readonly string[];
  notifications: number;
  instances: number;
  batchSize: number;
  start: number;
  /**
   * false: no pacer and no limits at the fake — the most this machine and DynamoDB Local let the sender do, the
   * ceiling any paced figure is read against.
   */
  paced?: boolean;
}

export interface SenderRun {
  instances: number;
  batchSize: number;
  paced: boolean;
  /** The sender's budget over all instances (messages/s) and Telegram's free limit, for the ratios. */
  budget: number;
  telegramLimit: number;
  seconds: number;
  messagesPerSecond: number;
  ofBudget: number;
  ofTelegramLimit: number;
  /** sendMessage requests Telegram received (first tries and retries) and how many of them it answered 429. */
  sendRequests: number;
  telegram429: number;
  share429: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** Messages the queue gave up on (after 1,000 receives): with the bench's clock standing still, a claim never expires. */
  deadLettered: number;
  redeliveredDuplicates: number;
  /** Failed attempts by error name (each came back through the queue) and the sender's metrics. */
  errors: Record<string, number>;
  metrics: Record<string, number>;
}

/** Silent, but counts the sends that failed (by error name) and the outcomes (by metric). */
function countingTelemetry(errors: Record<string, number>, metrics: Record<string, number>): Telemetry {
  return {
    info() {},
    warn() {},
    error(_message, attributes) {
      const name = String(attributes?.error ?? 'unknown');
      errors[name] = (errors[name] ?? 0) + 1;
    },
    count(metric) {
      metrics[metric] = (metrics[metric] ?? 0) + 1;
    },
  };
}
const CHAT_BASE = 5_000;

async function linkChats(chats: DynamoChatStore, options: SenderRunOptions): Promise<void> {
  const puts = options.iins.map(
    (iin, n) => () =>
      chats.putChat({
        chatId: CHAT_BASE + n,
        language: n % 3 === 0 ? 'ru' : 'kk',
        citizenKey: options.identity.citizenKey(iin),
        active: true,
        reminders: { pension: true, coverage: true },
      }),
  );
  for (let i = 0; i < puts.length; i += 25) await Promise.all(puts.slice(i, i + 25).map((put) => put()));
}

/** The notifications, then every tenth again (a redelivered queue message): the duplicates must send nothing. */
function queueNotifications(queue: LocalQueue, options: SenderRunOptions, run: string): number {
  const chats = options.iins.length;
  const bodies = Array.from({ length: options.notifications }, (_, i) =>
    encodeNotificationMessage({
      id: `bench|${run}|${i}|${CHAT_BASE + (i % chats)}`,
      chatId: CHAT_BASE + (i % chats),
      citizenKey: options.identity.citizenKey(options.iins[i % chats] ?? ''),
      kind: 'documents_reminder',
      params: { deadline: '2026-10-30', workingDaysLeft: 10, elapsed: 35, total: 45 },
    }),
  );
  const redelivered = bodies.filter((_, i) => i % 10 === 0);
  for (const body of [...bodies, ...redelivered]) queue.send(body);
  return redelivered.length;
}

/** One instance: the next batch as soon as the last is done, until the queue is empty and no one holds a message. */
async function instanceLoop(
  queue: LocalQueue,
  handler: ReturnType<typeof createSender>,
  batchSize: number,
  busy: { count: number },
) {
  const processor = new BatchProcessor(EventType.SQS);
  const context = { functionName: 'bench-sender' } as Context;
  for (;;) {
    busy.count += 1;
    const moved = await queue.deliver(
      (records) =>
        processPartialResponse({ Records: records }, handler, processor, { context, throwOnFullBatchFailure: false }),
      batchSize,
    );
    busy.count -= 1;
    if (moved > 0) continue;
    if (busy.count === 0 && queue.messages.length === 0) return;
    // Another instance holds messages that may come back (a duplicate found in flight): look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function runSenders(options: SenderRunOptions): Promise<SenderRun> {
  const paced = options.paced ?? true;
  const telegram = await FakeTelegram.start({ limits: { enforce: paced } });
  try {
    const table = await createTestTable(options.endpoint);
    const chats = new DynamoChatStore(table.documents, table.tableName);
    await linkChats(chats, options);
    const clock = { now: () => options.start };
    const queue = new LocalQueue('notify', 1_000);
    queue.clock = clock.now;
    const redelivered = queueNotifications(queue, options, `${options.instances}x${options.batchSize}`);
    const budget = DEFAULT_SENDER_BUDGET.messagesPerSecond;
    const errors: Record<string, number> = {};
    const metrics: Record<string, number> = {};
    const handlers = Array.from({ length: options.instances }, () =>
      createSender({
        chats,
        ledger: new DynamoNotificationLedger(table.documents, table.tableName, clock.now),
        telegram: grammyTelegramSender({
          token: telegram.token,
          apiRoot: telegram.apiRoot,
          throttle: paced,
          budget: { messagesPerSecond: budget, instances: options.instances },
        }),
        scheduler: new TableScheduler(table.documents, table.tableName),
        deadLetters: { send: async () => {} },
        clock,
        telemetry: countingTelemetry(errors, metrics),
      }),
    );
    const busy = { count: 0 };
    const started = performance.now();
    await Promise.all(handlers.map((handler) => instanceLoop(queue, handler, options.batchSize, busy)));
    const seconds = (performance.now() - started) / 1000;
    const deadLettered = queue.deadLetters.length;
    return { ...summarise({ options, telegram, seconds, budget, redelivered, deadLettered }), errors, metrics };
  } finally {
    await telegram.stop();
  }
}

function summarise(input: {
  options: SenderRunOptions;
  telegram: FakeTelegram;
  seconds: number;
  budget: number;
  redelivered: number;
  deadLettered: number;
}): Omit<SenderRun, 'errors' | 'metrics'> {
  const { options, telegram, seconds, budget } = input;
  const chats = options.iins.length;
  let lost = 0;
  let duplicates = 0;
  for (let n = 0; n < chats; n++) {
    const expected = Math.floor(options.notifications / chats) + (n < options.notifications % chats ? 1 : 0);
    const got = telegram.messagesTo(CHAT_BASE + n).length;
    lost += Math.max(0, expected - got);
    duplicates += Math.max(0, got - expected);
  }
  const delivered = telegram.messages.length;
  const messagesPerSecond = delivered / seconds;
  const sendRequests = telegram.methodCalls.sendmessage ?? 0;
  const ratio = (value: number) => +value.toFixed(3);
  return {
    instances: options.instances,
    batchSize: options.batchSize,
    paced: options.paced ?? true,
    budget,
    telegramLimit: TELEGRAM_FREE_MESSAGES_PER_SECOND,
    seconds: +seconds.toFixed(1),
    messagesPerSecond: +messagesPerSecond.toFixed(1),
    ofBudget: ratio(messagesPerSecond / budget),
    ofTelegramLimit: ratio(messagesPerSecond / TELEGRAM_FREE_MESSAGES_PER_SECOND),
    sendRequests,
    telegram429: telegram.stats.rejected429,
    share429: ratio(sendRequests === 0 ? 0 : telegram.stats.rejected429 / sendRequests),
    delivered,
    duplicates,
    lost,
    deadLettered: input.deadLettered,
    redeliveredDuplicates: input.redelivered,
  };
}
