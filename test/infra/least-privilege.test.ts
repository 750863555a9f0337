import { describe, expect, it } from 'vitest';
import { PRODUCERS } from '../../shared/contracts/producers';
import { actionsOf, PRODUCER_PRINCIPALS, resources, type Statement, statementsOf, synth } from './synth';

const { template } = synth('dev');
const SERVICES = ['ingest', 'notify-planner', 'notify-due', 'notify-sender', 'bot'] as const;
type Service = (typeof SERVICES)[number];

/** A CloudFormation logical id without its 8-character hash: `WorkOutboundQueueED6C8DC0` → `WorkOutboundQueue`. */
const named = (resource: unknown): string[] =>
  [resource].flat().map((r) => {
    const text = JSON.stringify(r);
    const id = /"(?:Fn::GetAtt|Ref)":\[?"([A-Za-z0-9]+)/.exec(text)?.[1] ?? text;
    return /^[A-Za-z0-9]+[0-9A-F]{8}$/.test(id) ? id.slice(0, -8) : id;
  });

/** A statement on the base table itself (index statements name `…/index/<name>`). */
const isTable = (statement: Statement) =>
  !JSON.stringify(statement.Resource).includes('/index/') &&
  named(statement.Resource).every((name) => name === 'DataTable');

/** `dynamodb:Action` → the key prefixes it is limited to, for the function's statements on the base table. */
function tableMatrix(service: Service): Record<string, string[]> {
  const matrix: Record<string, string[]> = {};
  for (const statement of statementsOf(template, service).filter(isTable)) {
    const leading = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    expect(leading, 'every table statement is limited to key prefixes').toBeDefined();
    expect(statement.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
    for (const action of actionsOf(statement)) {
      matrix[action] = [...(matrix[action] ?? []), ...[leading].flat().map(String)].sort();
    }
  }
  return matrix;
}

function indexesOf(service: Service): string[] {
  return statementsOf(template, service)
    .filter((statement) => JSON.stringify(statement.Resource).includes('/index/'))
    .flatMap((statement) => {
      expect(actionsOf(statement)).toEqual(['dynamodb:Query']);
      return [...JSON.stringify(statement.Resource).matchAll(/\/index\/(\w+)/g)].map((match) => String(match[1]));
    })
    .sort();
}

const sentTo = (service: Service) =>
  statementsOf(template, service)
    .filter((statement) => actionsOf(statement).includes('sqs:SendMessage'))
    .flatMap((statement) => named(statement.Resource))
    .sort();

const secretsReadBy = (service: Service) =>
  statementsOf(template, service)
    .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
    .flatMap((statement) => named(statement.Resource))
    .sort();

describe('table access per function (docs/security.md#least-privilege)', () => {
  it('never grants Scan, a Batch* action or a table-wide action, to any function', () => {
    for (const service of SERVICES) {
      const actions = statementsOf(template, service).flatMap(actionsOf);
      expect(
        actions.filter((a) => /^dynamodb:(Scan|Batch\w+|\*|PartiQL\w*)$/.test(a)),
        service,
      ).toEqual([]);
    }
  });

  it('gives each function only the actions and key prefixes it uses', () => {
    expect(tableMatrix('ingest')).toEqual({
      'dynamodb:GetItem': ['EVT#*'],
      'dynamodb:PutItem': ['EVT#*', 'MEMBER#*'],
      'dynamodb:UpdateItem': ['EVT#*'],
    });
    expect(tableMatrix('notify-planner')).toEqual({
      'dynamodb:Query': ['CASESCHED#*'],
      'dynamodb:GetItem': ['OUTBOX#*'],
      'dynamodb:PutItem': ['CASESCHED#*', 'CHAT#*'],
      // Coverage and the next sweep day kept on a linked chat (a conditional update).
      'dynamodb:UpdateItem': ['CHAT#*'],
      'dynamodb:DeleteItem': ['CASESCHED#*'],
    });
    expect(tableMatrix('notify-due')).toEqual({
      'dynamodb:Query': ['CASESCHED#*'],
      'dynamodb:GetItem': ['CHAT#*', 'OUTBOX#*'],
      'dynamodb:PutItem': ['CASESCHED#*', 'CHAT#*', 'OUTBOX#*'],
      'dynamodb:UpdateItem': ['CASESCHED#*', 'CHAT#*', 'OUTBOX#*'],
      'dynamodb:DeleteItem': ['CASESCHED#*'],
    });
    expect(tableMatrix('notify-sender')).toEqual({
      'dynamodb:ConditionCheckItem': ['CHAT#*'],
      'dynamodb:GetItem': ['CHAT#*', 'NOTIF#*'],
      'dynamodb:PutItem': ['NOTIF#*'],
      'dynamodb:UpdateItem': ['CHAT#*', 'NOTIF#*'],
    });
  });

  it('lets the internet-facing bot write no fact, case member, schedule or outbox marker', () => {
    // The planner and the due handler may rewrite a chat (unlinking it after a phone change); the sender only marks one.
    expect(tableMatrix('notify-sender')['dynamodb:PutItem']).not.toContain('CHAT#*');
    const bot = tableMatrix('bot');
    expect(bot).toEqual({
      'dynamodb:GetItem': ['CHAT#*'],
      'dynamodb:PutItem': ['CHAT#*', 'UPDATE#*'],
      'dynamodb:UpdateItem': ['ATTEMPTS#*', 'CHAT#*'],
      'dynamodb:DeleteItem': ['CHAT#*', 'NOTIF#*', 'UPDATE#*'],
    });
    const written = Object.values(bot).flat();
    for (const prefix of ['EVT#*', 'MEMBER#*', 'CASESCHED#*', 'OUTBOX#*']) expect(written).not.toContain(prefix);
  });

  it('lets only the functions that read facts query the indexes, each index by name', () => {
    expect(indexesOf('ingest')).toEqual(['byList', 'byOwner']);
    expect(indexesOf('notify-planner')).toEqual(['byList', 'byOwner']);
    expect(indexesOf('notify-due')).toEqual(['byList', 'byOwner']);
    expect(indexesOf('bot')).toEqual(['byList', 'byOwner']);
    expect(indexesOf('notify-sender')).toEqual([]);
  });
});

describe('queues and secrets per function', () => {
  it('lets only the due handler send to the return-order queue; the sender sends only dead letters', () => {
    expect(sentTo('ingest')).toEqual([
      'UpstreamBackfillDeadLetters',
      'UpstreamDkkDeadLetters',
      'UpstreamPaymentsDeadLetters',
      'UpstreamPensionDeadLetters',
      'WorkChangesQueue',
    ]);
    expect(sentTo('notify-planner')).toEqual(['WorkChangesDeadLetters', 'WorkDueQueue', 'WorkNotifyQueue']);
    expect(sentTo('notify-due')).toEqual([
      'WorkDueDeadLetters',
      'WorkDueQueue',
      'WorkNotifyQueue',
      'WorkOutboundQueue',
    ]);
    expect(sentTo('notify-sender')).toEqual(['WorkNotifyDeadLetters']);
    expect(sentTo('bot')).toEqual(['WorkDueQueue']);
  });

  it('lets each function read only the secrets it uses', () => {
    expect(secretsReadBy('ingest')).toEqual(['SecretsIdentityHmacKey']);
    expect(secretsReadBy('notify-planner')).toEqual([]);
    expect(secretsReadBy('notify-due')).toEqual([]);
    expect(secretsReadBy('notify-sender')).toEqual(['SecretsTelegramBotToken']);
    expect(secretsReadBy('bot')).toEqual(['SecretsIdentityHmacKey', 'SecretsTelegramBotToken', 'SecretsWebhookSecret']);
  });

  it('scopes schedule actions by name: case schedules for the planner and due handler, deliveries for the sender', () => {
    const scheduling = (service: Service) =>
      statementsOf(template, service)
        .filter((statement) => actionsOf(statement).some((a) => a.startsWith('scheduler:')))
        .map((statement) => ({
          actions: actionsOf(statement).sort(),
          names: /schedule\/([^"]+)"/.exec(JSON.stringify(statement.Resource))?.[1],
        }));
    const caseSchedules = {
      actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule'],
      names: 'osms-dev/case-*',
    };
    expect(scheduling('notify-planner')).toEqual([caseSchedules]);
    expect(scheduling('notify-due')).toEqual([caseSchedules]);
    expect(scheduling('notify-sender')).toEqual([
      { actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'], names: 'osms-dev/deliver-*' },
    ]);
    expect(scheduling('ingest')).toEqual([]);
    expect(scheduling('bot')).toEqual([]);
  });
});

describe('dead-letter queues and the return-order queue', () => {
  it('encrypts every DLQ (they keep whole bodies) with the customer-managed key, and no main queue', () => {
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    const deadLetters = queues.filter(([id]) => /DeadLetters|SchedulerFailures/.test(id));
    expect(deadLetters).toHaveLength(9);
    for (const [, q] of deadLetters) {
      expect(named((q as { Properties: { KmsMasterKeyId: unknown } }).Properties.KmsMasterKeyId)).toEqual([
        'DataDataKey',
      ]);
    }
    for (const [id, q] of queues.filter(([id]) => !deadLetters.some(([dlq]) => dlq === id))) {
      expect((q as { Properties: Record<string, unknown> }).Properties, id).toMatchObject({
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('keeps return orders 14 days and alarms when the oldest is over an hour old', () => {
    const [outbound] = Object.entries(template.findResources('AWS::SQS::Queue')).filter(([id]) =>
      id.startsWith('WorkOutboundQueue'),
    );
    expect(outbound?.[1].Properties).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 14 * 86_400 });
    const age = resources(template, 'AWS::CloudWatch::Alarm').filter(
      (a) =>
        a.Properties.MetricName === 'ApproximateAgeOfOldestMessage' &&
        JSON.stringify(a.Properties.Dimensions).includes('WorkOutboundQueue'),
    );
    expect(age).toHaveLength(1);
    expect(age[0]?.Properties).toMatchObject({ Threshold: 3_600, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
});

describe('upstream producers (issue 12 item 1)', () => {
  const admitted = (queue: string): string[] => {
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find((p) =>
      JSON.stringify((p as { Properties: { Queues: unknown } }).Properties.Queues).includes(`Upstream${queue}Queue`),
    ) as { Properties: { PolicyDocument: { Statement: (Statement & { Principal?: { AWS: unknown } })[] } } };
    return policy.Properties.PolicyDocument.Statement.filter((s) => s.Effect === 'Allow' && s.Principal)
      .map((s) => JSON.stringify(s.Principal?.AWS))
      .sort();
  };
  const account = (principal: string) => (/^\d{12}$/.test(principal) ? `:iam::${principal}:root` : principal);

  it('admits to each queue only the principals of the producers the producer table lists for it', () => {
    const expected = {
      Payments: ['gov4c'],
      Pension: ['enpf', 'otbasy'],
      Dkk: ['mis'],
      // History: every producer may load its own past events (their pairs are checked at run time as on live queues).
      Backfill: ['enpf', 'gov4c', 'mis', 'otbasy'],
    } as const;
    for (const [queue, producers] of Object.entries(expected)) {
      const principals = admitted(queue);
      expect(principals, queue).toHaveLength(producers.length);
      for (const producer of PRODUCERS) {
        const inside = principals.some((p) => p.includes(account(PRODUCER_PRINCIPALS[producer][0] ?? '')));
        expect(inside, `${producer} on ${queue}`).toBe((producers as readonly string[]).includes(producer));
      }
    }
  });

  /** The Metrics Insights queries of the alarms, by alarm: they sum a metric over all its dimension sets. */
  const queries = () =>
    resources(template, 'AWS::CloudWatch::Alarm')
      .filter((a) => a.Properties.Metrics)
      .map((a) => {
        expect(a.Properties).toMatchObject({
          Threshold: 1,
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
        expect(a.Properties.AlarmActions).toHaveLength(1);
        const [query] = a.Properties.Metrics as { Expression: string; Period: number; ReturnData: boolean }[];
        expect(query).toMatchObject({ Period: 300, ReturnData: true });
        return query?.Expression;
      });

  it('alarms on rejected records per producer (whatever other dimensions they carry), and on unknown producers', () => {
    const rejected = queries().filter((q) => q?.includes('MessagesRejected'));
    expect(rejected.sort()).toEqual(
      [...PRODUCERS, 'unknown'].map((p) => `SELECT SUM(MessagesRejected) FROM OsmsBot WHERE producer = '${p}'`).sort(),
    );
  });

  it('alarms at once when any function finds the identity secret missing', () => {
    expect(queries().filter((q) => q?.includes('IdentitySecretMissing'))).toEqual([
      'SELECT SUM(IdentitySecretMissing) FROM OsmsBot',
    ]);
  });

  it('alarms while review items (conflicting versions) wait for an operator', () => {
    expect(queries().filter((q) => q?.includes('ReviewItemsOpen'))).toEqual([
      'SELECT SUM(ReviewItemsOpen) FROM OsmsBot',
    ]);
  });
});
