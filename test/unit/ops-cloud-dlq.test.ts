import { ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../ops/errors';
import { cloudDlq } from '../../ops/stack-commands';

const sqs = mockClient(SQSClient);

describe('ops dlq against the cloud queues', () => {
  it('lists ids and reasons without taking the messages or showing their bodies', async () => {
    sqs.reset();
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: 'm-1',
          Body: '{"data":{"iin":"…"}}',
          MessageAttributes: {
            reason: { DataType: 'String', StringValue: 'data.iin: is not a valid IIN' },
            category: { DataType: 'String', StringValue: 'data.iin' },
            originalMessageId: { DataType: 'String', StringValue: 'orig-1' },
          },
        },
        { MessageId: 'm-2', Body: '{}' },
      ],
    });
    const url = 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/osms-dev-payments-dlq';
    const output = await cloudDlq('list', ['--dlq-url', url], new SQSClient({ region: 'ap-southeast-1' }));
    expect(output).toEqual({
      deadLetters: [
        { messageId: 'orig-1', reason: 'data.iin: is not a valid IIN', category: 'data.iin' },
        { messageId: 'm-2', reason: 'failed maxReceiveCount times (no reason attribute)', category: null },
      ],
    });
    expect(JSON.stringify(output)).not.toContain('"data"');
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toMatchObject({
      QueueUrl: url,
      VisibilityTimeout: 0,
    });
  });

  it('starts a move task for a redrive and refuses a call without a queue', async () => {
    sqs.reset();
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'h-1' });
    const arn = 'arn:aws:sqs:ap-southeast-1:111122223333:osms-dev-payments-dlq';
    expect(await cloudDlq('redrive', ['--dlq-arn', arn], new SQSClient({ region: 'ap-southeast-1' }))).toEqual({
      redrive: 'started',
      taskHandle: 'h-1',
    });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({ SourceArn: arn });
    await expect(cloudDlq('list', [], new SQSClient({ region: 'ap-southeast-1' }))).rejects.toThrow(UsageError);
  });
});
