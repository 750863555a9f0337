import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCalendarYearFile } from '../shared/contracts/calendar-year-file';
import { parseUpstreamEventBody } from '../shared/contracts/parse';
import { CalendarYearError } from '../shared/domain/calendar/errors';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import type { CalendarYearFile } from '../shared/domain/calendar/year-file';
import { parseInstant, parseIsoDate } from '../shared/domain/dates';
import { derivationToJson, derive } from '../shared/domain/derive';
import type { UpstreamEvent } from '../shared/domain/events';
import { checkIin, maskIin } from '../shared/domain/iin';
import { UsageError } from './errors';

/** What a command prints: one JSON document on stdout. Failures are thrown as {@link UsageError}. */
export type CommandOutput = Record<string, unknown>;

export const USAGE = `usage: npm run ops -- <command> [options]

commands:
  deadline --from YYYY-MM-DD --working-days N   the N-th working day after a date (BRIEF 2.1)
  working-days --year YYYY                      working days, weekday days off and worked weekends of a year
  iin <IIN>                                     check an IIN; prints birth date, sex and the masked form
  derive --events FILE.ndjson --at DATETIME     statuses and case plans from upstream events known at a moment

with the local stack running (npm start):
  replay --file FILE.ndjson                     post a file of events to it, with a progress bar and a summary
  explain --iin IIN | --case ID                 facts, derived state, schedules and notifications, for support
  dlq list | dlq redrive                        its dead letters (reasons) / send them back to their queues

with AWS credentials (the cloud's queues):
  dlq list --dlq-url URL                        up to 10 dead letters: ids and reasons, never bodies
  dlq redrive --dlq-arn ARN                     move a DLQ's messages back to their source queue

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
  return { from, workingDays: n, deadline: loadCalendar(calendarPaths).addWorkingDays(from, n) };
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
  return { ...derivationToJson(derive({ events, at, calendar })), rejected };
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
  help: { type: 'boolean' },
} as const;
