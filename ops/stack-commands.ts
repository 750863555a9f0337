import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger, DynamoScheduleBook } from '../shared/adapters/dynamodb/work-store';
import { HmacIdentity } from '../shared/adapters/identity';
import { caseFactRecords, casePartiesOf, caseStatusFrom, citizenView } from '../shared/adapters/store/read-model';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { formatKazakhstanInstant } from '../shared/domain/dates';
import { checkIin } from '../shared/domain/iin';
import { LOCAL_IDENTITY_SECRET, readStackState, StackNotRunningError, type StackState } from '../tools/local-state';
import type { CommandOutput } from './commands';
import { UsageError } from './errors';

export const STACK_COMMANDS = ['replay', 'explain', 'dlq'] as const;

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

/**
 * `explain --iin IIN | --case ID`: for support staff — the facts we hold, the derived state, the schedules and the
 * notifications with their status, read straight from the local stack's table.
 */
async function explain(args: string[]): Promise<CommandOutput> {
  const { values } = parseArgs({ args, options: { iin: { type: 'string' }, case: { type: 'string' } } });
  if (!values.iin === !values.case) throw new UsageError('explain takes exactly one of --iin IIN or --case ID');
  const state = stackState();
  const client = new DynamoDBClient({
    endpoint: state.dynamodb,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client);
  const facts = new DynamoFactStore(documents, state.table);
  const chats = new DynamoChatStore(documents, state.table);
  const ledger = new DynamoNotificationLedger(documents, state.table);
  const identity = new HmacIdentity(process.env.LOCAL_IDENTITY_SECRET ?? LOCAL_IDENTITY_SECRET);
  const options = { at: Date.now(), calendar: kazakhstanCalendar() };
  const notificationsOf = async (citizenKeys: string[], subject?: string) => {
    const found = [];
    for (const key of citizenKeys) {
      for (const chat of await chats.chatsOfCitizen(key)) {
        for (const n of await ledger.ofChat(chat.chatId)) {
          if (!subject || n.id.split('|')[1] === subject) found.push({ chatId: chat.chatId, ...n });
        }
      }
    }
    return found;
  };
  if (values.iin) {
    if (!checkIin(values.iin).valid) throw new UsageError('--iin is not a valid IIN');
    const citizenKey = identity.citizenKey(values.iin);
    const view = await citizenView(facts, citizenKey, options);
    const held = await facts.citizenFacts(citizenKey);
    return {
      citizen: identity.maskIin(values.iin),
      at: formatKazakhstanInstant(options.at),
      insurance: view.insurance,
      contributions: view.contributions,
      cases: view.caseIds,
      facts: held.map((f) => ({ type: f.type, event: f.eventKey, occurredAt: f.occurredAt })),
      chats: (await chats.chatsOfCitizen(citizenKey)).map((c) => ({
        chatId: c.chatId,
        language: c.language,
        active: c.active,
        reminders: c.reminders,
      })),
      notifications: await notificationsOf([citizenKey]),
    };
  }
  const caseId = values.case ?? '';
  const records = await caseFactRecords(facts, caseId);
  const schedules = await new DynamoScheduleBook(documents, state.table).ofCase(caseId);
  return {
    case: caseId,
    at: formatKazakhstanInstant(options.at),
    status: caseStatusFrom(records, caseId, options) ?? null,
    facts: records.map((f) => ({ type: f.type, event: f.eventKey, occurredAt: f.occurredAt })),
    schedules: schedules.map((s) => ({ key: s.key, at: formatKazakhstanInstant(s.at), fired: s.firedAt ?? null })),
    notifications: await notificationsOf(casePartiesOf(records), caseId),
  };
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
    return await dlq(args);
  } catch (error) {
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}
