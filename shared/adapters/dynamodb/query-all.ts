import {
  type DynamoDBDocumentClient,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../app/ports';

/** Every item a query matches, across pages. */
export async function queryAll(
  documents: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: documents }, input)) items.push(...(page.Items ?? []));
  return items;
}

/** A continuation that is not one this adapter made (a hand-edited redrive): the part cannot go on. */
export class InvalidContinuationError extends Error {
  constructor() {
    super('sweep continuation is not a key this store made');
    this.name = 'InvalidContinuationError';
  }
}

/** LastEvaluatedKey as an opaque string (base64url JSON of its string attributes) and back. */
export function encodeContinuation(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeContinuation(token: string): Record<string, string> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw Object.assign(new InvalidContinuationError(), { cause: error });
  }
  const valid =
    typeof decoded === 'object' &&
    decoded !== null &&
    !Array.isArray(decoded) &&
    Object.values(decoded).every((value) => typeof value === 'string');
  if (!valid) throw new InvalidContinuationError();
  return decoded as Record<string, string>;
}

/**
 * DynamoDB's answer to a start key that is no key of the table or index ("The provided starting key is invalid…",
 * "Exclusive Start Key must have same size as table's key schema"): a continuation that decodes but that we did not make.
 */
function refusedStartKey(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === 'ValidationException' && /start(ing)? key/i.test(String(message));
}

/**
 * One page of a query (a sweep part): at most `limit` items evaluated, from the continuation `after`; `next` is set
 * while DynamoDB says there is more.
 */
export async function queryPage<T>(
  documents: DynamoDBDocumentClient,
  map: (item: Record<string, unknown>) => T,
  page: PageRequest,
  input: QueryCommandInput,
): Promise<Page<T>> {
  const command = new QueryCommand({
    ...input,
    Limit: page.limit,
    ...(page.after ? { ExclusiveStartKey: decodeContinuation(page.after) } : {}),
  });
  const result = await documents.send(command).catch((error: unknown) => {
    throw page.after && refusedStartKey(error)
      ? Object.assign(new InvalidContinuationError(), { cause: error })
      : error;
  });
  const items = (result.Items ?? []).map(map);
  return result.LastEvaluatedKey ? { items, next: encodeContinuation(result.LastEvaluatedKey) } : { items };
}
