import type { WorkingCalendar } from './calendar/working-calendar';
import { deadlineOf } from './case-deadline';
import type { IsoDate } from './dates';
import { compareEvents, latestOf } from './event-log';
import type {
  DkkConclusionData,
  DocumentsRejectedEvent,
  DocumentsSubmittedEvent,
  FundsCreditedData,
  FundsCreditedEvent,
  FundsReturnedData,
  FundsReturnedEvent,
  ReturnKind,
  TransferCompletedData,
  TransferRequestedData,
} from './events';
import type { CaseFacts } from './pension-case';

/**
 * One trip of the money to the special account: the credit that started it and the return to ENPF that ended it.
 * Seed 000 §23 counts the 45 working days from the day the money reached the special account, so money credited again
 * under the same case after it went back starts its own window, with its own deadline, reminders and return order.
 */
export interface CreditWindowFacts {
  /** Absent only when a return arrived and no credit at all (yet). */
  credited?: FundsCreditedData;
  returned?: FundsReturnedData;
}

/** A return to ENPF: after the deadline without documents, or the unused remainder after the clinic was paid (§23). */
export interface ReturnedMoney {
  returnedOn: IsoDate;
  amountTiyn: number;
  kind: ReturnKind;
  /** Treatment abroad in a foreign currency: the exchange difference the operator accounted for (§23 ¶2). */
  exchangeDifferenceTiyn: number | null;
}

/** One trip of the money to the special account, oldest first; the last is the current one. */
export interface CreditWindow {
  creditedOn: IsoDate | null;
  amountTiyn: number | null;
  documentsDeadline: IsoDate | null;
  returned: ReturnedMoney | null;
}

const byDate =
  <T extends FundsCreditedEvent | FundsReturnedEvent>(date: (event: T) => IsoDate) =>
  (a: T, b: T) =>
    date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : compareEvents(a, b);

/**
 * The windows of a case, oldest first, from the set of its credit and return events (order and duplicates do not
 * matter). A credit opens a new window only when a return lies between the start of the current window and it;
 * without one it is a correction of the current credit, and the latest to occur counts ({@link latestOf}). A return
 * belongs to the window with the latest start on or before it (one before every credit, to the first window).
 *
 * *Choice*: a credit dated the same day as a return is read as a correction, not a new window; a new credit dated
 * the day after the return or later is a new window.
 */
export function creditWindows(
  credits: readonly FundsCreditedEvent[],
  returns: readonly FundsReturnedEvent[],
): CreditWindowFacts[] {
  const sortedReturns = [...returns].sort(byDate((r) => r.data.returnedOn));
  const groups: { start: IsoDate; credits: FundsCreditedEvent[]; returns: FundsReturnedEvent[] }[] = [];
  for (const credit of [...credits].sort(byDate((c) => c.data.creditedOn))) {
    const current = groups.at(-1);
    const closed =
      current !== undefined &&
      sortedReturns.some((r) => r.data.returnedOn >= current.start && r.data.returnedOn < credit.data.creditedOn);
    if (current && !closed) current.credits.push(credit);
    else groups.push({ start: credit.data.creditedOn, credits: [credit], returns: [] });
  }
  if (groups.length === 0 && sortedReturns.length > 0) groups.push({ start: '', credits: [], returns: [] });
  for (const returned of sortedReturns) {
    let target = groups[0];
    for (const group of groups) if (group.start <= returned.data.returnedOn) target = group;
    target?.returns.push(returned);
  }
  return groups.map((group) => {
    const credited = latestOf(group.credits)?.data;
    const returned = latestOf(group.returns)?.data;
    return { ...(credited ? { credited } : {}), ...(returned ? { returned } : {}) };
  });
}

/**
 * Which window a dated fact (documents, a rejection, a transfer, a ДКК session) belongs to: the last window whose
 * credit is on or before its date; a fact dated before every credit belongs to the first window.
 */
export function windowIndexOf(date: IsoDate, windows: readonly CreditWindowFacts[]): number {
  let index = 0;
  windows.forEach((window, i) => {
    if (window.credited && window.credited.creditedOn <= date) index = i;
  });
  return index;
}

/** The facts of `list` that belong to the window at `index`. */
export function inWindow<T>(
  list: readonly T[],
  dateOf: (fact: T) => IsoDate,
  windows: readonly CreditWindowFacts[],
  index: number,
): T[] {
  return list.filter((fact) => windowIndexOf(dateOf(fact), windows) === index);
}

/** The facts of one window: what was handed in, rejected, requested and paid while that money was on the account. */
export interface WindowScope {
  documents: DocumentsSubmittedEvent[];
  rejections: DocumentsRejectedEvent[];
  requests: TransferRequestedData[];
  transfers: TransferCompletedData[];
  dkk: DkkConclusionData[];
}

export function windowScope(facts: CaseFacts, windows: readonly CreditWindowFacts[], index: number): WindowScope {
  return {
    documents: inWindow(facts.documents, (d) => d.data.submittedOn, windows, index),
    rejections: inWindow(facts.rejections, (r) => r.data.rejectedOn, windows, index),
    requests: inWindow(facts.transferRequests, (r) => r.signedOn, windows, index),
    transfers: inWindow(facts.transfers, (t) => t.transferredOn, windows, index),
    dkk: inWindow(facts.dkk, (d) => d.sessionDate, windows, index),
  };
}

/**
 * A return as the citizen should read it (§23 ¶2). *Choice*: when the operator does not say which return it is, one
 * after a payment to the clinic is the unused remainder, one without any is the deadline return.
 */
export function returnedMoney(
  returned: CreditWindowFacts['returned'],
  transfers: readonly TransferCompletedData[],
): ReturnedMoney | null {
  if (!returned) return null;
  return {
    returnedOn: returned.returnedOn,
    amountTiyn: returned.amountTiyn,
    kind: returned.kind ?? (transfers.length > 0 ? 'remainder' : 'unused_deadline'),
    exchangeDifferenceTiyn: returned.exchangeDifferenceTiyn ?? null,
  };
}

/** Every window of the case as the citizen and the operator see it (the last is the current one). */
export function windowHistory(
  facts: CaseFacts,
  windows: readonly CreditWindowFacts[],
  calendar: WorkingCalendar,
): CreditWindow[] {
  return windows.map((window, index) => {
    const creditedOn = window.credited?.creditedOn ?? null;
    return {
      creditedOn,
      amountTiyn: window.credited?.amountTiyn ?? null,
      documentsDeadline: deadlineOf(creditedOn, calendar),
      returned: returnedMoney(window.returned, windowScope(facts, windows, index).transfers),
    };
  });
}
