import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { derivationToJson, derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { rejected as issue13Rejected, transferRequested as issue13Requested } from '../helpers/case-events';
import {
  application,
  at,
  contact,
  credited,
  dkk,
  documents,
  IIN,
  paidMonths,
  payment,
  returned,
  transfer,
} from '../helpers/events';

const calendar = kazakhstanCalendar();
const moment = at('2026-06-01T12:00');
const derived = (events: readonly UpstreamEvent[], when = moment) =>
  derivationToJson(derive({ events, at: when, calendar }));

/** A realistic mix: three citizens' payments, four cases in different states, corrections of single-valued facts. */
function pool(): UpstreamEvent[] {
  return [
    ...paidMonths('2025-06', '2026-03'),
    ...paidMonths('2026-01', '2026-04', { iin: IIN.bolat, payerType: 'employer', kind: 'deduction' }),
    payment({ iin: IIN.bolat, period: '2026-04', status: 'rejected', rejectReason: 'wrong name' }),
    payment({ iin: IIN.dana, period: '2026-02', payerType: 'state', category: 'child' }),
    contact(IIN.aigerim),
    application({ caseId: 'C-1' }),
    credited({ caseId: 'C-1', creditedOn: '2026-03-20' }, { occurredAt: '2026-03-20T12:00:00+05:00' }),
    // A correction that occurred later supersedes, whatever order the two arrive in.
    credited({ caseId: 'C-1', creditedOn: '2026-03-19' }, { occurredAt: '2026-03-21T08:00:00+05:00' }),
    dkk({ caseId: 'C-1', conclusionId: 'D-C1' }),
    application({
      caseId: 'C-2',
      iin: IIN.bolat,
      patientIin: IIN.dana,
      treatment: 'dental_implantation',
      submittedOn: '2026-01-05',
    }),
    credited({ caseId: 'C-2', creditedOn: '2026-01-12' }),
    dkk({
      caseId: undefined,
      iin: IIN.dana,
      conclusionId: 'D-C2',
      sessionDate: '2026-01-20',
      enteredAt: '2026-01-26T10:00:00+05:00',
    }),
    documents({ caseId: 'C-2', submittedOn: '2026-02-02' }),
    documents({ caseId: 'C-2', submittedOn: '2026-02-04' }),
    transfer({ caseId: 'C-2', transferredOn: '2026-02-06' }),
    application({ caseId: 'C-3', iin: IIN.erlan }),
    credited({ caseId: 'C-3', creditedOn: '2026-02-02' }),
    returned({ caseId: 'C-3', returnedOn: '2026-04-10' }),
    credited({ caseId: 'C-4', creditedOn: '2026-01-05' }),
    // Ties: same-stage documents on the same day by two channels, and a conclusion reissued at the same instant.
    credited({ caseId: 'C-6', creditedOn: '2026-02-20' }),
    documents({ caseId: 'C-6', submittedOn: '2026-03-02', transferKind: 'domestic' }, { source: 'otbasy.a' }),
    documents({ caseId: 'C-6', submittedOn: '2026-03-02', transferKind: 'international' }, { source: 'otbasy.b' }),
    dkk(
      { caseId: 'C-6', conclusionId: 'D-C6', sessionDate: '2026-02-24' },
      { occurredAt: '2026-02-27T09:00:00+05:00' },
    ),
    dkk(
      { caseId: 'C-6', conclusionId: 'D-C6', sessionDate: '2026-02-26' },
      { occurredAt: '2026-02-27T09:00:00+05:00' },
    ),
    // Conflicting versions of one id (a resend with one changed field): a documents event and a payment.
    ...conflictingVersions(documents({ caseId: 'C-8', submittedOn: '2026-03-02' }, { eventId: 'docs-c8' }), (e) => ({
      ...e,
      data: { ...e.data, submittedOn: '2026-03-09' },
    })),
    credited({ caseId: 'C-8', creditedOn: '2026-02-20' }),
    ...conflictingVersions(payment({ iin: IIN.erlan, period: '2026-01' }, { eventId: 'pay-c' }), (e) => ({
      ...e,
      data: { ...e.data, status: 'rejected' as const },
    })),
  ];
}

function conflictingVersions<T extends UpstreamEvent>(event: T, change: (event: T) => T): T[] {
  return [event, change(event)];
}

/** Any order and any duplication of `events` derives exactly what they derive as given (BRIEF 3). */
function expectOrderAndDuplicateInvariant(
  events: UpstreamEvent[],
  options: { numRuns: number; maxRepeats: number; at?: number },
) {
  const expected = derived(events, options.at);
  fc.assert(
    fc.property(
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: options.maxRepeats }),
      (shuffled, repeats) => {
        const withDuplicates = [...shuffled, ...repeats.map((index) => structuredClone(shuffled[index]))];
        expect(derived(withDuplicates as UpstreamEvent[], options.at)).toEqual(expected);
      },
    ),
    { numRuns: options.numRuns },
  );
}

