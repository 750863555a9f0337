import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChatRecord } from '../../shared/app/ports/chat-store';
import { encodeDueMessage, encodeNotificationMessage } from '../../shared/contracts/internal';
import { formatDate, formatMoney } from '../../shared/messages/format';
import { notificationText } from '../../shared/messages/notification-text';
import type { FakeTelegram } from '../../tools/fake-telegram';
import { application, credited, dkk, documents, IIN, paidMonths } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { AIGERIM_CHAT, at, BOLAT_CHAT, calendar, kz, startNotifyPipeline } from './notify-fixture';

let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await telegram?.stop();
  telegram = undefined;
});

/** The last test turns Telegram's limits on. */
async function setUp(start: string, limits = false) {
  const started = await startNotifyPipeline(inject('dynamodbEndpoint'), start, limits);
  telegram = started.telegram;
  return started;
}

describe('events → schedules → notifications → Telegram (DynamoDB Local, fake Bot API over HTTP)', () => {
  it('walks a case through 45 working days: credited, five reminders, the return order once, the citizen told', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1', creditedOn: '2026-03-20', amountTiyn: 250_000_000 }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-06-03T12:00'));

    const texts = telegram.messagesTo(AIGERIM_CHAT).map((m) => m.text);
    const reminder = (left: number) =>
      notificationText('kk', 'documents_reminder', {
        deadline: '2026-06-02',
        workingDaysLeft: left,
        elapsed: 45 - left,
        total: 45,
      });
    expect(texts).toEqual([
      notificationText('kk', 'funds_credited', {
        amountTiyn: 250_000_000,
        creditedOn: '2026-03-20',
        deadline: '2026-06-02',
        workingDays: 45,
      }),
      reminder(10),
      reminder(5),
      reminder(2),
      reminder(1),
      // 09:00 on the deadline day itself (issue 14 item 10).
      reminder(0),
      notificationText('kk', 'deadline_passed', { deadline: '2026-06-02', amountTiyn: 250_000_000 }),
    ]);
    expect(texts[0]).toContain('2026 жылғы 2 маусым');
    expect(pipeline.outbound).toEqual([
      {
        eventId: 'return-due:OB-1:window-1',
        type: 'pension.return_to_fund.due',
        // The settle moment: the next working day after the deadline, 12:00.
        occurredAt: '2026-06-03T12:00:00+05:00',
        source: 'osms-bot.notify',
        schemaVersion: 1,
        data: { caseId: 'OB-1', creditedOn: '2026-03-20', deadline: '2026-06-02', amountTiyn: 250_000_000 },
      },
    ]);

    // A second firing, a redelivery and the reconciliation sweep add nothing.
    pipeline.queues.due.send(encodeDueMessage({ kind: 'return_to_fund', caseId: 'OB-1', key: 'return_to_fund' }));
    await pipeline.sweep('reconciliation_sweep');
    await pipeline.advanceTo(kz('2026-06-04T12:00'));
    expect(pipeline.outbound).toHaveLength(1);
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(7);
    expect(telegram.messagesTo(BOLAT_CHAT)).toHaveLength(0);
  });

  it('waits for the settle moment before the order and the deadline-passed message', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-06-03T11:59'));
    expect(pipeline.outbound).toHaveLength(0);
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(6);
    await pipeline.advanceTo(kz('2026-06-03T12:00'));
    expect(pipeline.outbound).toHaveLength(1);
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(7);
  });

  it('stops the reminders and the trigger when documents arrive, then warns in Russian when the clinic is not paid', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-2', iin: IIN.bolat }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-2', creditedOn: '2026-03-20' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-05-20T11:00'));
    pipeline.ingest([documents({ caseId: 'OB-2', submittedOn: '2026-05-20' }, at('2026-05-20T11:00'))]);
    await pipeline.advanceTo(kz('2026-06-05T12:00'));

    const kinds = telegram.messagesTo(BOLAT_CHAT).map((m) => m.text);
    expect(kinds).toHaveLength(4);
    expect(kinds[1]).toBe(
      notificationText('ru', 'documents_reminder', {
        deadline: '2026-06-02',
        workingDaysLeft: 10,
        elapsed: 35,
        total: 45,
      }),
    );
    expect(kinds[2]).toBe(
      notificationText('ru', 'documents_received', { receivedOn: '2026-05-20', deadline: '2026-06-02' }),
    );
    // 5 working days after Wed 20 May, skipping Kurban ait (27 May): due 28 May, checked on 29 May.
    expect(kinds[3]).toBe(
      notificationText('ru', 'transfer_overdue', { submittedOn: '2026-05-20', transferDue: '2026-05-28', stage: 1 }),
    );
    expect(kinds[3]).toContain(formatDate('ru', '2026-05-28'));
    expect(pipeline.outbound).toEqual([]);
  });

  it('keeps the money when documents dated on the deadline reach us the next morning, before the settle moment', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-06-03T11:59'));
    pipeline.ingest([documents({ caseId: 'OB-1', submittedOn: '2026-06-02' }, at('2026-06-02T23:50'))]);
    await pipeline.advanceTo(kz('2026-06-03T12:00'));
    expect(pipeline.outbound).toEqual([]);
    // Credited, five reminders, and the good news: no order can have gone out before the settle moment.
    expect(
      telegram
        .messagesTo(AIGERIM_CHAT)
        .map((m) => m.text)
        .slice(6),
    ).toEqual([notificationText('kk', 'documents_received', { receivedOn: '2026-06-02', deadline: '2026-06-02' })]);
  });

  it('fires a lost trigger from the daily reconciliation sweep', async () => {
    const { pipeline } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.drain();
    const lost = (await pipeline.scheduler.due(kz('2026-12-31T00:00'))).filter((s) =>
      s.name.endsWith('return_to_fund'),
    );
    expect(lost).toHaveLength(1);
    await pipeline.scheduler.delete(lost[0]?.name ?? '');
    await pipeline.advanceTo(kz('2026-06-04T06:00'));
    expect(pipeline.outbound).toEqual([]);
    await pipeline.sweep('reconciliation_sweep');
    expect(pipeline.outbound.map((e) => e.data.caseId)).toEqual(['OB-1']);
  });

  it('puts the order of a 31 December deadline on the first working day of January at 12:00', async () => {
    const creditedOn = calendar.workingDaysBefore('2026-12-31', 45);
    const { pipeline, telegram } = await setUp(`${creditedOn}T10:00`);
    pipeline.ingest([
      application({ caseId: 'OB-9' }, at('2026-10-01T10:00')),
      credited({ caseId: 'OB-9', creditedOn }, at(`${creditedOn}T10:00`)),
    ]);
    const settleDay = calendar.addWorkingDays('2026-12-31', 1);
    expect(settleDay).toBe('2027-01-05');
    await pipeline.advanceTo(kz(`${settleDay}T11:59`));
    expect(pipeline.outbound).toEqual([]);
    await pipeline.advanceTo(kz(`${settleDay}T12:00`));
    expect(pipeline.outbound.map((e) => [e.data.deadline, e.occurredAt])).toEqual([
      ['2026-12-31', '2027-01-05T12:00:00+05:00'],
    ]);
    expect(telegram.messagesTo(AIGERIM_CHAT).at(-1)?.text).toBe(
      notificationText('kk', 'deadline_passed', { deadline: '2026-12-31', amountTiyn: 250_000_000 }),
    );
  });

  it('stops writing to a chat that blocked the bot', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(1);
    telegram.blockChat(AIGERIM_CHAT);
    await pipeline.advanceTo(kz('2026-05-26T12:00'));
    expect(telegram.stats.rejected403).toBe(1);
    expect((await pipeline.chats.getChat(AIGERIM_CHAT))?.active).toBe(false);
    await pipeline.advanceTo(kz('2026-06-03T12:00'));
    expect(telegram.stats.rejected403).toBe(1);
    expect(pipeline.outbound).toHaveLength(1);
  });

  it('postpones a message that arrives in quiet hours to 09:00', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T22:30');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T22:30')),
    ]);
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(0);
    await pipeline.advanceTo(kz('2026-03-21T08:59'));
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(0);
    await pipeline.advanceTo(kz('2026-03-21T09:00'));
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(1);
  });

  it("with Telegram's limits on and two 500s, delivers every message once: nothing duplicated or lost", async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00', true);
    telegram.failNext(2, { code: 500 });
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      application({ caseId: 'OB-2', iin: IIN.bolat }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
      credited({ caseId: 'OB-2' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-05-26T12:00'));
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(3);
    expect(telegram.messagesTo(BOLAT_CHAT)).toHaveLength(3);
    expect(new Set(telegram.messages.map((m) => `${m.chatId}|${m.text}`)).size).toBe(6);
    expect(telegram.stats.failed5xx).toBe(2);
  });

  it('reminds a linked citizen 14 and 3 days before coverage ends and the day after, once each', async () => {
    const { pipeline, telegram } = await setUp('2026-07-10T10:00');
    pipeline.ingest(paidMonths('2026-01', '2026-06', { iin: IIN.bolat }));
    await pipeline.drain();
    for (const day of ['2026-09-15', '2026-09-16', '2026-09-16', '2026-09-27', '2026-10-01']) {
      await pipeline.advanceTo(kz(`${day}T10:00`));
      await pipeline.sweep('coverage_sweep');
    }
    // A self-payer is told the owed months and their cost (issue 13 item 1): July by 16 September, then August too
    // (due 25 September); "at least" because our history starts in January, inside the 12-month window.
    const owed = (owedMonths: number) =>
      ({ payerBasis: 'self', owedMonths, owedAmountTiyn: owedMonths * 425_000 }) as const;
    const coveredThrough = '2026-09-30';
    const monthlyAmountTiyn = 425_000;
    const texts = telegram.messagesTo(BOLAT_CHAT).map((m) => m.text);
    expect(texts).toEqual([
      notificationText('ru', 'coverage_ending', { coveredThrough, days: 14, monthlyAmountTiyn, ...owed(1) }),
      notificationText('ru', 'coverage_ending', { coveredThrough, days: 3, monthlyAmountTiyn, ...owed(2) }),
      notificationText('ru', 'coverage_ended', {
        coveredThrough,
        restoreMonths: 3,
        monthlyAmountTiyn,
        ...owed(2),
        owedAtLeast: 1,
      }),
    ]);
    expect(texts[1]).toContain(`2 мес. × ${formatMoney('ru', 425_000)} = ${formatMoney('ru', 850_000)}`);
    expect(telegram.messagesTo(AIGERIM_CHAT)).toEqual([]);
  });

  it('welcomes a citizen back when a payment restores lapsed coverage', async () => {
    const { pipeline, telegram } = await setUp('2026-10-05T10:00');
    pipeline.ingest(paidMonths('2026-01', '2026-06'));
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT)).toEqual([]);
    // The owed months inside the window (July–September), paid together: one welcome back (art. 5 p.3).
    pipeline.ingest(paidMonths('2026-07', '2026-09', { paidOn: '2026-10-05' }));
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT).map((m) => m.text)).toEqual([
      notificationText('kk', 'coverage_restored', { coveredThrough: '2026-12-31' }),
    ]);
  });

  it('orders the return even when the credit event arrives after the deadline', async () => {
    const { pipeline, telegram } = await setUp('2026-06-10T12:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1', creditedOn: '2026-03-20' }, at('2026-06-10T12:00')),
    ]);
    await pipeline.drain();
    expect(pipeline.outbound.map((e) => e.data.caseId)).toEqual(['OB-1']);
    // No countdown that already ran out: only "the deadline passed".
    expect(telegram.messagesTo(AIGERIM_CHAT).map((m) => m.text)).toEqual([
      notificationText('kk', 'deadline_passed', { deadline: '2026-06-02', amountTiyn: 250_000_000 }),
    ]);
  });

  it('still orders the return when the trigger was lost and the case was re-planned after its moment', async () => {
    const { pipeline } = await setUp('2026-03-20T10:00');
    const credit = credited({ caseId: 'OB-1' }, at('2026-03-20T10:00'));
    pipeline.ingest([application({ caseId: 'OB-1' }, at('2026-03-02T10:00')), credit]);
    await pipeline.drain();
    const [trigger] = (await pipeline.scheduler.due(kz('2026-12-31T00:00'))).filter((s) =>
      s.name.endsWith('return_to_fund'),
    );
    await pipeline.scheduler.delete(trigger?.name ?? '');
    await pipeline.advanceTo(kz('2026-06-03T13:00'));
    expect(pipeline.outbound).toEqual([]);
    // A redelivery after the moment makes the planner look at the case again: it must not drop the trigger.
    pipeline.ingest([credit]);
    await pipeline.drain();
    await pipeline.sweep('reconciliation_sweep');
    expect(pipeline.outbound.map((e) => e.data.caseId)).toEqual(['OB-1']);
  });

  it('sends a notification once when two deliveries of it race while Telegram is slow', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    const body = encodeNotificationMessage({
      id: 'coverage_ending|x|2026-09-30|days-14|1001',
      chatId: AIGERIM_CHAT,
      citizenKey: testIdentity.citizenKey(IIN.aigerim),
      kind: 'coverage_ending',
      params: { coveredThrough: '2026-09-30', days: 14, monthlyAmountTiyn: 425_000 },
    });
    telegram.delayNext(300);
    pipeline.queues.notify.send(body);
    pipeline.queues.notify.send(body);
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(1);
  });

  it('announces every ДКК conclusion, whatever order their ids sort in', async () => {
    const { pipeline, telegram } = await setUp('2026-04-10T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.drain();
    pipeline.ingest([dkk({ caseId: 'OB-1', conclusionId: 'D-2', sessionDate: '2026-04-06' }, at('2026-04-10T10:00'))]);
    await pipeline.drain();
    pipeline.ingest([
      dkk(
        { caseId: 'OB-1', conclusionId: 'D-10', sessionDate: '2026-04-08', enteredAt: '2026-04-09T10:00:00+05:00' },
        at('2026-04-10T10:05'),
      ),
    ]);
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT).map((m) => m.text)).toEqual([
      notificationText('kk', 'funds_credited', {
        amountTiyn: 250_000_000,
        creditedOn: '2026-03-20',
        deadline: '2026-06-02',
        workingDays: 45,
      }),
      notificationText('kk', 'dkk_arrived', { sessionDate: '2026-04-06', stage: 1 }),
      notificationText('kk', 'dkk_arrived', { sessionDate: '2026-04-08', stage: 1 }),
    ]);
  });

  it('does not deliver to a chat that was re-linked to someone else since the notification was made', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1' }, at('2026-03-20T10:00')),
    ]);
    // The planner queues the notification; before the sender runs, the chat is linked to another citizen.
    await pipeline.queues.ingest.deliver(async (records) => {
      const { BatchProcessor, EventType, processPartialResponse } = await import('@aws-lambda-powertools/batch');
      return processPartialResponse(
        { Records: records },
        pipeline.handlerFor('ingest'),
        new BatchProcessor(EventType.SQS),
        {
          context: {} as never,
        },
      );
    });
    await pipeline.queues.changes.deliver(async (records) => {
      const { BatchProcessor, EventType, processPartialResponse } = await import('@aws-lambda-powertools/batch');
      return processPartialResponse(
        { Records: records },
        pipeline.handlerFor('changes'),
        new BatchProcessor(EventType.SQS),
        {
          context: {} as never,
        },
      );
    });
    expect(pipeline.queues.notify.messages).toHaveLength(1);
    const chat = await pipeline.chats.getChat(AIGERIM_CHAT);
    await pipeline.chats.putChat({ ...(chat as ChatRecord), citizenKey: testIdentity.citizenKey(IIN.dana) });
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT)).toEqual([]);
  });
});
