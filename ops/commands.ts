import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCalendarYearFile } from '../shared/contracts/calendar-year-file';
import { parseUpstreamEventBody } from '../shared/contracts/parse';
import { CalendarYearError } from '../shared/domain/calendar/errors';
import { forecastAfterYear } from '../shared/domain/calendar/forecast';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import type { WorkingCalendar } from '../shared/domain/calendar/working-calendar';
import type { CalendarYearFile } from '../shared/domain/calendar/year-file';
import { parseInstant, parseIsoDate } from '../shared/domain/dates';
import { type CitizenState, derivationToJson, derive } from '../shared/domain/derive';
import type { UpstreamEvent } from '../shared/domain/events';
import { checkIin, maskIin } from '../shared/domain/iin';
import { UsageError } from './errors';

/** What a command prints: one JSON document on stdout. Failures are thrown as {@link UsageError}. */
export type CommandOutput = Record<string, unknown>;

export const USAGE = `usage: npx osms-ops <command> [options]      (or: npm run --silent ops -- <command> [options])

commands:
  deadline --from YYYY-MM-DD --working-days N   the N-th working day after a date (BRIEF 2.1); a warning when
                                                it reaches a year whose calendar is only the legal forecast
  working-days --year YYYY                      working days, weekday days off and worked weekends of a year
  iin <IIN>                                     check an IIN; prints birth date, sex and the masked form
  derive --events FILE.ndjson --at DATETIME     statuses and case plans from upstream events known at a moment;
         [--reveal]                             citizens keyed by masked IIN + keyed hash (85••••••••21~a1b2),
                                                or by the full IIN with --reveal (OPS_LABEL_SECRET: stable labels)

with the local stack running (npm start):
  replay --file FILE                            post a file of events to it (NDJSON, a JSON array or one
                                                envelope) with a progress bar; the summary counts new facts,
                                                duplicates, conflicts, dead letters and rejected ones apart
  explain --iin - | --iin | --case ID           facts, derived state, schedules and notifications, for support,
                                                at the stack's clock, times in +05:00; reminders pending, fired,
                                                sent or never scheduled; a warning for forecast calendar years;
                                                the IIN is read from stdin (--iin -) or a prompt (--iin), never argv
  dlq list | dlq redrive                        its dead letters (reasons) / send them back to their queues
  review list                                   open review items: event ids with conflicting versions
  review resolve <eventKey> --keep <hash> --why TEXT [--by NAME]
                                                keep one version (the others stay stored, out of every view)
                                                and plan the touched cases again

with AWS credentials (the cloud's queues):
  dlq list --dlq-url URL                        up to 10 dead letters: ids and reasons, never bodies
  dlq redrive --dlq-arn ARN                     move a DLQ's messages back to their source queue
  review list --table NAME                      the stage's open review items
  review resolve … --table NAME --changes-queue-url URL
  rekey --table NAME --secret-file PATH         re-key every fact, case member and chat to the newest identity
                                                key (rotation step 3, docs/security.md#identity-key); the file
                                                holds the secret {"keys": [...]}, never argv

options for every command:
  --calendar FILE.json   a calendar year file (repeatable) that replaces or adds a year; see docs/calendar.md
  --help                 this text`;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`${what} ${path} cannot be read (${code})`, { cause: error });
  }
}

function loadCalendar(paths: readonly string[]) {
  const files: CalendarYearFile[] = paths.map((path) => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(readText(path, 'calendar file'));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`calendar file ${path} is not valid JSON`, { cause: error });
    }
    const parsed = parseCalendarYearFile(decoded);
    if (!parsed.ok) throw new UsageError(`calendar file ${path}: ${parsed.reason}`);
    return parsed.value;
  });
  return kazakhstanCalendar(files);
}

function requireOption(value: string | undefined, name: string, shape: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required (${shape})`);
  return value;
}

function wholeNumber(text: string, name: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}`);
  return Number(text);
}

function isoDateOption(text: string, name: string): string {
  if (!parseIsoDate(text)) throw new UsageError(`--${name} must be a real date YYYY-MM-DD`);
  return text;
}

function deadline(values: Record<string, unknown>, calendarPaths: string[]): CommandOutput {
  const from = isoDateOption(requireOption(values.from as string, 'from', 'YYYY-MM-DD'), 'from');
  const n = wholeNumber(
    requireOption(values['working-days'] as string, 'working-days', 'a number'),
    'working-days',
    10_000,
  );
  const calendar = loadCalendar(calendarPaths);
  const end = calendar.addWorkingDays(from, n);
  const warning = forecastWarning(calendar, [from, end]);
  return { from, workingDays: n, deadline: end, ...(warning ? { warning } : {}) };
}

/**
 * A warning when a date falls in a year whose calendar is only the legal rule (the ministry has not published its
 * transfers of days off yet): the same caveat the citizen reads in `/case`.
 */
export function forecastWarning(
  calendar: WorkingCalendar,
  dates: readonly (string | null | undefined)[],
): string | undefined {
  const after = forecastAfterYear(calendar, dates);
  if (after === undefined) return undefined;
  return (
    `dates after ${after} may move when the ministry publishes the calendar: ` +
    `${after + 1} is counted by the legal rule only (no transfers of days off yet; docs/calendar.md)`
  );
}