describe('derive: order and duplicates do not matter', () => {
  it('gives the same statuses and cases for any order and any duplication of the same events', () => {
    expectOrderAndDuplicateInvariant(pool(), { numRuns: 200, maxRepeats: 30 });
  });

  it('derives the expected picture from the pool', () => {
    const result = derived(pool());
    expect(result.citizens[IIN.aigerim]).toMatchObject({ hasContact: true, caseIds: ['C-1'] });
    expect(result.citizens[IIN.aigerim]?.insurance).toMatchObject({
      status: 'conditionally_insured',
      lastPaidPeriod: '2026-03',
    });
    expect(result.citizens[IIN.dana]?.caseIds).toEqual(['C-2']);
    expect(result.cases['C-1']).toMatchObject({ creditedOn: '2026-03-19', state: 'dkk_issued' });
    expect(result.cases['C-2']).toMatchObject({ state: 'stage1_paid', stage: 2, twoStage: true, dkkEnteredLate: true });
    expect(result.cases['C-3']).toMatchObject({ state: 'returned' });
    expect(result.cases['C-4']).toMatchObject({ state: 'return_due', returnToFundDue: true });
    // Ties are broken by content (source, then id), never by arrival: the domestic submission is first.
    expect(result.cases['C-6']).toMatchObject({ state: 'documents_submitted', transferDue: '2026-03-10' });
    expect(result.cases['C-6']?.dkk).toHaveLength(1);
    expect(result.conflicts.map((c) => c.eventId)).toEqual(['pay-c', 'docs-c8']);
    expect(result.cases['C-8']).toMatchObject({ underReview: true, returnToFundDue: false });
  });

  it('counts only the events that occurred at or before the moment asked about', () => {
    const events = [
      credited({ caseId: 'C-9', creditedOn: '2026-03-20' }, { occurredAt: '2026-03-20T12:00:00+05:00' }),
      documents({ caseId: 'C-9', submittedOn: '2026-04-01' }, { occurredAt: '2026-04-01T15:00:00+05:00' }),
    ];
    expect(derived(events, at('2026-04-01T14:59')).cases['C-9']?.state).toBe('funds_credited');
    expect(derived(events, at('2026-04-01T15:00')).cases['C-9']?.state).toBe('documents_submitted');
    expect(derived(events, at('2026-03-20T11:59')).cases['C-9']).toBeUndefined();
  });
});

describe('derive: conflicts', () => {
  const original = credited({ caseId: 'C-5', creditedOn: '2026-03-20' }, { eventId: 'dup-1', source: 'enpf.payments' });
  const altered = { ...original, data: { ...original.data, amountTiyn: 1 } };

  it('reports the same id with different content as a conflict and freezes the case: under review, no return', () => {
    const result = derived([original, altered], at('2026-07-01T12:00'));
    expect(result.conflicts).toEqual([
      { source: 'enpf.payments', eventId: 'dup-1', types: ['pension.funds.credited'], versions: 2 },
    ]);
    // Long past the deadline (2 June) without documents: without the conflict the order would be due.
    expect(result.cases['C-5']).toMatchObject({ underReview: true, returnToFundDue: false, creditedOn: '2026-03-20' });
  });

  it('plans a conflicting credit by the earliest deadline among its versions', () => {
    const later = { ...original, data: { ...original.data, creditedOn: '2026-04-20' } };
    const result = derived([later, original], at('2026-04-21T12:00'));
    expect(result.cases['C-5']).toMatchObject({ underReview: true, documentsDeadline: '2026-06-02' });
  });

  it('reports a conflict even when one version claims to occur after the moment asked about', () => {
    const later = { ...altered, occurredAt: '2026-07-09T10:00:00+05:00' };
    const result = derived([original, later], at('2026-06-01T12:00'));
    expect(result.conflicts).toHaveLength(1);
    expect(result.cases['C-5']).toMatchObject({ underReview: true });
  });

  it('does not depend on which version arrived first', () => {
    expect(derived([altered, original, original])).toEqual(derived([original, altered]));
  });

  it('treats the same id from two different sources as two events', () => {
    const other = { ...altered, source: 'other.system' };
    expect(derived([original, other]).conflicts).toEqual([]);
  });

  it('treats the same content with keys in another order as a redelivery, not a conflict', () => {
    const reversed = (value: object) => Object.fromEntries(Object.entries(value).reverse());
    const reordered = { ...reversed(original), data: reversed(original.data) } as UpstreamEvent;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(original));
    expect(derived([original, reordered]).conflicts).toEqual([]);
  });
});

