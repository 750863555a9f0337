import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { DynamoScheduleBook } from '../shared/adapters/dynamodb/schedule-book';
import { HmacIdentity } from '../shared/adapters/identity';
import { caseFactRecords, casePartiesOf, caseStatusFrom, citizenView, type ViewContext } from '../shared/app/views';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { formatKazakhstanInstant } from '../shared/domain/dates';
import { checkIin } from '../shared/domain/iin';
import type { CommandOutput } from './commands';
import { UsageError } from './errors';
import { LOCAL_IDENTITY_SECRET, readStackState, StackNotRunningError, type StackState } from './local-state';
import { rekey } from './rekey-command';
import { review } from './review-commands';

export const STACK_COMMANDS = ['replay', 'explain', 'dlq', 'review', 'rekey'] as const;

function stackState(): StackState {
  try {
    return readStackState();
  } catch (error) {
    if (error instanceof StackNotRunningError) throw new UsageError(error.message);
    throw error;
  }
}

async function request(url: string, init?: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new UsageError(`the local stack does not answer at ${new URL(url).origin}: is npm start running?`, {
      cause: error,
    });
  }
  return response.json();
}

/** `replay --file F`: posts an NDJSON file to the local stack in chunks, with a progress bar on stderr. */
async function replay(args: string[]): Promise<CommandOutput> {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string' }, chunk: { type: 'string', default: '200' } },
  });
  if (!values.file) throw new UsageError('replay needs --file FILE.ndjson');
  let text: string;
  try {
    text = readFileSync(values.file, 'utf8');
  } catch (error) {
    throw new UsageError(`events file ${values.file} cannot be read (${(error as NodeJS.ErrnoException).code})`, {
      cause: error,
    });
  }
  const { http } = stackState();
  const lines = text.split('\n');
  const size = Math.max(1, Number(values.chunk));
  let accepted = 0;
  const rejected: { line: number; reason: string }[] = [];
  for (let start = 0; start < lines.length; start += size) {
    const chunk = lines.slice(start, start + size);
    const result = (await request(`${http}/events`, { method: 'POST', body: chunk.join('\n') })) as {
      accepted: number;
      rejected: { line: number; reason: string }[];
    };
    accepted += result.accepted;
    for (const r of result.rejected) rejected.push({ line: start + r.line, reason: r.reason });
    const done = Math.min(lines.length, start + size);
    const filled = Math.round((done / lines.length) * 30);
    process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${done}/${lines.length} lines`);
  }
  process.stderr.write('\n');
  return { file: values.file, accepted, rejected };
}

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

interface ExplainStores {
  context: ViewContext;
  chats: DynamoChatStore;
  ledger: DynamoNotificationLedger;
  schedules: DynamoScheduleBook;
  identity: HmacIdentity;
}

function explainStores(): ExplainStores {
  const state = stackState();
  const client = new DynamoDBClient({
    endpoint: state.dynamodb,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client);
  return {
    context: { facts: new DynamoFactStore(documents, state.table), at: Date.now(), calendar: kazakhstanCalendar() },
    chats: new DynamoChatStore(documents, state.table),
    ledger: new DynamoNotificationLedger(documents, state.table),
    schedules: new DynamoScheduleBook(documents, state.table),
    identity: new HmacIdentity(process.env.LOCAL_IDENTITY_SECRET ?? LOCAL_IDENTITY_SECRET),
  };
}

async function notificationsOf(stores: ExplainStores, citizenKeys: string[], subject?: string) {
  const found = [];
  for (const key of citizenKeys) {
    for (const chat of await stores.chats.chatsOfCitizen(key)) {
      for (const n of await stores.ledger.ofChat(chat.chatId)) {
        if (!subject || n.id.split('|')[1] === subject) found.push({ chatId: chat.chatId, ...n });
      }
    }
  }
  return found;
}

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
    facts: held.map((f) => ({ type: f.type, event: f.eventKey, occurredAt: f.occurredAt })),
    chats: (await stores.chats.chatsOfCitizen(citizenKey)).map((c) => ({
      chatId: c.chatId,
      language: c.language,
      active: c.active,
      reminders: c.reminders,
    })),
    notifications: await notificationsOf(stores, [citizenKey]),
  };
}

async function explainCase(stores: ExplainStores, caseId: string): Promise<CommandOutput> {
  const { context } = stores;
  const records = await caseFactRecords(context.facts, caseId);
  const schedules = await stores.schedules.ofCase(caseId);
  return {
    case: caseId,
    at: formatKazakhstanInstant(context.at),
    status: caseStatusFrom(records, caseId, context) ?? null,
    facts: records.map((f) => ({ type: f.type, event: f.eventKey, occurredAt: f.occurredAt })),
    schedules: schedules.map((s) => ({ key: s.key, at: formatKazakhstanInstant(s.at), fired: s.firedAt ?? null })),
    notifications: await notificationsOf(stores, casePartiesOf(records), caseId),
  };
}

/**
 * `explain --iin - | --iin | --case ID`: for support staff — the facts we hold, the derived state, the schedules and
 * the notifications with their status, read straight from the local stack's table.
 */
async function explain(args: string[]): Promise<CommandOutput> {
  const { values } = parseArgs({
    args: promptWhenBare(args),
    options: { iin: { type: 'string' }, case: { type: 'string' } },
  });
  if ((values.iin === undefined) === (values.case === undefined)) {
    throw new UsageError('explain takes exactly one of --iin - (stdin), --iin (prompt) or --case ID');
  }
  if (values.iin !== undefined) {
    const iin = await readIin(values.iin);
    return explainCitizen(explainStores(), iin);
  }
  return explainCase(explainStores(), values.case ?? '');
}

/**
 * The cloud's DLQs (with AWS credentials): `dlq list --dlq-url URL` shows up to 10 messages' ids and reasons (never
 * the bodies) without taking them; `dlq redrive --dlq-arn ARN` starts SQS's move task back to the source queue.
 */
export async function cloudDlq(
  action: string | undefined,
  args: string[],
  sqs = new SQSClient({}),
): Promise<CommandOutput> {
  const { values } = parseArgs({ args, options: { 'dlq-url': { type: 'string' }, 'dlq-arn': { type: 'string' } } });
  if (action === 'list' && values['dlq-url']) {
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: values['dlq-url'],
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 0,
      }),
    );
    return {
      deadLetters: (result.Messages ?? []).map((m) => ({
        messageId: m.MessageAttributes?.originalMessageId?.StringValue ?? m.MessageId,
        reason: m.MessageAttributes?.reason?.StringValue ?? 'failed maxReceiveCount times (no reason attribute)',
        category: m.MessageAttributes?.category?.StringValue ?? null,
      })),
    };
  }
  if (action === 'redrive' && values['dlq-arn']) {
    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: values['dlq-arn'] }));
    return { redrive: 'started', taskHandle: task.TaskHandle ?? null };
  }
  throw new UsageError('cloud DLQs: dlq list --dlq-url URL, or dlq redrive --dlq-arn ARN');
}

/** `dlq list|redrive`: the local queues' dead letters (reasons only) and sending them back; the cloud's with flags. */
async function dlq(args: string[]): Promise<CommandOutput> {
  const [action, ...rest] = args;
  if (rest.some((arg) => arg.startsWith('--dlq-'))) return cloudDlq(action, rest);
  const { http } = stackState();
  if (action === 'list') return { deadLetters: await request(`${http}/dlq`) };
  if (action === 'redrive') return (await request(`${http}/dlq/redrive`, { method: 'POST' })) as CommandOutput;
  throw new UsageError('dlq takes list or redrive (local queues; cloud DLQs: docs/deploy.md#dead-letters)');
}

export async function runStackCommand(
  command: (typeof STACK_COMMANDS)[number],
  args: string[],
): Promise<CommandOutput> {
  try {
    if (command === 'replay') return await replay(args);
    if (command === 'explain') return await explain(args);
    if (command === 'review') return await review(args);
    if (command === 'rekey') return await rekey(args);
    return await dlq(args);
  } catch (error) {
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}
