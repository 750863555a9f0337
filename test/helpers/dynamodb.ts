import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../../shared/adapters/dynamodb/table';

/** Counts the DynamoDB requests a piece of code makes, by operation (PutItem, Query, …). */
export class RequestCounter {
  readonly counts = new Map<string, number>();

  get(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  total(operations: readonly string[]): number {
    return operations.reduce((sum, operation) => sum + this.get(operation), 0);
  }

  reset(): void {
    this.counts.clear();
  }
}

export const WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];
export const READ_OPERATIONS = ['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems'];

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  requests: RequestCounter;
}

/** A fresh table on the engine the global setup started, created from the same definition as the stack. */
export async function createTestTable(endpoint: string, options: { maxAttempts?: number } = {}): Promise<TestTable> {
  const client = new DynamoDBClient({
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const requests = new RequestCounter();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      requests.counts.set(operation, requests.get(operation) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'requestCounter' },
  );
  const tableName = `test-${randomUUID()}`;
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  requests.reset();
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { tableName, client, documents, requests };
}
