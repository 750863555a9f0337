import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { SqsChangeSink } from '../shared/adapters/sqs/change-sink';
import type { ChangeSink } from '../shared/app/ports';
import { openReviewItems, ReviewResolutionError, resolveReviewItem } from '../shared/app/review';
import { encodeChangeMessage } from '../shared/contracts/internal';
import { scrubDigits } from '../shared/contracts/scrub';
import type { CommandOutput } from './commands';
import { UsageError } from './errors';
import { readStackState, StackNotRunningError } from './local-state';

export const REVIEW_USAGE = `review list                                   open review items (conflicting versions), oldest first
review resolve <eventKey> --keep <hash> --why TEXT [--by NAME]
                                              keep one version; the others stay stored out of every view;
                                              the touched cases and citizens are planned again
  cloud: add --table NAME (and --changes-queue-url URL for resolve), with AWS credentials`;

interface ReviewPorts {
  facts: DynamoFactStore;
  changes: ChangeSink;
}

function localPorts(): ReviewPorts {
  let state: ReturnType<typeof readStackState>;
  try {
    state = readStackState();
  } catch (error) {
    if (error instanceof StackNotRunningError) throw new UsageError(`${error.message} (or name --table for the cloud)`);
    throw error;
  }
  const client = new DynamoDBClient({
    endpoint: state.dynamodb,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // Locally the changes go through the stack's own changes queue, so its planner re-plans as in the cloud.
  const changes: ChangeSink = {
    async publish(messages) {
      const response = await fetch(`${state.http}/changes`, {
        method: 'POST',
        body: messages.map((message) => encodeChangeMessage(message)).join('\n'),
      });
      if (!response.ok) throw new Error(`the local stack refused the changes (${response.status})`);
    },
  };
  return { facts: new DynamoFactStore(DynamoDBDocumentClient.from(client), state.table), changes };
}

function cloudPorts(table: string, changesQueueUrl: string | undefined): ReviewPorts {
  const facts = new DynamoFactStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), table);
  const changes: ChangeSink = changesQueueUrl
    ? new SqsChangeSink(new SQSClient({}), changesQueueUrl)
    : {
        publish: async () => {
          throw new UsageError('review resolve in the cloud needs --changes-queue-url, so the cases are planned again');
        },
      };
  return { facts, changes };
}

async function resolve(ports: ReviewPorts, positionals: string[], values: Record<string, unknown>) {
  const [eventKey] = positionals;
  const keep = values.keep as string | undefined;
  const why = values.why as string | undefined;
  if (!eventKey || !keep || !why) throw new UsageError('review resolve <eventKey> --keep <hash> --why TEXT');
  try {
    const result = await resolveReviewItem(ports, {
      eventKey,
      keep,
      // The audit trail is stored free text: no personal number may hide in it.
      why: scrubDigits(why),
      by: scrubDigits((values.by as string | undefined) ?? `ops:${userInfo().username}`),
      at: Date.now(),
    });
    return { resolved: eventKey, kept: keep, replanned: result.owners.length };
  } catch (error) {
    if (error instanceof ReviewResolutionError) {
      const known = error.versions.length > 0 ? ` (versions: ${error.versions.join(', ')})` : '';
      throw new UsageError(`review resolve: ${error.message}${known}`, { cause: error });
    }
    throw error;
  }
}

/** `review list|resolve`: the one review model for operators (docs/security.md, docs/domain.md "Conflicts"). */
export async function review(args: string[]): Promise<CommandOutput> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      keep: { type: 'string' },
      why: { type: 'string' },
      by: { type: 'string' },
      table: { type: 'string' },
      'changes-queue-url': { type: 'string' },
    },
  });
  const ports = values.table ? cloudPorts(values.table, values['changes-queue-url']) : localPorts();
  if (action === 'list') return { items: await openReviewItems(ports.facts) };
  if (action === 'resolve') return resolve(ports, positionals, values);
  throw new UsageError(`review takes list or resolve\n${REVIEW_USAGE}`);
}
