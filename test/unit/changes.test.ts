import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { caseChanges } from '../../shared/domain/changes';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { rejected } from '../helpers/case-events';
import { application, at, credited, documents, returned, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();
const statusOf = (events: UpstreamEvent[], when = '2026-05-01T12:00') =>
  derive({ events, at: at(when), calendar }).cases.get('OB-1');

function changesAdding(existing: UpstreamEvent[], added: UpstreamEvent, when?: string) {
  const after = statusOf([...existing, added], when);
  if (!after) throw new Error('no case');
  return caseChanges(statusOf(existing, when), after);
}

describe('what a fact changed for a case', () => {
  const base = [application(), credited({ creditedOn: '2026-03-20' })];

  it('opens a case and sets its deadline', () => {
    expect(changesAdding([], application())).toEqual(['case_opened']);
    expect(changesAdding([application()], credited())).toEqual(['deadline_set', 'plan_changed']);
  });

  it('moves the deadline when upstream corrects the credit date', () => {
    const correction = credited({ creditedOn: '2026-03-19' }, { occurredAt: '2026-03-21T09:00:00+05:00' });
    expect(changesAdding(base, correction)).toEqual(['deadline_moved', 'plan_changed']);
  });

  it('reports paid and returned money', () => {
    const withDocs = [...base, documents()];
    expect(changesAdding(withDocs, transfer())).toEqual(['transfer_completed', 'plan_changed']);
    expect(changesAdding(base, returned({ returnedOn: '2026-04-30' }))).toEqual(['money_returned', 'plan_changed']);
  });

  it('reports rejected documents, and a rejection for another reason after documents came again (issue 13 item 7)', () => {
    const withDocs = [...base, documents({ submittedOn: '2026-04-15' })];
    const first = rejected({ rejectedOn: '2026-04-20', reasonCode: 'contract_mismatch' });
    expect(changesAdding(withDocs, first)).toEqual(['documents_rejected', 'plan_changed']);
    // The same rejection again, or documents handed in since: nothing new to tell about a rejection.
    expect(changesAdding([...withDocs, first], { ...first, eventId: 'again' })).toEqual([]);
    const resubmitted = [...withDocs, first, documents({ submittedOn: '2026-04-22' })];
    const second = rejected({ rejectedOn: '2026-04-24', reasonCode: 'translation_missing' });
    expect(changesAdding(resubmitted, second)).toEqual(['documents_rejected', 'plan_changed']);
  });

  it('announces money credited again after a return like a first credit: a new window (issue 13 item 8)', () => {
    const back = [...base, returned({ returnedOn: '2026-06-05', kind: 'unused_deadline' })];
    const again = credited({ creditedOn: '2026-06-15' });
    expect(changesAdding(back, again, '2026-06-15T12:00')).toEqual(['deadline_set', 'plan_changed']);
    // A corrected date of that credit moves the new window's deadline.
    const corrected = credited({ creditedOn: '2026-06-16' }, { occurredAt: '2026-06-17T09:00:00+05:00' });
    expect(changesAdding([...back, again], corrected, '2026-06-17T12:00')).toEqual(['deadline_moved', 'plan_changed']);
  });

  it('reports the remainder returned after the clinic was paid, and not "money returned" (issue 13 item 9)', () => {
    const paid = [...base, documents(), transfer({ amountTiyn: 240_000_000 })];
    const remainder = returned({ returnedOn: '2026-04-24', amountTiyn: 10_000_000, kind: 'remainder' });
    expect(changesAdding(paid, remainder)).toEqual(['remainder_returned']);
    // Without a clinic payment the money simply went back.
    const unpaid = returned({ returnedOn: '2026-04-24', kind: 'remainder' });
    expect(changesAdding(base, unpaid)).toEqual(['money_returned', 'plan_changed']);
  });

  it('reports nothing for a fact that changes nothing', () => {
    const paid = [...base, documents(), transfer()];
    expect(changesAdding(paid, transfer({ transferredOn: '2026-04-21' }))).toEqual([]);
  });
});