describe('derive: what a conflict freezes (resent events with one changed field)', () => {
  const base = [application({ caseId: 'C-7' }), credited({ caseId: 'C-7', creditedOn: '2026-03-20' })];
  const inTime = documents({ caseId: 'C-7', submittedOn: '2026-06-01' }, { eventId: 'docs-7' });
  const resentLate = { ...inTime, data: { ...inTime.data, submittedOn: '2026-06-10' } };

  it('never makes a case look document-less when its documents event is resent with another date', () => {
    const result = derived([...base, inTime, resentLate], at('2026-06-20T12:00'));
    expect(result.cases['C-7']).toMatchObject({ underReview: true, returnToFundDue: false });
    expect(result.cases['C-7']?.state).not.toBe('return_due');
    expect(derived([resentLate, ...base, inTime, inTime], at('2026-06-20T12:00'))).toEqual(result);
  });

  it('counts a conflicting payment month as paid only when every version counts it, and marks it under review', () => {
    const paid = payment({ period: '2026-04' }, { eventId: 'pay-4' });
    const rejected = { ...paid, data: { ...paid.data, status: 'rejected' as const } };
    const moreMoney = { ...paid, data: { ...paid.data, amountTiyn: 500_000 } };
    const disagree = derive({ events: [paid, rejected], at: at('2026-06-01T12:00'), calendar });
    expect(disagree.citizens.get(IIN.aigerim)).toMatchObject({ monthsUnderReview: ['2026-04'] });
    expect(disagree.citizens.get(IIN.aigerim)?.insurance.lastPaidPeriod).toBeNull();
    const agree = derive({ events: [paid, moreMoney], at: at('2026-06-01T12:00'), calendar });
    expect(agree.citizens.get(IIN.aigerim)?.insurance.lastPaidPeriod).toBe('2026-04');
    expect(agree.citizens.get(IIN.aigerim)?.monthsUnderReview).toEqual(['2026-04']);
  });

  it('links by no version of a conflicting phone of record', () => {
    const own = contact(IIN.aigerim, '+77015550123');
    const other = { ...own, data: { ...own.data, phone: '+77770000000' } };
    const state = derive({ events: [own, other], at: moment, calendar }).citizens.get(IIN.aigerim);
    expect(state).toMatchObject({ contactUnderReview: true, hasContact: false });
  });

  it('freezes a case the store flagged even when only one version is at hand', () => {
    const flagged = new Set([`${inTime.source}#${inTime.eventId}`]);
    const result = derive({ events: [...base, inTime], at: at('2026-06-20T12:00'), calendar, flagged });
    expect(result.cases.get('C-7')?.underReview).toBe(true);
  });
});

