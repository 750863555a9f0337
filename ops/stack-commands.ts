import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { DynamoScheduleBook } from '../shared/adapters/dynamodb/schedule-book';
import { HmacIdentity } from '../shared/adapters/identity';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { parseInstant } from '../shared/domain/dates';
import type { CommandOutput } from './commands';
import { UsageError } from './errors';
import { type ExplainStores, explain } from './explain-command';
import { LOCAL_IDENTITY_SECRET, readStackState, StackNotRunningError, type StackState } from './local-state';
import { rekey } from './rekey-command';
import { replay } from './replay-command';
import { review } from './review-commands';

export { type IinSource, readIin } from './explain-command';

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

/** The stores `explain` reads, at the stack's own clock (it may run ahead of the wall clock: --clock, POST /clock). */
async function explainStores(): Promise<ExplainStores> {
  const state = stackState();
  const { clock } = (await request(`${state.http}/health`)) as { clock?: string };
  const at = (clock && parseInstant(clock)) || Date.now();
  const client = new DynamoDBClient({
    endpoint: state.dynamodb,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client);
  return {
    context: { facts: new DynamoFactStore(documents, state.table), at, calendar: kazakhstanCalendar() },
    chats: new DynamoChatStore(documents, state.table),
    ledger: new DynamoNotificationLedger(documents, state.table),
    schedules: new DynamoScheduleBook(documents, state.table),
    identity: new HmacIdentity(process.env.LOCAL_IDENTITY_SECRET ?? LOCAL_IDENTITY_SECRET),
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
    if (command === 'replay')
      return await replay(args, (path, body) => request(`${stackState().http}${path}`, { method: 'POST', body }));
    if (command === 'explain') return await explain(args, explainStores);
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
