import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { TABLE_KEYS, tableDefinition } from '../../shared/adapters/dynamodb/table';

const PRODUCERS = {
  payments: ['arn:aws:iam::111111111111:role/gov4c-payments-producer'],
  pension: ['arn:aws:iam::222222222222:role/otbasy-cases-producer'],
  dkk: ['arn:aws:iam::444444444444:role/mis-dkk-producer'],
};

/** Synthesises a stage without bundling the functions (the CI's `cdk synth` bundles them for real). */
function synth(stage: 'dev' | 'prod') {
  const app = new App({
    context: { stage, producers: PRODUCERS, operatorConsumers: ['222222222222'], 'aws:cdk:bundling-stacks': [] },
  });
  const { stack } = buildApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}

const dev = synth('dev');
const prod = synth('prod');
const resources = (template: Template, type: string) =>
  Object.values(template.findResources(type)) as { Properties: Record<string, unknown> }[];

describe('queues', () => {
  it("gives every queue a dead-letter queue after 5 receives, SSE and a visibility timeout of 6 × its consumer's timeout", () => {
    const queues = resources(dev.template, 'AWS::SQS::Queue');
    const main = queues.filter((q) => q.Properties.RedrivePolicy);
    expect(main).toHaveLength(8);
    for (const q of main) {
      expect(q.Properties.SqsManagedSseEnabled).toBe(true);
      // 6 × the consumer's timeout: 30 s for most, 5 min for the due worker that runs the sweeps.
      expect([180, 1_800]).toContain(q.Properties.VisibilityTimeout);
      expect((q.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBeGreaterThanOrEqual(5);
    }
    for (const q of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queues.filter((q) => q.Properties.FifoQueue === true)).toHaveLength(2);
  });

  it('refuses anything but TLS on every queue and lets the named producers send to their queue', () => {
    const policies = resources(dev.template, 'AWS::SQS::QueuePolicy');
    expect(policies.length).toBeGreaterThanOrEqual(16);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { AWS: PRODUCERS.payments[0] },
            Action: Match.arrayWith(['sqs:SendMessage']),
          }),
        ]),
      },
    });
  });
});

describe('table', () => {
  it('is on demand, with point-in-time recovery, a customer-managed key, TTL and the indexes of the shared definition', () => {
    const definition = tableDefinition('osms-dev');
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'osms-dev',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: definition.KeySchema,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: false,
        }),
      ],
      GlobalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) =>
        Match.objectLike({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: { ProjectionType: 'ALL' },
        }),
      ),
    });
    dev.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('keeps data on delete and protects the table in prod, not in dev', () => {
    prod.template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] },
    });
    dev.template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });
});

describe('functions', () => {
  it('run Node.js 24 on ARM64 with tracing, explicit memory and timeout, a log group and the Powertools environment', () => {
    const functions = resources(dev.template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: expect.any(Number),
        LoggingConfig: { LogGroup: expect.anything() },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: expect.any(String),
            TABLE_NAME: expect.anything(),
          }),
        },
      });
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(512);
      expect([30, 300]).toContain(fn.Properties.Timeout);
    }
    for (const group of resources(dev.template, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(30);
    for (const group of resources(prod.template, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(365);
  });

  it('consume queues with partial batch responses and bounded concurrency', () => {
    const mappings = resources(dev.template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(6);
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: expect.any(Number) },
      });
    }
  });

  it('grants no wildcard actions, and DynamoDB only on the table and its indexes', () => {
    for (const policy of resources(dev.template, 'AWS::IAM::Policy')) {
      const statements = (
        policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
      ).Statement;
      for (const statement of statements) {
        const actions = [statement.Action].flat();
        expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
        if (actions.some((a) => a.startsWith('dynamodb:'))) {
          const targets = JSON.stringify(statement.Resource);
          expect(targets).toMatch(/Table[A-Z0-9]+/);
          expect(targets).not.toContain('"*"');
        }
      }
    }
  });

  it('exposes the bot through a Function URL and tells the webhook function its secrets by name', () => {
    dev.template.resourceCountIs('AWS::Lambda::Url', 1);
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          WEBHOOK_SECRET_NAME: 'osms-dev/webhook-secret',
          TELEGRAM_TOKEN_SECRET_NAME: 'osms-dev/telegram-bot-token',
          IDENTITY_SECRET_NAME: 'osms-dev/identity-hmac-key',
        }),
      },
    });
    dev.template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 20,
      Environment: { Variables: Match.objectLike({ WEBHOOK_SECRET_NAME: Match.anyValue() }) },
    });
  });
});

describe('scheduler', () => {
  it('has a role that can only send to the due and notify queues and its own DLQ', () => {
    const role = Object.entries(dev.template.findResources('AWS::IAM::Role')).find(([, r]) =>
      JSON.stringify(r).includes('scheduler.amazonaws.com'),
    );
    expect(role).toBeDefined();
    const [roleId] = role ?? [''];
    const policies = resources(dev.template, 'AWS::IAM::Policy').filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    );
    const actions = policies.flatMap((p) =>
      (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) =>
        [s.Action].flat(),
      ),
    );
    expect(new Set(actions)).toEqual(new Set(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']));
  });

  it('runs the daily sweeps in Asia/Almaty into the due queue, with retries and a DLQ', () => {
    const schedules = resources(dev.template, 'AWS::Scheduler::Schedule');
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual([
      'cron(0 10 * * ? *)',
      'cron(0 6 * * ? *)',
    ]);
    for (const schedule of schedules) {
      expect(schedule.Properties).toMatchObject({
        ScheduleExpressionTimezone: 'Asia/Almaty',
        Target: { RetryPolicy: { MaximumRetryAttempts: 185 }, DeadLetterConfig: { Arn: expect.anything() } },
      });
    }
    dev.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });
});

describe('alarms and dashboard', () => {
  it('alarms on every DLQ, every queue backlog, every function error and throttle, to one topic', () => {
    const alarms = resources(dev.template, 'AWS::CloudWatch::Alarm');
    // 8 DLQs (7 queues + scheduler), 7 backlogs, 5 × (errors + throttles).
    expect(alarms).toHaveLength(8 + 7 + 10);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    expect(alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(8);
    dev.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    dev.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged AwsSolutions finding in either stage', () => {
    expect(() => dev.app.synth()).not.toThrow();
    expect(() => prod.app.synth()).not.toThrow();
  });

  it('fails the synthesis when a finding is not acknowledged', () => {
    const app = new App({
      context: { stage: 'dev', producers: PRODUCERS, operatorConsumers: [], 'aws:cdk:bundling-stacks': [] },
    });
    const { stack } = buildApp(app);
    new iam.Role(stack, 'Careless', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }),
      },
    });
    expect(() => app.synth()).toThrow(/The IAM entity contains wildcard permissions/);
  });
});