describe('derive: the treatment case of issue 13 (rejections, transfers abroad, re-credits, remainders, held ДКК)', () => {
  const issue13Pool = (): UpstreamEvent[] => [
    // documents rejected, then handed in again the same day (told apart by when each occurred).
    application({ caseId: 'R-1', submittedOn: '2026-03-02' }),
    credited({ caseId: 'R-1', creditedOn: '2026-03-20' }),
    dkk({ caseId: 'R-1', conclusionId: 'D-R1' }),
    documents({ caseId: 'R-1', submittedOn: '2026-04-15' }, { occurredAt: '2026-04-15T10:00:00+05:00' }),
    issue13Rejected({ caseId: 'R-1', rejectedOn: '2026-04-20' }, { occurredAt: '2026-04-20T10:00:00+05:00' }),
    documents({ caseId: 'R-1', submittedOn: '2026-04-20' }, { occurredAt: '2026-04-20T15:00:00+05:00' }),
    // abroad, waiting for and then with the signed application.
    application({ caseId: 'R-2', iin: IIN.bolat, submittedOn: '2026-03-02' }),
    credited({ caseId: 'R-2', creditedOn: '2026-03-20' }),
    documents({ caseId: 'R-2', submittedOn: '2026-04-15', transferKind: 'international' }),
    issue13Requested({ caseId: 'R-2', signedOn: '2026-04-17' }),
    // returned, credited again; a correction of the first credit.
    application({ caseId: 'R-3', iin: IIN.erlan, submittedOn: '2026-01-05' }),
    credited({ caseId: 'R-3', creditedOn: '2026-01-20' }, { occurredAt: '2026-01-20T12:00:00+05:00' }),
    credited({ caseId: 'R-3', creditedOn: '2026-01-19' }, { occurredAt: '2026-01-22T12:00:00+05:00' }),
    returned({ caseId: 'R-3', returnedOn: '2026-03-30' }),
    credited({ caseId: 'R-3', creditedOn: '2026-04-10', amountTiyn: 90_000_000 }),
    // paid, remainder back with an exchange difference.
    application({ caseId: 'R-4', iin: IIN.dana, submittedOn: '2026-03-02' }),
    credited({ caseId: 'R-4', creditedOn: '2026-03-20' }),
    transfer({ caseId: 'R-4', transferredOn: '2026-04-20' }),
    returned({ caseId: 'R-4', returnedOn: '2026-04-27', amountTiyn: 1_000_000, exchangeDifferenceTiyn: -20_000 }),
    // Held conclusions: before the credit of R-4, and of a patient with no case.
    dkk({ caseId: undefined, iin: IIN.dana, conclusionId: 'D-early', sessionDate: '2026-03-10' }),
    dkk({ caseId: undefined, iin: '770101300107', conclusionId: 'D-none', sessionDate: '2026-04-01' }),
  ];

  it('gives the same derivation for any order and any duplication of the new event types', () => {
    expectOrderAndDuplicateInvariant(issue13Pool(), { numRuns: 150, maxRepeats: 20 });
  });

  it('derives the expected picture from that pool', () => {
    const result = derived(issue13Pool());
    expect(result.cases['R-1']).toMatchObject({ state: 'documents_submitted', documentsRejected: null });
    expect(result.cases['R-2']).toMatchObject({ transferDue: '2026-04-22', awaitingApplication: null });
    expect(result.cases['R-3']).toMatchObject({ state: 'funds_credited', creditedOn: '2026-04-10', returned: null });
    expect(result.cases['R-3']?.windows.map((w) => w.creditedOn)).toEqual(['2026-01-19', '2026-04-10']);
    expect(result.cases['R-4']).toMatchObject({
      state: 'paid',
      returned: { kind: 'remainder', exchangeDifferenceTiyn: -20_000 },
      heldConclusions: [{ conclusionId: 'D-early', reason: 'session_before_credit' }],
    });
    expect(result.heldConclusions.map((held) => [held.conclusionId, held.reason])).toEqual([
      ['D-early', 'session_before_credit'],
      ['D-none', 'no_case'],
    ]);
  });
});

