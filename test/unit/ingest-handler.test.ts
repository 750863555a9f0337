import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, ingestConfig } from '../../functions/ingest/config';
import { payment } from '../helpers/events';
import { TEST_IDENTITY_SECRET } from '../helpers/identity';
import { PAYMENTS_QUEUE_ARN, sqsEvent, UPSTREAM_QUEUE_ARNS } from '../helpers/sqs';

const ENV = {
  TABLE_NAME: 'osms-dev',
  IDENTITY_SECRET_NAME: 'osms/dev/identity-hmac',
  CHANGES_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/osms-dev-changes',
  DEAD_LETTER_QUEUES: JSON.stringify({
    [PAYMENTS_QUEUE_ARN]: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/dlq',
  }),
  UPSTREAM_QUEUES: JSON.stringify(Object.fromEntries(Object.entries(UPSTREAM_QUEUE_ARNS).map(([q, arn]) => [arn, q]))),
};

describe('ingest configuration', () => {
  it('reads the environment', () => {
    expect(ingestConfig(ENV).DEAD_LETTER_QUEUES).toEqual({ [PAYMENTS_QUEUE_ARN]: expect.stringMatching(/dlq$/) });
  });

  it('names a missing or malformed variable', () => {
    expect(() => ingestConfig({ ...ENV, TABLE_NAME: undefined })).toThrow(ConfigurationError);
    expect(() => ingestConfig({ ...ENV, TABLE_NAME: undefined })).toThrow(/TABLE_NAME/);
    expect(() => ingestConfig({ ...ENV, DEAD_LETTER_QUEUES: '{oops' })).toThrow(
      'ingest configuration: DEAD_LETTER_QUEUES: must be a JSON object of queue ARN → DLQ URL',
    );
  });
});

describe('ingest Lambda handler', () => {
  it('wires Secrets Manager, DynamoDB and SQS, and answers with partial batch failures', async () => {
    Object.assign(process.env, ENV, { AWS_REGION: 'ap-southeast-1' });
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: TEST_IDENTITY_SECRET });
    const dynamo = mockClient(DynamoDBClient);
    dynamo.on(PutItemCommand).resolves({});
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).callsFake(({ Entries }: { Entries: { Id: string }[] }) => ({
      Successful: Entries.map(({ Id }) => ({ Id, MessageId: 'm', MD5OfMessageBody: '' })),
      Failed: [],
    }));
    sqs.on(SendMessageCommand).resolves({});

    const { handler } = await import('../../functions/ingest/handler');
    const event = sqsEvent([JSON.stringify(payment()), '{broken', JSON.stringify(payment({ period: '2026-02' }))]);
    const context = {
      functionName: 'ingest',
      awsRequestId: 'r-1',
      getRemainingTimeInMillis: () => 30_000,
    } as unknown as Context;
    const result = await handler(event, context);

    expect(result).toEqual({ batchItemFailures: [] });
    // The hot write on the low-level client; both records' changes in one SendMessageBatch at the end of the batch.
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(2);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries).toHaveLength(2);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe('osms/dev/identity-hmac');

    // A second invocation reuses the secret fetched on the first (once per cold start).
    await handler(sqsEvent([JSON.stringify(payment({ period: '2026-03' }))]), context);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});
