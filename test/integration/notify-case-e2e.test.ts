import { afterEach, describe, expect, inject, it } from 'vitest';
import { formatDate, formatMoney } from '../../shared/messages/format';
import { notificationText } from '../../shared/messages/notification-text';
import type { FakeTelegram } from '../../tools/fake-telegram';
import { rejected } from '../helpers/case-events';
import { application, credited, documents, IIN, returned, transfer } from '../helpers/events';
import { AIGERIM_CHAT, at, BOLAT_CHAT, calendar, kz, startNotifyPipeline } from './notify-fixture';

let telegram: FakeTelegram | undefined;
afterEach(async () => {
  await telegram?.stop();
  telegram = undefined;
});

async function setUp(start: string) {
  const started = await startNotifyPipeline(inject('dynamodbEndpoint'), start);
  telegram = started.telegram;
  return started;
}

const creditedText = (creditedOn: string) =>
  notificationText('kk', 'funds_credited', {
    amountTiyn: 250_000_000,
    creditedOn,
    deadline: calendar.addWorkingDays(creditedOn, 45),
    workingDays: 45,
  });

describe('the operator rejects, pays a remainder back, credits again (issue 13 items 7–9, end to end)', () => {
  it('tells the citizen in Kazakh why the documents were rejected, and the reminders resume', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1', creditedOn: '2026-03-20' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-04-15T10:00'));
    pipeline.ingest([documents({ caseId: 'OB-1', submittedOn: '2026-04-15' }, at('2026-04-15T10:00'))]);
    await pipeline.advanceTo(kz('2026-04-20T15:00'));
    const rejection = { rejectedOn: '2026-04-20', reasonCode: 'translation_missing', stage: 1 } as const;
    pipeline.ingest([rejected({ caseId: 'OB-1', ...rejection }, at('2026-04-20T15:00'))]);
    await pipeline.drain();

    const texts = telegram.messagesTo(AIGERIM_CHAT).map((m) => m.text);
    expect(texts).toEqual([
      creditedText('2026-03-20'),
      // Good news first (issue 14 item 10): the documents were in time, until the operator rejected them.
      notificationText('kk', 'documents_received', { receivedOn: '2026-04-15', deadline: '2026-06-02' }),
      notificationText('kk', 'documents_rejected', rejection),
    ]);
    expect(texts[2]).toContain(`Күні: ${formatDate('kk', '2026-04-20')}.`);
    expect(texts[2]).toContain('Себебі: шет тіліндегі шартқа нотариалды куәландырылған аударма қажет.');
    expect(texts[2]).toContain('Мерзім ұзартылмайды');
    // The 45 working days still run from the credit: the first reminder comes 10 working days before 2 June.
    await pipeline.advanceTo(kz('2026-05-18T10:00'));
    expect(telegram.messagesTo(AIGERIM_CHAT).at(-1)?.text).toBe(
      notificationText('kk', 'documents_reminder', {
        deadline: '2026-06-02',
        workingDaysLeft: 10,
        elapsed: 35,
        total: 45,
      }),
    );
    expect(telegram.messagesTo(AIGERIM_CHAT)).toHaveLength(4);
  });

  it('tells the citizen in Russian what the clinic was paid and what remainder went back, not "money returned"', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-2', iin: IIN.bolat }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-2', creditedOn: '2026-03-20' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-04-20T10:00'));
    pipeline.ingest([
      documents({ caseId: 'OB-2', submittedOn: '2026-04-15' }, at('2026-04-15T10:00')),
      transfer({ caseId: 'OB-2', transferredOn: '2026-04-20', amountTiyn: 240_000_000 }, at('2026-04-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-04-24T10:00'));
    const remainder = { returnedOn: '2026-04-24', amountTiyn: 10_000_000, kind: 'remainder' } as const;
    pipeline.ingest([returned({ caseId: 'OB-2', ...remainder }, at('2026-04-24T10:00'))]);
    await pipeline.drain();

    const texts = telegram.messagesTo(BOLAT_CHAT).map((m) => m.text);
    const paid = { transferredOn: '2026-04-20', amountTiyn: 240_000_000, stage: 1, nextStep: 'none' } as const;
    const remainderText = notificationText('ru', 'remainder_returned', {
      returnedOn: '2026-04-24',
      paidTiyn: 240_000_000,
      remainderTiyn: 10_000_000,
    });
    // No "money returned": the case stays paid.
    expect(texts).toEqual([
      notificationText('ru', 'funds_credited', {
        amountTiyn: 250_000_000,
        creditedOn: '2026-03-20',
        deadline: '2026-06-02',
        workingDays: 45,
      }),
      notificationText('ru', 'paid_to_clinic', paid),
      remainderText,
    ]);
    expect(remainderText).toContain(`Медицинской организации оплачено ${formatMoney('ru', 240_000_000)}.`);
    expect(remainderText).toContain(`Неиспользованный остаток ${formatMoney('ru', 10_000_000)} возвращён в ЕНПФ`);
    expect(remainderText).toContain(formatDate('ru', '2026-04-24'));
    expect(pipeline.outbound).toEqual([]);
  });

  it('announces money credited again after a return and orders its own return when no documents come', async () => {
    const { pipeline, telegram } = await setUp('2026-03-20T10:00');
    pipeline.ingest([
      application({ caseId: 'OB-1' }, at('2026-03-02T10:00')),
      credited({ caseId: 'OB-1', creditedOn: '2026-03-20' }, at('2026-03-20T10:00')),
    ]);
    await pipeline.advanceTo(kz('2026-06-05T10:00'));
    pipeline.ingest([returned({ caseId: 'OB-1', returnedOn: '2026-06-05' }, at('2026-06-05T10:00'))]);
    await pipeline.advanceTo(kz('2026-06-15T10:00'));
    pipeline.ingest([credited({ caseId: 'OB-1', creditedOn: '2026-06-15' }, at('2026-06-15T10:00'))]);
    await pipeline.drain();
    expect(telegram.messagesTo(AIGERIM_CHAT).at(-1)?.text).toBe(creditedText('2026-06-15'));

    const deadline = calendar.addWorkingDays('2026-06-15', 45);
    const settleDay = calendar.addWorkingDays(deadline, 1);
    await pipeline.advanceTo(kz(`${settleDay}T12:00`));
    expect(pipeline.outbound.map((e) => [e.eventId, e.data.creditedOn, e.data.deadline])).toEqual([
      ['return-due:OB-1:window-1', '2026-03-20', '2026-06-02'],
      ['return-due:OB-1:window-2', '2026-06-15', deadline],
    ]);
    const texts = telegram.messagesTo(AIGERIM_CHAT).map((m) => m.text);
    expect(texts.filter((text) => text === creditedText('2026-06-15'))).toHaveLength(1);
    expect(texts.at(-1)).toBe(notificationText('kk', 'deadline_passed', { deadline, amountTiyn: 250_000_000 }));
    // Per window: funds credited, five reminders (the last on the deadline day), deadline passed; and between them
    // "money returned".
    expect(texts).toHaveLength(15);
  });
});
