import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { toFactRecord } from '../../shared/app/fact-record';
import { type ChatRecord, linkShard } from '../../shared/app/ports/chat-store';
import { SWEEP_PAGE } from '../../shared/app/sweep-parts';
import { encodeSweepMessage, type SweepPart } from '../../shared/contracts/sweep';
import { kazakhstanInstant } from '../../shared/domain/dates';
import { IIN, paidMonths, payment } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { sqsEvent } from '../helpers/sqs';
import { SweepWorld } from '../helpers/sweep-world';

/** Self-paid January–June 2026, each paid on the 10th of the next month: covered through 30 September (grace). */
const FIRST_HALF = (iin: string) => paidMonths('2026-01', '2026-06', { iin });
const at = (date: string, hour = 10) => kazakhstanInstant(date, hour);

function linked(chatId: number, citizenKey: string, extra: Partial<ChatRecord> = {}): ChatRecord {
  return {
    chatId,
    language: 'ru',
    citizenKey,
    active: true,
    reminders: { pension: true, coverage: true },
    ...extra,
  };
}

const citizen = (iin: string) => testIdentity.citizenKey(iin);

async function worldWithPayers(chats: Record<number, string>): Promise<SweepWorld> {
  const world = await SweepWorld.create(inject('dynamodbEndpoint'), at('2026-07-15'));
  for (const [chatId, iin] of Object.entries(chats)) await world.chats.putChat(linked(Number(chatId), citizen(iin)));
  for (const iin of new Set(Object.values(chats))) await world.record(...FIRST_HALF(iin));
  return world;
}

const partsOf = (runs: SweepPart[], shard: number) =>
  runs.filter((part) => part.kind === 'coverage_due' && part.shard === shard);

