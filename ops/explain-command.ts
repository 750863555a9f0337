import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import type { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import type { DynamoScheduleBook } from '../shared/adapters/dynamodb/schedule-book';
import type { HmacIdentity } from '../shared/adapters/identity';
import type { CaseScheduleRecord } from '../shared/app/ports';
import { caseFactRecords, casePartiesOf, caseStatusFrom, citizenView, type ViewContext } from '../shared/app/views';
import { formatKazakhstanInstant, parseInstant } from '../shared/domain/dates';
import { checkIin } from '../shared/domain/iin';
import type { CaseStatus } from '../shared/domain/pension-case';
import { type CommandOutput, forecastWarning } from './commands';
import { UsageError } from './errors';

const ARGV_IIN_REFUSED =
  'explain --iin takes no IIN on the command line (it would stay in the shell history and the process list): ' +
  'pipe it with --iin - (e.g. from a file: explain --iin - < iin.txt), or give --iin alone to be prompted';

/** Where `explain --iin` reads the IIN from: a line on stdin, or a prompt on a terminal. */
export interface IinSource {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  prompt: NodeJS.WritableStream;
}

/**
 * The IIN for `explain --iin`, never from argv (shell history, `ps`): `--iin -` reads one line from stdin, `--iin`
 * alone asks on the terminal (on stderr, so stdout stays one JSON document). Nothing read is ever repeated in an error.
 */
export async function readIin(
  option: string,
  source: IinSource = { input: process.stdin, prompt: process.stderr },
): Promise<string> {
  if (option !== '-' && option !== '') throw new UsageError(ARGV_IIN_REFUSED);
  if (option === '' && !source.input.isTTY) {
    throw new UsageError('explain --iin alone asks on a terminal; without one, pipe the IIN with --iin -');
  }
  if (option === '') source.prompt.write('IIN: ');
  const lines = createInterface({ input: source.input, crlfDelay: Number.POSITIVE_INFINITY });
  let line: string | undefined;
  for await (const read of lines) {
    line = read;
    break; // leaving the loop closes the interface: the rest of stdin is never read
  }
  if (line === undefined) throw new UsageError('explain --iin: no line with an IIN was read');
  const iin = line.trim();
  if (!checkIin(iin).valid) throw new UsageError('explain --iin: what was read is not a valid IIN');
  return iin;
}

/** `--iin` with no value (last, or followed by another option) means "prompt": parseArgs needs it spelled `--iin=`. */
function promptWhenBare(args: readonly string[]): string[] {
  return args.map((arg, at) => {
    const next = args[at + 1];
    return arg === '--iin' && (next === undefined || (next.startsWith('-') && next !== '-')) ? '--iin=' : arg;
  });
}

/** What `explain` reads: the stack's table, at the stack's own clock (`context.at`). */
export interface ExplainStores {
  context: ViewContext;
  chats: DynamoChatStore;
  ledger: DynamoNotificationLedger;
  schedules: DynamoScheduleBook;
  identity: HmacIdentity;
}

/** Every time `explain` prints is ISO-8601 in Kazakhstan time (+05:00), whatever form it was stored in. */
export function kazakhstanTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const instant = typeof value === 'number' ? value : parseInstant(value);
  return instant === undefined ? String(value) : formatKazakhstanInstant(instant);
}

async function notificationsOf(stores: ExplainStores, citizenKeys: string[], subject?: string) {
  const found = [];
  for (const key of citizenKeys) {
    for (const chat of await stores.chats.chatsOfCitizen(key)) {
      for (const n of await stores.ledger.ofChat(chat.chatId)) {
        if (subject && n.id.split('|')[1] !== subject) continue;
        const { claimedAt, settledAt, ...rest } = n;
        found.push({
          chatId: chat.chatId,
          ...rest,
          claimedAt: kazakhstanTime(claimedAt),
          settledAt: kazakhstanTime(settledAt),
        });
      }
    }
  }
  return found;
}

