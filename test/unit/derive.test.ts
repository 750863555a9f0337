import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { derivationToJson, derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
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
    application({ caseId: 'C-2', iin: IIN.bolat, patientIin: IIN.dana, treatment: 'dental_implantation' }),
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
      { caseId: 'C-6', conclusionId: 'D-C6', sessionDate: '2026-02-10' },
      { occurredAt: '2026-02-11T09:00:00+05:00' },
    ),
    dkk(
      { caseId: 'C-6', conclusionId: 'D-C6', sessionDate: '2026-02-12' },
      { occurredAt: '2026-02-11T09:00:00+05:00' },
    ),
  ];
}

describe('derive: order and duplicates do not matter', () => {
  it('gives the same statuses and cases for any order and any duplication of the same events', () => {
    const events = pool();
    const expected = derived(events);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 30 }),
        (shuffled, repeats) => {
          const withDuplicates = [...shuffled, ...repeats.map((index) => structuredClone(shuffled[index]))];
          expect(derived(withDuplicates as UpstreamEvent[])).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
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
    expect(result.conflicts).toEqual([]);
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

  it('reports the same id with different content as a conflict and counts neither version', () => {
    const result = derived([original, altered]);
    expect(result.conflicts).toEqual([
      { source: 'enpf.payments', eventId: 'dup-1', types: ['pension.funds.credited'], versions: 2 },
    ]);
    expect(result.cases['C-5']).toBeUndefined();
  });

  it('reports a conflict even when one version claims to occur after the moment asked about', () => {
    const later = { ...altered, occurredAt: '2026-07-09T10:00:00+05:00' };
    const result = derived([original, later], at('2026-06-01T12:00'));
    expect(result.conflicts).toHaveLength(1);
    expect(result.cases['C-5']).toBeUndefined();
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
