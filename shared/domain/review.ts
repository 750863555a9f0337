import type { Period } from './dates';
import { latestOf } from './event-log';
import type { UpstreamEvent } from './events';

/**
 * What conflicting versions of one event id freeze, and what of them still counts (BRIEF 3; docs/domain.md
 * "Conflicts"). Every version is kept; nothing a version touches may lead to an irreversible step or a false "not
 * received" until an operator resolves it. What still counts is the part all versions agree on, taken in the
 * direction that cannot harm the citizen:
 * - a payment month counts as paid only when every version is an accepted payment for that person and month;
 * - a credit counts with the earliest credit date among the versions (the earliest deadline: reminders come early,
 *   never late; the return order is held anyway);
 * - documents count only when every version hands in the same stage of the same case, dated by the latest version
 *   (so no version can make documents look in time when another says late);
 * - a transfer or a return counts only when every version says so for the same case (and stage);
 * - a documents rejection counts only when every version rejects the same stage, dated by the earliest version;
 * - an application or a ДКК conclusion counts by its latest version (it only names parties and dates);
 * - a phone of record in conflict counts in no version: no chat links by it;
 * - an exemption or category period counts only for the days every version gives it, when they name the same person
 *   and basis (never "covered: exempt" on a day one version denies).
 */
export interface ConflictFreeze {
  /** Cases with a fact in conflict: no return order, no "deadline passed", "being checked" for the citizen. */
  cases: Set<string>;
  /** Patients whose case-less ДКК conclusion is in conflict: their cases are frozen once the cases are known. */
  patients: Set<string>;
  /** Person → months whose payment is in conflict. */
  months: Map<string, Set<Period>>;
  /** People whose phone of record is in conflict. */
  contacts: Set<string>;
  /** People whose exemption or state category period is in conflict: only what every version says counts. */
  exemptions: Set<string>;
  /** The agreed part of the conflicted ids, which still counts. */
  counted: UpstreamEvent[];
}

function caseOf(event: UpstreamEvent): string | undefined {
  return 'caseId' in event.data ? event.data.caseId : undefined;
}

function markTouched(freeze: ConflictFreeze, event: UpstreamEvent): void {
  const caseId = caseOf(event);
  if (caseId) freeze.cases.add(caseId);
  if (event.type === 'osms.payment') {
    const months = freeze.months.get(event.data.iin) ?? new Set<Period>();
    freeze.months.set(event.data.iin, months.add(event.data.period));
  } else if (event.type === 'citizen.contact') freeze.contacts.add(event.data.iin);
  else if (event.type === 'osms.exemption') freeze.exemptions.add(event.data.iin);
  else if (event.type === 'dkk.conclusion.issued' && !caseId) freeze.patients.add(event.data.iin);
}

function allSame<T>(versions: readonly UpstreamEvent[], pick: (event: UpstreamEvent) => T): boolean {
  const first = versions[0];
  return first !== undefined && versions.every((version) => pick(version) === pick(first));
}

function minBy<T extends UpstreamEvent>(versions: readonly T[], value: (event: T) => string | number): T | undefined {
  let best: T | undefined;
  for (const version of versions) if (!best || value(version) < value(best)) best = version;
  return best;
}

function maxBy<T extends UpstreamEvent>(versions: readonly T[], value: (event: T) => string): T | undefined {
  let best: T | undefined;
  for (const version of versions) if (!best || value(version) > value(best)) best = version;
  return best;
}

/** The days all versions of an exemption agree on (the latest start, the earliest end), or undefined when none. */
function agreedExemption(
  versions: readonly Extract<UpstreamEvent, { type: 'osms.exemption' }>[],
): UpstreamEvent | undefined {
  const latest = latestOf(versions);
  if (!latest || !versions.every((v) => v.data.iin === latest.data.iin && v.data.basis === latest.data.basis)) {
    return undefined;
  }
  const from = versions.map((v) => v.data.from).sort()[versions.length - 1] ?? latest.data.from;
  const to = versions.flatMap((v) => (v.data.to === undefined ? [] : [v.data.to])).sort()[0];
  if (to !== undefined && to < from) return undefined;
  return {
    ...latest,
    data: { iin: latest.data.iin, basis: latest.data.basis, from, ...(to === undefined ? {} : { to }) },
  };
}

/** The version that still counts for one conflicted id, or undefined when the versions do not agree enough. */
export function agreedVersion(versions: readonly UpstreamEvent[]): UpstreamEvent | undefined {
  // One version at hand of an id known to be in conflict: the others were filed under another person or case, so
  // the versions disagree on whom the fact is about — it counts for nobody.
  if (versions.length < 2) return undefined;
  if (!allSame(versions, (v) => v.type) || !allSame(versions, (v) => caseOf(v))) return undefined;
  const first = versions[0];
  switch (first?.type) {
    case 'osms.payment': {
      const payments = versions as Extract<UpstreamEvent, { type: 'osms.payment' }>[];
      const agree = payments.every(
        (p) => p.data.status === 'accepted' && p.data.iin === first.data.iin && p.data.period === first.data.period,
      );
      return agree ? minBy(payments, (p) => p.data.amountTiyn) : undefined;
    }
    case 'citizen.contact':
      return undefined;
    case 'osms.exemption':
      return agreedExemption(versions as (typeof first)[]);
    case 'pension.funds.credited':
      return minBy(versions as (typeof first)[], (v) => v.data.creditedOn);
    case 'pension.documents.submitted': {
      const documents = versions as (typeof first)[];
      if (!documents.every((d) => d.data.stage === first.data.stage)) return undefined;
      return maxBy(documents, (d) => d.data.submittedOn);
    }
    case 'pension.documents.rejected': {
      // A rejection takes documents back (and so can lead to a return order): only a rejection every version agrees
      // on counts, dated by the earliest version, so it takes back no more than all of them say.
      const rejections = versions as (typeof first)[];
      if (!rejections.every((r) => r.data.stage === first.data.stage)) return undefined;
      return minBy(rejections, (r) => r.data.rejectedOn);
    }
    case 'pension.transfer.completed': {
      const transfers = versions as (typeof first)[];
      if (!transfers.every((t) => t.data.stage === first.data.stage)) return undefined;
      return minBy(transfers, (t) => t.data.amountTiyn);
    }
    case 'dkk.conclusion.issued':
      return allSame(versions, (v) => (v.type === 'dkk.conclusion.issued' ? v.data.iin : ''))
        ? latestOf(versions)
        : undefined;
    default:
      return latestOf(versions);
  }
}

/** What every conflicted id freezes, and the agreed versions that still count. */
export function freezeConflicts(conflicted: ReadonlyMap<string, readonly UpstreamEvent[]>): ConflictFreeze {
  const freeze: ConflictFreeze = {
    cases: new Set(),
    patients: new Set(),
    months: new Map(),
    contacts: new Set(),
    exemptions: new Set(),
    counted: [],
  };
  for (const versions of conflicted.values()) {
    for (const version of versions) markTouched(freeze, version);
    const agreed = agreedVersion(versions);
    if (agreed) freeze.counted.push(agreed);
  }
  return freeze;
}