function workingDays(values: Record<string, unknown>, calendarPaths: string[]): CommandOutput {
  const text = requireOption(values.year as string, 'year', 'YYYY');
  if (!/^\d{4}$/.test(text) || Number(text) < 1990 || Number(text) > 2200) {
    throw new UsageError('--year must be a year from 1990 to 2200');
  }
  const summary = loadCalendar(calendarPaths).yearSummary(Number(text));
  return {
    year: summary.year,
    workingDays: summary.workingDays,
    daysOff: summary.daysOff,
    workedWeekends: summary.workedWeekends,
    basis: summary.basis,
    sources: summary.sources,
  };
}

function iin(positionals: string[]): CommandOutput {
  const [value, extra] = positionals;
  if (value === undefined || extra !== undefined) throw new UsageError('iin takes exactly one IIN');
  const check = checkIin(value);
  return check.valid
    ? { valid: true, birthDate: check.birthDate, sex: check.sex, masked: maskIin(value) }
    : { valid: false, reason: check.problem, detail: check.detail, masked: maskIin(value) };
}

function deriveCommand(values: Record<string, unknown>, calendarPaths: string[]): CommandOutput {
  const path = requireOption(values.events as string, 'events', 'a file of NDJSON events');
  const atText = requireOption(values.at as string, 'at', 'an ISO date-time with offset');
  const at = parseInstant(atText);
  if (at === undefined)
    throw new UsageError('--at must be an ISO-8601 date-time with an offset, e.g. 2026-05-10T09:00+05:00');
  const calendar = loadCalendar(calendarPaths);
  const events: UpstreamEvent[] = [];
  const rejected: { line: number; reason: string }[] = [];
  readText(path, 'events file')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = parseUpstreamEventBody(line);
      if (parsed.ok) events.push(parsed.value);
      else rejected.push({ line: index + 1, reason: parsed.reason });
    });
  const derivation = derivationToJson(derive({ events, at, calendar }));
  const summarized = Object.fromEntries(
    Object.entries(derivation.citizens).map(([iin, citizen]) => [iin, withWhoPaysAndOwes(citizen)]),
  );
  const citizens = values.reveal ? summarized : labelCitizens(summarized, labelSecret());
  return { ...derivation, citizens, rejected };
}

/** Who pays and what is owed first in each citizen's entry (issue 13): payer basis, owed months (at least?), amount. */
function withWhoPaysAndOwes(citizen: CitizenState) {
  const { payerBasis, owedMonths, owedAtLeast, owedAmountTiyn } = citizen.insurance;
  return { payerBasis, owedMonths, owedAtLeast, owedAmountTiyn, ...citizen };
}

/** The key of the citizen labels: `OPS_LABEL_SECRET` for labels that stay the same across runs, else a random one. */
function labelSecret(): Buffer {
  const configured = process.env.OPS_LABEL_SECRET;
  return configured ? Buffer.from(configured, 'utf8') : randomBytes(32);
}

/**
 * Citizens keyed by their masked IIN and a short keyed-hash suffix (`85••••••••21~a1b2`) instead of the IIN (BRIEF 4:
 * never show it in full). The hash is keyed so the suffix and the 4 visible digits cannot be brute-forced back into
 * the IIN; a suffix is lengthened only where two IINs of one output would share a label, so every label is unique.
 */
export function labelCitizens<T>(byIin: Record<string, T>, secret: Buffer): Record<string, T> {
  const hashes = new Map(
    Object.keys(byIin).map((iin) => [iin, createHmac('sha256', secret).update(iin).digest('hex')] as const),
  );
  const labels = new Map<string, string>();
  let pending = [...hashes.keys()];
  for (let length = 4; pending.length > 0 && length <= 64; length += 2) {
    const labelOf = (iin: string) => `${maskIin(iin)}~${(hashes.get(iin) ?? '').slice(0, length)}`;
    const counts = new Map<string, number>();
    for (const iin of pending) counts.set(labelOf(iin), (counts.get(labelOf(iin)) ?? 0) + 1);
    for (const iin of pending) if (counts.get(labelOf(iin)) === 1) labels.set(iin, labelOf(iin));
    pending = pending.filter((iin) => !labels.has(iin));
  }
  return Object.fromEntries(Object.entries(byIin).map(([iin, value]) => [labels.get(iin) ?? '', value]));
}

/** Runs one ops command; `argv` is what follows `npm run ops --`. */
export function runCommand(argv: readonly string[]): CommandOutput | { help: string } {
  try {
    return dispatch(argv);
  } catch (error) {
    // A year outside the calendar, or a calendar file that contradicts itself, is the caller's input.
    if (error instanceof CalendarYearError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function dispatch(argv: readonly string[]): CommandOutput | { help: string } {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') return { help: USAGE };
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: USAGE };
  const calendarPaths = values.calendar ?? [];
  if (command !== 'iin' && positionals.length > 0) throw new UsageError(`${command} takes no positional arguments`);
  switch (command) {
    case 'deadline':
      return deadline(values, calendarPaths);
    case 'working-days':
      return workingDays(values, calendarPaths);
    case 'iin':
      return iin(positionals);
    case 'derive':
      return deriveCommand(values, calendarPaths);
    default:
      throw new UsageError('unknown command; expected deadline, working-days, iin, derive, replay, explain or dlq');
  }
}

const OPTIONS = {
  from: { type: 'string' },
  'working-days': { type: 'string' },
  year: { type: 'string' },
  events: { type: 'string' },
  at: { type: 'string' },
  calendar: { type: 'string', multiple: true },
  reveal: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;