describe('derive: exemptions and state category periods (osms.exemption)', () => {
  type Exemption = Extract<UpstreamEvent, { type: 'osms.exemption' }>;
  const exemption = (eventId: string, data: Exemption['data'], occurredAt: string): Exemption => ({
    eventId,
    type: 'osms.exemption',
    occurredAt,
    source: 'gov4c.categories',
    schemaVersion: 1,
    data,
  });
  const when = at('2026-05-10T12:00');
  const disputed = exemption(
    'ex-dana',
    { iin: IIN.dana, basis: 'art28_p7', from: '2026-01-01', to: '2026-12-31' },
    '2026-01-02T09:00:00+05:00',
  );

  function exemptionPool(): UpstreamEvent[] {
    return [
      ...paidMonths('2025-01', '2025-03', { paidOn: '2025-03-10' }),
      // An open exemption, then the same period ended: the later statement counts, in any order.
      exemption('ex-1', { iin: IIN.aigerim, basis: 'art28_p7', from: '2025-04-01' }, '2025-04-02T09:00:00+05:00'),
      exemption(
        'ex-2',
        { iin: IIN.aigerim, basis: 'art28_p7', from: '2025-04-01', to: '2026-02-28' },
        '2026-03-01T09:00:00+05:00',
      ),
      // The state pays for a student; the category is in force.
      ...paidMonths('2025-09', '2026-01', {
        iin: IIN.bolat,
        payerType: 'state',
        category: 'student',
        paidOn: '2026-02-10',
      }),
      exemption(
        'ex-3',
        { iin: IIN.bolat, basis: 'student', from: '2025-09-01', to: '2026-06-30' },
        '2025-09-05T09:00:00+05:00',
      ),
      // Two versions of one id: only the days both give count, and the person is marked under review.
      disputed,
      { ...disputed, data: { iin: IIN.dana, basis: 'art28_p7', from: '2026-02-01' } },
      // Someone we know only from an exemption.
      exemption('ex-4', { iin: IIN.erlan, basis: 'art28_p7', from: '2024-01-01' }, '2024-01-03T09:00:00+05:00'),
    ];
  }

  it('gives the same citizens for any order and any duplication of the same events', () => {
    expectOrderAndDuplicateInvariant(exemptionPool(), { numRuns: 150, maxRepeats: 20, at: when });
  });

  it('derives who pays, exemption coverage and the frozen disputed period', () => {
    const result = derived(exemptionPool(), when);
    expect(result.citizens[IIN.aigerim]?.insurance).toMatchObject({
      status: 'conditionally_insured',
      coveredThrough: '2026-05-31',
      payerBasis: 'self',
      owedPeriods: ['2026-03'],
      owedAmountTiyn: 425_000,
    });
    expect(result.citizens[IIN.bolat]?.insurance).toMatchObject({ payerBasis: 'state', owedAmountTiyn: null });
    expect(result.citizens[IIN.bolat]?.insurance.owedMonths).toBe(2);
    expect(result.citizens[IIN.dana]).toMatchObject({ exemptionUnderReview: true });
    expect(result.citizens[IIN.dana]?.insurance).toMatchObject({ reason: 'exempt', coveredThrough: '2026-12-31' });
    expect(derived(exemptionPool(), at('2026-01-15T12:00')).citizens[IIN.dana]?.insurance.reason).not.toBe('exempt');
    expect(result.citizens[IIN.erlan]?.insurance).toMatchObject({ status: 'insured', payerBasis: 'exempt' });
    expect(result.conflicts.map((conflict) => conflict.eventId)).toEqual(['ex-dana']);
  });

  it('counts no version of a disputed exemption whose versions name another basis', () => {
    const other = { ...disputed, data: { ...disputed.data, basis: 'student' as const } };
    const state = derive({ events: [disputed, other], at: when, calendar }).citizens.get(IIN.dana);
    expect(state).toMatchObject({ exemptionUnderReview: true, insurance: { reason: 'no_data', payerBasis: null } });
  });
});

describe('derive: a conflicting documents rejection', () => {
  it('takes back documents only as far as every version agrees', () => {
    const base = [application({ caseId: 'C-9' }), credited({ caseId: 'C-9', creditedOn: '2026-03-20' })];
    const docs = documents({ caseId: 'C-9', submittedOn: '2026-04-01' });
    const rejection = issue13Rejected({ caseId: 'C-9', stage: 1, rejectedOn: '2026-04-03' }, { eventId: 'rej-9' });
    const otherStage = { ...rejection, data: { ...rejection.data, stage: 2 as const } };
    const result = derived([...base, docs, rejection, otherStage], at('2026-04-10T12:00'));
    expect(result.cases['C-9']).toMatchObject({ underReview: true, state: 'documents_submitted' });
  });
});

describe('derive: a conflict between people counts for nobody', () => {
  it('does not count a payment resent under the same id for another person, for either of them', () => {
    const owed = paidMonths('2025-06', '2025-10');
    const forAigerim = payment({ period: '2025-11', paidOn: '2025-12-10' }, { eventId: 'pay-x' });
    const forBolat = { ...forAigerim, data: { ...forAigerim.data, iin: IIN.bolat } };
    const later = paidMonths('2025-12', '2026-04');
    const when = at('2026-05-20T12:00');
    // Both versions at hand (ops derive over raw events) …
    const both = derive({ events: [...owed, ...later, forAigerim, forBolat], at: when, calendar });
    // … or only hers, flagged by the store because the other version is filed under him.
    const flagged = new Set([`${forAigerim.source}#pay-x`]);
    const hers = derive({ events: [...owed, ...later, forAigerim], at: when, calendar, flagged });
    for (const result of [both, hers]) {
      const aigerim = result.citizens.get(IIN.aigerim);
      expect(aigerim?.monthsUnderReview).toEqual(['2025-11']);
      expect(aigerim?.insurance.status).not.toBe('insured');
    }
    expect(both.citizens.get(IIN.bolat)?.insurance.lastPaidPeriod).toBeNull();
  });
});
