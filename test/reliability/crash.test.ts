import { afterEach, describe, expect, inject, it } from 'vitest';
import { kazakhstanInstant } from '../../shared/domain/dates';
import type { FakeTelegram } from '../../tools/fake-telegram';
import { createTestTable } from '../helpers/dynamodb';
import { application, credited, IIN } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { localPipelineOn } from '../helpers/pipeline';
import { FULL } from './scale';

let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await telegram?.stop();
  telegram = undefined;
});

/**
 * Every point of the pension flow where a handler has written something and not yet done what follows (or the
 * reverse): ingest (fact stored → change handed on), planner (schedule made → recorded; notifications queued), due
 * (order sent → marker confirmed; record marked fired), sender (claimed → sent).
 */
const STEPS = [
  'changes.publish',
  'scheduler.put',
  'book.put',
  'due.enqueue',
  'notify.enqueue',
  'outbound.send',
  'outbox.confirm',
  'book.markFired',
  'ledger.claim',
] as const;

async function runWithCrash(step: string, crashes: number) {
  const table = await createTestTable(inject('dynamodbEndpoint'));
  let left = crashes;
  let injected = 0;
  const started = await localPipelineOn(table, {
    start: kazakhstanInstant('2026-03-20', 10),
    crash: (at) => {
      if (at === step && left > 0) {
        left -= 1;
        injected += 1;
        throw new Error(`injected crash at ${at}`);
      }
    },
  });
  telegram = started.telegram;
  const pipeline = started.pipeline;
  await pipeline.chats.putChat({
    chatId: 1001,
    language: 'kk',
    citizenKey: testIdentity.citizenKey(IIN.aigerim),
    active: true,
    reminders: { pension: true, coverage: true },
  });
  pipeline.ingest([application({ caseId: 'OB-1' }), credited({ caseId: 'OB-1', creditedOn: '2026-03-20' })]);
  // Day by day with the reconciliation sweep, as production runs it: a crashed firing is picked up again.
  for (const day of ['2026-05-18', '2026-05-25', '2026-05-29', '2026-06-01', '2026-06-03', '2026-06-04']) {
    await pipeline.advanceTo(kazakhstanInstant(day, 6));
    await pipeline.sweep('reconciliation_sweep');
    await pipeline.advanceTo(kazakhstanInstant(day, 12));
  }
  return { pipeline, telegram, injected };
}

describe('a crash between a write and its side effect, at every step of the pension flow', () => {
  it.each(STEPS)('converges after a crash at %s: one order, every message once', async (step) => {
    const { pipeline, telegram: fake, injected } = await runWithCrash(step, FULL ? 3 : 1);
    expect(injected).toBeGreaterThan(0);
    expect(pipeline.outbound.map((e) => e.eventId)).toEqual(['return-due:OB-1:window-1']);
    const texts = fake.messagesTo(1001).map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length);
    // funds credited, five reminders (the last on the deadline day), deadline passed.
    expect(texts).toHaveLength(7);
    process.stdout.write(
      `reliability ${FULL ? 'full' : 'reduced'} | crash ${step} | ${JSON.stringify({ crashesInjected: injected, orders: pipeline.outbound.length, messages: texts.length, duplicated: texts.length - new Set(texts).size })}\n`,
    );
  });
});
