import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { HouseFunction } from '../../infra/constructs/house-function';
import { TABLE_KEYS, tableDefinition } from '../../shared/adapters/dynamodb/table';
import { parseDueMessage } from '../../shared/contracts/internal';
import { PRODUCER_PRINCIPALS, resources, stageContext, synth } from './synth';

const dev = synth('dev');
const prod = synth('prod');

describe('queues', () => {
  it("gives every queue a dead-letter queue after 5 receives, SSE and a visibility timeout of 6 × its consumer's timeout", () => {
    const queues = resources(dev.template, 'AWS::SQS::Queue');
    const main = queues.filter((q) => q.Properties.RedrivePolicy);
    // 4 upstream (payments, pension, dkk, backfill) + changes, due, notify, outbound.
    expect(main).toHaveLength(8);
    for (const q of main) {
      expect(q.Properties.SqsManagedSseEnabled).toBe(true);
      // 6 × the consumer's timeout: 30 s for most, 1 min for the due worker that runs the sweeps' parts.
      expect([180, 360]).toContain(q.Properties.VisibilityTimeout);
      expect((q.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBeGreaterThanOrEqual(5);
    }
    // The 8 DLQs and the scheduler's DLQ.
    expect(queues).toHaveLength(17);
    expect(queues.filter((q) => q.Properties.FifoQueue === true)).toHaveLength(2);
  });

  it('refuses anything but TLS on every queue', () => {
    const policies = resources(dev.template, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(17);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('lets the operator read the return-order queue', () => {
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: {
              AWS: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':iam::555555555555:root'])]) }),
            },
            Action: Match.arrayWith(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
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
            POWERTOOLS_METRICS_NAMESPACE: 'OsmsBot',
            TABLE_NAME: expect.anything(),
          }),
        },
      });
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(512);
      expect([30, 60]).toContain(fn.Properties.Timeout);
    }
    for (const group of resources(dev.template, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(30);
    for (const group of resources(prod.template, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(365);
  });

  it('build each function from its own entry point', () => {
    const functions = dev.stack.node.findAll().filter((c): c is HouseFunction => c instanceof HouseFunction);
    expect(Object.fromEntries(functions.map((fn) => [fn.node.id, fn.entry]))).toEqual({
      Ingest: 'functions/ingest/handler.ts',
      Planner: 'functions/notify/planner-handler.ts',
      DueWorker: 'functions/notify/due-handler.ts',
      Sender: 'functions/notify/sender-handler.ts',
      Bot: 'functions/bot/handler.ts',
    });
    for (const fn of resources(dev.template, 'AWS::Lambda::Function'))
      expect(fn.Properties.Handler).toBe('index.handler');
  });

  it('consume queues with partial batch responses and bounded concurrency', () => {
    const mappings = resources(dev.template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(7);
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: expect.any(Number) },
      });
    }
  });

  it("paces each sender instance to its share: SENDER_INSTANCES is the notify source's maximum concurrency", () => {
    type Environment = { Variables?: Record<string, string> } | undefined;
    const variablesOf = (fn: { Properties: { Environment?: unknown } }) =>
      (fn.Properties.Environment as Environment)?.Variables ?? {};
    const sender = resources(dev.template, 'AWS::Lambda::Function').find(
      (fn) => variablesOf(fn).SENDER_INSTANCES !== undefined,
    );
    const variables = sender ? variablesOf(sender) : {};
    expect(variables).toMatchObject({ SENDER_MESSAGES_PER_SECOND: '27', ALLOW_PAID_BROADCAST: 'false' });
    const senderMappings = resources(dev.template, 'AWS::Lambda::EventSourceMapping').filter((mapping) =>
      JSON.stringify(mapping.Properties.FunctionName).includes('Sender'),
    );
    expect(senderMappings).toHaveLength(1);
    const scaling = senderMappings[0]?.Properties.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    expect(String(scaling?.MaximumConcurrency)).toBe(variables.SENDER_INSTANCES);
  });

  it('exposes the bot through a Function URL with reserved concurrency', () => {
    dev.template.resourceCountIs('AWS::Lambda::Url', 1);
    dev.template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 20,
      Environment: { Variables: Match.objectLike({ WEBHOOK_SECRET_NAME: 'osms-dev/webhook-secret' }) },
    });
  });
});

describe('scheduler', () => {
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

  it('puts on the due queue only inputs its parser accepts (the due queue encoder builds them)', () => {
    const inputs = resources(dev.template, 'AWS::Scheduler::Schedule').map(
      (s) => (s.Properties.Target as { Input: string }).Input,
    );
    expect(inputs).toHaveLength(2);
    const kinds = inputs.map((input) => {
      const parsed = parseDueMessage(input);
      if (!parsed.ok) throw new Error(`schedule input rejected: ${parsed.reason}`);
      return parsed.value.kind;
    });
    expect(kinds.sort()).toEqual(['coverage_sweep', 'reconciliation_sweep']);
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged AwsSolutions finding in either stage', () => {
    expect(() => dev.app.synth()).not.toThrow();
    expect(() => prod.app.synth()).not.toThrow();
  });

  it('fails the synthesis when a finding is not acknowledged', () => {
    const app = new App({ context: stageContext('dev') });
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

describe('context', () => {
  const attempt = (overrides: Record<string, unknown>) => () =>
    buildApp(new App({ context: stageContext('dev', overrides) }));

  it('takes producers by name and refuses the old per-queue shape or an unknown producer, naming the entry', () => {
    expect(attempt({ producers: { payments: [], pension: [], dkk: [] } })).toThrow(
      /cdk context configuration: producers/,
    );
    expect(attempt({ producers: { ...PRODUCER_PRINCIPALS, acme: ['111111111111'] } })).toThrow(/producers/);
    expect(attempt({ producers: { ...PRODUCER_PRINCIPALS, gov4c: ['not-a-principal'] } })).toThrow(/producers\.gov4c/);
  });

  it('refuses a missing or malformed botInfo or supportContact (the webhook must not call getMe)', () => {
    expect(attempt({ botInfo: undefined })).toThrow(/botInfo/);
    expect(attempt({ botInfo: { id: 1, is_bot: false, first_name: 'x', username: 'x' } })).toThrow(/botInfo/);
    expect(attempt({ supportContact: undefined })).toThrow(/supportContact/);
    expect(attempt({ stage: 'staging' })).toThrow(/stage/);
  });

  it('accepts JSON strings, as `-c key=…` passes them', () => {
    const app = new App({
      context: stageContext('dev', {
        producers: JSON.stringify(PRODUCER_PRINCIPALS),
        botInfo: JSON.stringify(stageContext('dev').botInfo),
      }),
    });
    expect(buildApp(app).stack.stackName).toBe('Osms-dev');
  });
});
