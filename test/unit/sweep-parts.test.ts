import { describe, expect, it } from 'vitest';
import { linkShard } from '../../shared/app/ports/chat-store';
import { COVERAGE_PART_MAX_AGE_DAYS, refuseSweepPart } from '../../shared/app/sweep-parts';
import { encodeSweepMessage, type SweepPart } from '../../shared/contracts/sweep';
import { addDays } from '../../shared/domain/dates';
import { at, IIN, paidMonths } from '../helpers/events';
import { InMemoryNotify } from '../helpers/in-memory-notify';
import { sqsRecord } from '../helpers/sqs';

const CHAT = 1001;
const coveragePart = (day: string): SweepPart => ({ kind: 'coverage_due', day, shard: linkShard(CHAT) });

/** Aigerim, self-paid January–June 2026 (covered through 30 September), her chat linked with coverage reminders on. */
async function selfPayer(): Promise<InMemoryNotify> {
  const world = new InMemoryNotify(at('2026-07-15T10:00'));
  await world.link(CHAT, IIN.aigerim);
  await world.ingest(...paidMonths('2026-01', '2026-06'));
  return world;
}

describe('a coverage sweep part whose day is not today (issue 15 review)', () => {
  it('is refused for a day after today or more than a week ago, by the Kazakhstan date of the clock', () => {
    // 00:30 in Astana is still the day before in UTC: the part of the Kazakhstan day is today's.
    const justAfterMidnight = at('2026-09-16T00:30');
    expect(refuseSweepPart(coveragePart('2026-09-16'), justAfterMidnight)).toBeUndefined();
    expect(refuseSweepPart(coveragePart('2026-09-17'), justAfterMidnight)).toMatchObject({
      field: 'sweep.day',
      reason: expect.stringMatching(/^sweep\.day: is after today/),
    });
    const oldest = addDays('2026-09-16', -COVERAGE_PART_MAX_AGE_DAYS);
    expect(refuseSweepPart(coveragePart(oldest), justAfterMidnight)).toBeUndefined();
    expect(refuseSweepPart(coveragePart(addDays(oldest, -1)), justAfterMidnight)?.reason).toMatch(
      /^sweep\.day: is more than 7 days ago/,
    );
    // Re-plan parts look ahead by design: only the coverage part's day is bounded.
    const replan: SweepPart = { kind: 'cases_replan', from: '2026-09-16', day: '2026-09-30' };
    expect(refuseSweepPart(replan, justAfterMidnight)).toBeUndefined();
  });

  it('from the future is dead-lettered with the reason and touches nothing: the reminder still comes on its day', async () => {
    const world = await selfPayer();
    await world.advanceTo(at('2026-09-10T10:00'));
    const before = await world.chats.getChat(CHAT);
    expect(before?.coverage?.coveredThrough).toBe('2026-09-30');

    await world.dueHandler(sqsRecord(encodeSweepMessage(coveragePart('2026-12-31'))));

    expect(world.deadLetters.letters).toEqual([
      expect.objectContaining({ category: 'sweep.day', reason: expect.stringMatching(/^sweep\.day: is after today/) }),
    ]);
    expect(world.telemetry.metrics).toContainEqual({ metric: 'MessagesRejected', dimensions: { reason: 'sweep.day' } });
    expect(await world.chats.getChat(CHAT)).toEqual(before);
    expect(world.sweeps.sent).toEqual([]);

    await world.advanceTo(at('2026-09-16T10:00'));
    await world.runDue({ kind: 'coverage_sweep' });
    expect(world.kindsSentTo(CHAT)).toContain('coverage_ending');
  });

  it('from more than a week ago is dead-lettered; one from yesterday (a retry after midnight) still runs', async () => {
    const world = await selfPayer();
    await world.advanceTo(at('2026-09-17T00:10'));

    await world.dueHandler(sqsRecord(encodeSweepMessage(coveragePart('2026-09-09'))));
    expect(world.deadLetters.letters.map((letter) => letter.category)).toEqual(['sweep.day']);
    expect(world.kindsSentTo(CHAT)).not.toContain('coverage_ending');

    await world.dueHandler(sqsRecord(encodeSweepMessage(coveragePart('2026-09-16'))));
    // Queued now, delivered after the night's quiet hours.
    await world.advanceTo(at('2026-09-17T10:00'));
    expect(world.deadLetters.letters).toHaveLength(1);
    expect(world.kindsSentTo(CHAT)).toContain('coverage_ending');
  });
});
