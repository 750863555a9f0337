import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { toFactRecord } from '../shared/app/fact-record';
import type { ChatRecord } from '../shared/app/ports/chat-store';
import { addDays, kazakhstanInstant } from '../shared/domain/dates';
import { iinCheckDigit } from '../shared/domain/iin';
import { paidMonths } from '../test/helpers/events';
import { testIdentity } from '../test/helpers/identity';
import { SweepWorld } from '../test/helpers/sweep-world';
import { startDynamoDbLocal } from '../tools/dynamodb-local';

/**
 * The morning coverage sweep at population scale (issue 15 item 4): `linkedChats` linked chats in the table, of which
 * `dueShare` have a coverage reminder today (their citizens hold six months of payments; the others hold none, since
 * the sweep never reads them). Every DynamoDB request of the sweep is counted by a middleware on the client; the
 * figures are requests per due chat and per linked chat. The previous design read every linked chat: 3 `Query` each.
 */
export interface SweepBenchResult {
  machine: { cpu: string; cores: number; node: string };
  linkedChats: number;
  dueChats: number;
  seedSeconds: number;
  sweepSeconds: number;
  msPerDueChat: number;
  parts: number;
  requests: { total: number; byOperation: Record<string, number> };
  indexQueries: number;
  chatItemsRead: number;
  requestsPerDueChat: number;
  requestsPerLinkedChat: number;
  /** The design this replaces: 3 `Query` per linked chat, whatever is due. */
  previousRequestsPerLinkedChat: number;
  remindersQueued: number;
}

const TODAY = '2026-09-16';

/** `count` distinct valid IINs (born 1980-01-01, serials in order, invalid check digits skipped). */
function iins(count: number): string[] {
  const found: string[] = [];
  for (let serial = 0; found.length < count; serial++) {
    const first11 = `8001013${String(serial).padStart(4, '0')}`;
    const check = iinCheckDigit(Array.from(first11, Number));
    if (check !== undefined) found.push(`${first11}${check}`);
  }
  return found;
}

function chatOf(chatId: number, citizenKey: string, sweepOn: string): ChatRecord {
  return {
    chatId,
    language: 'kk',
    citizenKey,
    active: true,
    reminders: { pension: true, coverage: true },
    coverage: { coveredThrough: addDays(sweepOn, 14), sweepOn, derivedAt: '2026-07-15T05:00:00.000Z' },
  };
}

async function seed(world: SweepWorld, linkedChats: number, dueEvery: number): Promise<number> {
  const chats: ChatRecord[] = [];
  const people = iins(Math.floor(linkedChats / dueEvery));
  let due = 0;
  for (let chatId = 1; chatId <= linkedChats; chatId++) {
    if (chatId % dueEvery === 0) {
      const iin = people[due] as string;
      for (const event of paidMonths('2026-01', '2026-06', { iin })) {
        await world.facts.record(toFactRecord(event, testIdentity));
      }
      chats.push(chatOf(chatId, testIdentity.citizenKey(iin), TODAY));
      due += 1;
    } else {
      chats.push(chatOf(chatId, `c1.bench-${chatId}`, addDays(TODAY, 1 + (chatId % 90))));
    }
  }
  await world.load(chats);
  return due;
}

export async function runSweepBench(
  options: { endpoint?: string; linkedChats?: number; dueShare?: number } = {},
): Promise<SweepBenchResult> {
  const linkedChats = options.linkedChats ?? 100_000;
  const dueEvery = Math.round(1 / (options.dueShare ?? 0.01));
  const engine = options.endpoint ? undefined : await startDynamoDbLocal();
  try {
    const world = await SweepWorld.create(options.endpoint ?? engine?.endpoint ?? '', kazakhstanInstant(TODAY, 10));
    const seedStart = performance.now();
    const dueChats = await seed(world, linkedChats, dueEvery);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    world.resetCounts();
    const start = performance.now();
    const { runs } = await world.coverageSweep();
    const sweepMs = performance.now() - start;
    const byOperation = Object.fromEntries(world.table.requests.counts);
    const total = Object.values(byOperation).reduce((sum, n) => sum + n, 0);
    const round = (value: number, digits = 3) => Number(value.toFixed(digits));
    return {
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      linkedChats,
      dueChats,
      seedSeconds: round(seedSeconds, 1),
      sweepSeconds: round(sweepMs / 1000, 2),
      msPerDueChat: round(sweepMs / Math.max(1, dueChats), 2),
      parts: runs.length,
      requests: { total, byOperation },
      indexQueries: world.indexReads.queries,
      chatItemsRead: world.indexReads.chatItems,
      requestsPerDueChat: round(total / Math.max(1, dueChats)),
      requestsPerLinkedChat: round(total / linkedChats, 4),
      previousRequestsPerLinkedChat: 3,
      remindersQueued: world.queued.sent.length,
    };
  } finally {
    await engine?.stop();
  }
}

/** Prints the figures (what `bench/run.ts` prints for the `sweep` part). */
export function describeSweepBench(result: SweepBenchResult): string {
  return (
    `coverage sweep (index of reminder days, DynamoDB Local): ${result.linkedChats} linked chats, ` +
    `${result.dueChats} due today → ${result.requests.total} requests ${JSON.stringify(result.requests.byOperation)} ` +
    `in ${result.parts} parts, ${result.sweepSeconds} s (${result.msPerDueChat} ms per due chat)\n` +
    `  ${result.requestsPerDueChat} requests per due chat, ${result.requestsPerLinkedChat} per linked chat ` +
    `(previous design: ${result.previousRequestsPerLinkedChat} per linked chat); chats read by the index: ` +
    `${result.chatItemsRead}; reminders queued: ${result.remindersQueued}; seeding took ${result.seedSeconds} s`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const linked = Number(process.env.SWEEP_LINKED_CHATS ?? 100_000);
  const result = await runSweepBench({ linkedChats: linked });
  console.log(describeSweepBench(result));
  console.log(JSON.stringify(result));
}
