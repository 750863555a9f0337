import { type CitizenView, citizenView as citizenViewOf } from '../../app/views';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { Instant } from '../../domain/dates';
import type { FactStore } from './fact-store';

/** @deprecated Moved to `shared/app/views.ts`; kept only while callers move there. */
export { caseFactRecords, casePartiesOf, caseStatusFrom } from '../../app/views';

/** @deprecated Use `citizenView` from `shared/app/views.ts`. */
export function citizenView(
  store: FactStore,
  citizenKey: string,
  options: { at: Instant; calendar: WorkingCalendar },
): Promise<CitizenView> {
  return citizenViewOf({ facts: store, ...options }, citizenKey);
}
