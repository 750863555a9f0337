import { createBot } from '../functions/bot/bot';
import { DynamoLinkAttempts } from '../shared/adapters/dynamodb/attempts';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { HmacIdentity } from '../shared/adapters/identity';
import { toFactRecord } from '../shared/app/fact-record';
import type { Telemetry } from '../shared/app/ports';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import type { UpstreamEvent } from '../shared/domain/events';
import { createTestTable } from '../test/helpers/dynamodb';
import { startDynamoDbLocal } from '../tools/dynamodb-local';
import { FakeTelegram } from '../tools/fake-telegram';

const ROUNDS = Number(process.env.BENCH_BOT_ROUNDS ?? 200);
const quiet: Telemetry = { info() {}, warn() {}, error() {}, count() {} };

export interface BotFigures {
  rounds: number;
  latencyMs: Record<'status' | 'case', { p50: number; p99: number }>;
}

function percentile(sorted: number[], p: number): number {
  return +(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
}

/**
 * In-process webhook latency of `/status` and `/case` for a linked citizen (24 months of payments, one case), with
 * DynamoDB Local for state and the fake Bot API for the reply: from the update to the answer delivered.
 */
export async function runBotBench(): Promise<BotFigures> {
  const engine = await startDynamoDbLocal();
  const telegram = await FakeTelegram.start({ limits: { enforce: false } });
  try {
    const table = await createTestTable(engine.endpoint);
    const identity = new HmacIdentity('bench-only-identity-secret-0123456789abcdef');
    const facts = new DynamoFactStore(table.documents, table.tableName);
    const iin = '850415300121';
    const envelope = (id: string, type: string, data: unknown) =>
      ({
        eventId: id,
        type,
        occurredAt: '2026-05-01T10:00:00+05:00',
        source: 'bench',
        schemaVersion: 1,
        data,
      }) as UpstreamEvent;
    const events = [
      ...Array.from({ length: 24 }, (_, m) => {
        const index = 2024 * 12 + 4 + m;
        const period = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
        return envelope(`p${m}`, 'osms.payment', {
          iin,
          period,
          kind: 'deduction',
          payerType: 'employer',
          amountTiyn: 1_050_000,
          paidOn: '2026-04-20',
          status: 'accepted',
        });
      }),
      envelope('a', 'pension.application.submitted', {
        caseId: 'OB-1',
        iin,
        treatment: 'joint_replacement',
        amountTiyn: 250_000_000,
        submittedOn: '2026-03-02',
      }),
      envelope('c', 'pension.funds.credited', { caseId: 'OB-1', creditedOn: '2026-03-20', amountTiyn: 250_000_000 }),
    ];
    for (const event of events) await facts.record(toFactRecord(event, identity));
    const chatId = 7001;
    const chats = new DynamoChatStore(table.documents, table.tableName);
    await chats.putChat({
      chatId,
      language: 'kk',
      citizenKey: identity.citizenKey(iin),
      active: true,
      reminders: { pension: true, coverage: true },
    });
    const bot = createBot(
      telegram.token,
      {
        facts,
        chats,
        attempts: new DynamoLinkAttempts(table.documents, table.tableName),
        ledger: new DynamoNotificationLedger(table.documents, table.tableName),
        identity,
        calendar: kazakhstanCalendar(),
        clock: { now: () => Date.parse('2026-05-28T12:00:00+05:00') },
        telemetry: quiet,
        supportContact: '@bench_support',
        chatReturns: { chatReturned: async () => undefined },
      },
      // As the webhook runs it: each update is claimed once (one conditional write).
      {
        botInfo: telegram.bot,
        apiRoot: telegram.apiRoot,
        rateLimit: { limit: 1_000_000, timeFrameMs: 1_000 },
        deduplicateUpdates: true,
      },
    );
    const from = { id: chatId, first_name: 'Bench' };
    const measure = async (command: string) => {
      const samples: number[] = [];
      for (let i = 0; i < ROUNDS + 20; i++) {
        const update = telegram.sendText(from, command);
        const started = performance.now();
        await bot.handleUpdate(update);
        if (i >= 20) samples.push(performance.now() - started);
      }
      samples.sort((a, b) => a - b);
      return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
    };
    return {
      rounds: ROUNDS,
      latencyMs: { status: await measure('/status'), case: await measure('/case') },
    };
  } finally {
    await telegram.stop();
    await engine.stop();
  }
}
