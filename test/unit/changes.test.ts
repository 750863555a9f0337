import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { caseChanges } from '../../shared/domain/changes';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
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

  it('reports nothing for a fact that changes nothing', () => {
    const paid = [...base, documents(), transfer()];
    expect(changesAdding(paid, transfer({ transferredOn: '2026-04-21' }))).toEqual([]);
  });
});