describe('coverage sweep over the index of reminder days (DynamoDB Local)', () => {
  it('reads only the chats due today: one index query per shard, one facts query and one write per due chat', async () => {
    const world = await worldWithPayers({ 101: IIN.aigerim, 202: IIN.bolat });
    const later = { coveredThrough: '2027-01-31', sweepOn: '2027-01-17', derivedAt: '2026-07-15T05:00:00.000Z' };
    const others = Array.from({ length: 60 }, (_, i) => linked(1_000 + i, `c1.other-${i}`, { coverage: later }));
    await world.load(others);
    world.now = at('2026-09-16');
    world.resetCounts();

    const { failures } = await world.coverageSweep();

    expect(failures).toEqual([]);
    expect(world.indexReads).toEqual({ queries: 64, chatItems: 2 });
    // 64 shard queries + one facts query per due chat; one write per due chat; nothing else.
    expect(world.table.requests.get('Query')).toBe(64 + 2);
    expect(world.table.requests.get('UpdateItem')).toBe(2);
    expect(world.table.requests.get('GetItem') + world.table.requests.get('PutItem')).toBe(0);
    expect(world.queued.sent.map((n) => [n.chatId, n.kind, n.params]).sort()).toEqual(
      [101, 202].map((chatId) => [chatId, 'coverage_ending', expect.objectContaining({ days: 14 })]),
    );
    expect((await world.chats.getChat(101))?.coverage).toMatchObject({
      coveredThrough: '2026-09-30',
      sweepOn: '2026-09-27',
    });
  });

  it('moves the reminder day when a payment arrives, and re-checks a due chat whose citizen paid since', async () => {
    const world = await worldWithPayers({ 101: IIN.aigerim, 165: IIN.bolat });
    expect((await world.chats.getChat(101))?.coverage).toMatchObject({
      coveredThrough: '2026-09-30',
      sweepOn: '2026-08-26',
    });

    world.now = at('2026-09-10');
    await world.record(payment({ iin: IIN.aigerim, period: '2026-07', paidOn: '2026-09-10' }));
    // The planner moved Aigerim's chat: covered through October now, next look the day after August falls due.
    expect((await world.chats.getChat(101))?.coverage).toMatchObject({
      coveredThrough: '2026-10-31',
      sweepOn: '2026-09-26',
    });
    const dueOn16 = await world.chats.coverageDue(linkShard(101), '2026-09-16', { limit: 100 });
    expect(dueOn16.items.map((chat) => chat.chatId)).toEqual([165]);

    // Bolat paid too, but his change never reached the planner: the sweep re-derives him and stays silent.
    await world.facts.record(
      toFactRecord(payment({ iin: IIN.bolat, period: '2026-07', paidOn: '2026-09-10' }), testIdentity),
    );
    world.now = at('2026-09-16');
    world.resetCounts();
    await world.coverageSweep();
    expect(world.indexReads.chatItems).toBe(1);
    expect(world.queued.sent).toEqual([]);
    expect((await world.chats.getChat(165))?.coverage).toMatchObject({
      coveredThrough: '2026-10-31',
      sweepOn: '2026-09-26',
    });
  });

  it('retries a part that failed alone, and the retry reads only the chats it had not finished', async () => {
    // Three chats in one shard (101, 165, 229 ≡ 37 mod 64); the notify queue refuses the second chat's reminder once.
    const world = await worldWithPayers({ 101: IIN.aigerim, 165: IIN.bolat, 229: IIN.dana });
    let refused = 0;
    world.failNotifyFor = (chatId) => chatId === 165 && refused++ === 0;
    world.now = at('2026-09-16');
    world.resetCounts();

    const { runs, failures } = await world.coverageSweep();

    expect(failures).toEqual([{ kind: 'coverage_due', day: '2026-09-16', shard: 37 }]);
    expect(runs).toHaveLength(64 + 1);
    expect(partsOf(runs, 37)).toHaveLength(2);
    // 3 chats read by the first try, 2 by the retry: the one it finished had moved to its next reminder day.
    expect(world.indexReads.chatItems).toBe(5);
    expect(world.queued.sent.map((n) => n.chatId).sort()).toEqual([101, 165, 229]);
    expect(world.queued.sent.every((n) => n.kind === 'coverage_ending')).toBe(true);
  });

  it('carries a continuation from page to page, each chat read once, until the shard is done', async () => {
    const world = await SweepWorld.create(inject('dynamodbEndpoint'), at('2026-09-16'));
    const count = 2 * SWEEP_PAGE.chats + 50;
    // Linked chats whose coverage was never derived are due at once (they sort first in the shard).
    await world.load(Array.from({ length: count }, (_, i) => linked(5 + 64 * i, `c1.paged-${i}`)));
    world.resetCounts();

    const { runs, failures } = await world.coverageSweep();

    expect(failures).toEqual([]);
    const shardRuns = partsOf(runs, 5);
    expect(shardRuns).toHaveLength(3);
    expect(shardRuns.map((part) => part.after !== undefined)).toEqual([false, true, true]);
    expect(world.indexReads.chatItems).toBe(count);
    const page = await world.chats.linkedPage(5, { limit: count + 1 });
    expect(page.items.filter((chat) => chat.coverage?.derivedAt !== undefined)).toHaveLength(count);

    world.resetCounts();
    await world.coverageSweep();
    expect(world.indexReads).toEqual({ queries: 64, chatItems: 0 });
  });

  it('dead-letters a part whose continuation the store did not make at once, and the rest of the batch goes on', async () => {
    const world = await worldWithPayers({ 101: IIN.aigerim, 165: IIN.bolat });
    world.now = at('2026-09-16');
    const day = '2026-09-16';
    const token = (text: string) => Buffer.from(text).toString('base64url');
    const parts: SweepPart[] = [
      // Not JSON once decoded, and JSON that is not a key of the index (DynamoDB would refuse it on every retry).
      { kind: 'coverage_due', day, shard: 37, after: token('{"pk":') },
      { kind: 'coverage_due', day, shard: 37, after: token('{"pk":"CHAT#1","sk":"CHAT"}') },
      { kind: 'coverage_due', day, shard: 37 },
    ];
    const processor = new BatchProcessor(EventType.SQS);
    const result = await processPartialResponse(sqsEvent(parts.map(encodeSweepMessage)), world.dueHandler, processor, {
      context: { functionName: 'notify-due' } as Context,
      throwOnFullBatchFailure: false,
    });

    expect(result.batchItemFailures).toEqual([]);
    expect(world.deadLetters.letters.map(({ category, reason }) => ({ category, reason }))).toEqual(
      [1, 2].map(() => ({
        category: 'sweep.after',
        reason: expect.stringMatching(/^sweep\.after: is not a continuation/),
      })),
    );
    // The good part of the same batch swept both due chats of the shard.
    expect(world.queued.sent.map((n) => [n.chatId, n.kind]).sort()).toEqual([
      [101, 'coverage_ending'],
      [165, 'coverage_ending'],
    ]);
  });
});