const factsOf = (records: readonly { type: string; eventKey: string; occurredAt: string }[]) =>
  records.map((f) => ({ type: f.type, event: f.eventKey, occurredAt: kazakhstanTime(f.occurredAt) }));

async function explainCitizen(stores: ExplainStores, iin: string): Promise<CommandOutput> {
  const { context, identity } = stores;
  const citizenKey = identity.citizenKey(iin);
  const view = await citizenView(context, citizenKey);
  const held = await context.facts.citizenFacts(citizenKey);
  return {
    citizen: identity.maskIin(iin),
    at: formatKazakhstanInstant(context.at),
    insurance: view.insurance,
    contributions: view.contributions,
    cases: view.caseIds,
    facts: factsOf(held),
    chats: (await stores.chats.chatsOfCitizen(citizenKey)).map((c) => ({
      chatId: c.chatId,
      language: c.language,
      active: c.active,
      reminders: c.reminders,
    })),
    notifications: await notificationsOf(stores, [citizenKey]),
  };
}

/**
 * The plan's reminders with what became of each: `pending` or `fired` while the case's schedule record exists; `sent`
 * when the record was cleared (12 h after its moment) but the ledger holds its message; `never scheduled` when there is
 * neither — its moment had passed when the case was planned (history loaded late), or it fired when no chat was linked.
 */
function remindersWithSchedules(
  status: CaseStatus,
  schedules: readonly CaseScheduleRecord[],
  notificationIds: readonly string[],
) {
  return status.reminders.map((reminder) => {
    const schedule = schedules.find(
      (s) => s.kind === 'documents_reminder' && s.workingDaysLeft === reminder.workingDaysLeft,
    );
    const sent = notificationIds.some(
      (id) => id.startsWith('documents_reminder|') && id.includes(`|left-${reminder.workingDaysLeft}|`),
    );
    const scheduled = schedule ? (schedule.firedAt ? 'fired' : 'pending') : sent ? 'sent' : 'never scheduled';
    return { ...reminder, at: kazakhstanTime(reminder.at), scheduled, firedAt: kazakhstanTime(schedule?.firedAt) };
  });
}

async function explainCase(stores: ExplainStores, caseId: string): Promise<CommandOutput> {
  const { context } = stores;
  const records = await caseFactRecords(context.facts, caseId);
  const schedules = await stores.schedules.ofCase(caseId);
  const status = caseStatusFrom(records, caseId, context);
  const notifications = await notificationsOf(stores, casePartiesOf(records), caseId);
  const warning = status
    ? forecastWarning(context.calendar, [status.documentsDeadline, status.transferDue, status.creditedOn])
    : undefined;
  return {
    case: caseId,
    at: formatKazakhstanInstant(context.at),
    ...(warning ? { warning } : {}),
    status: status
      ? {
          ...status,
          reminders: remindersWithSchedules(
            status,
            schedules,
            notifications.map((n) => n.id),
          ),
        }
      : null,
    facts: factsOf(records),
    schedules: schedules.map((s) => ({ key: s.key, at: kazakhstanTime(s.at), fired: kazakhstanTime(s.firedAt) })),
    notifications,
  };
}

/**
 * `explain --iin - | --iin | --case ID`: for support staff — the facts we hold, the derived state, the schedules and
 * the notifications with their status, read straight from the local stack's table at the stack's clock.
 */
export async function explain(args: string[], openStores: () => Promise<ExplainStores>): Promise<CommandOutput> {
  const { values } = parseArgs({
    args: promptWhenBare(args),
    options: { iin: { type: 'string' }, case: { type: 'string' } },
  });
  if ((values.iin === undefined) === (values.case === undefined)) {
    throw new UsageError('explain takes exactly one of --iin - (stdin), --iin (prompt) or --case ID');
  }
  if (values.iin !== undefined) {
    const iin = await readIin(values.iin);
    return explainCitizen(await openStores(), iin);
  }
  return explainCase(await openStores(), values.case ?? '');
}
