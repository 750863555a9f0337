import { describe, expect, it } from 'vitest';
import { botConfig } from '../../functions/bot/config';
import { ingestConfig } from '../../functions/ingest/config';
import { dueConfig, plannerConfig, senderConfig } from '../../functions/notify/config';
import { ConfigurationError } from '../../shared/contracts/config';
import { BOT_INFO, functionId, type Resource, synth } from './synth';

const { template } = synth('dev');
const ACCOUNT = '123456789012';
const REGION = 'ap-southeast-1';
const all = template.toJSON().Resources as Record<string, Resource & { Type: string }>;

/**
 * Resolves the CloudFormation intrinsics of a synthesized value to what they become at deploy time, with plausible
 * fake account-level values: a queue's `Ref` is its URL, a table's and a secret's `Ref` their name or ARN, `Arn` an
 * ARN of the resource's service.
 */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Ref' in node) return ref(String(node.Ref));
  if ('Fn::GetAtt' in node) {
    const [id, attribute] = node['Fn::GetAtt'] as [string, string];
    if (attribute === 'QueueUrl') return ref(id);
    if (attribute !== 'Arn') throw new Error(`unexpected attribute ${attribute}`);
    return arnOf(id);
  }
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

function ref(id: string): string {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': ACCOUNT,
    'AWS::Region': REGION,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (pseudo[id]) return pseudo[id];
  const resource = all[id];
  if (resource?.Type === 'AWS::SQS::Queue') return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${id}`;
  if (resource?.Type === 'AWS::DynamoDB::GlobalTable') return String(resource.Properties.TableName ?? id);
  return arnOf(id);
}

function arnOf(id: string): string {
  const service = all[id]?.Type.split('::')[1]?.toLowerCase() ?? 'unknown';
  return `arn:aws:${service}:${REGION}:${ACCOUNT}:${id}`;
}

/** The environment a function gets at deploy time. */
function environmentOf(service: string): NodeJS.ProcessEnv {
  const fn = template.findResources('AWS::Lambda::Function')[functionId(template, service)] as Resource;
  const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
  return Object.fromEntries(Object.entries(Variables).map(([name, value]) => [name, resolve(value)]));
}

describe("each synthesized function's environment passes its own config schema", () => {
  it('ingest: the upstream queues by ARN, each named as in the producer table', () => {
    const config = ingestConfig(environmentOf('ingest'));
    expect(Object.values(config.UPSTREAM_QUEUES).sort()).toEqual(['backfill', 'dkk', 'payments', 'pension']);
    expect(Object.keys(config.DEAD_LETTER_QUEUES).sort()).toEqual(Object.keys(config.UPSTREAM_QUEUES).sort());
  });

  it('planner, due handler and sender: each its own, and only the due handler has the return-order queue', () => {
    const planner = environmentOf('notify-planner');
    const due = environmentOf('notify-due');
    const sender = environmentOf('notify-sender');
    expect(plannerConfig(planner).DUE_QUEUE_URL).toMatch(/^https:\/\/sqs\./);
    expect(dueConfig(due).OUTBOUND_QUEUE_URL).toContain('WorkOutboundQueue');
    expect(senderConfig(sender).TELEGRAM_TOKEN_SECRET_NAME).toBe('osms-dev/telegram-bot-token');
    expect(() => dueConfig(planner)).toThrow(ConfigurationError);
    expect(() => dueConfig(sender)).toThrow(/OUTBOUND_QUEUE_URL/);
    expect(planner.TELEGRAM_TOKEN_SECRET_NAME).toBeUndefined();
    expect(due.TELEGRAM_TOKEN_SECRET_NAME).toBeUndefined();
  });

  it('bot: botInfo and the support contact from context, the webhook secret by name (never its value)', () => {
    const environment = environmentOf('bot');
    const config = botConfig(environment);
    expect(config.BOT_INFO).toMatchObject(BOT_INFO);
    expect(config.SUPPORT_CONTACT).toBe('@osms_support');
    expect(config.WEBHOOK_SECRET_NAME).toBe('osms-dev/webhook-secret');
    expect(environment.OUTBOUND_QUEUE_URL).toBeUndefined();
  });

  it('names a missing or malformed variable, never its value', () => {
    const environment = environmentOf('bot');
    expect(() => botConfig({ ...environment, BOT_INFO: '{"id":1}' })).toThrow(/^bot configuration: BOT_INFO\./);
    expect(() => botConfig({ ...environment, BOT_INFO: 'secret-looking text' })).toThrow(
      "bot configuration: BOT_INFO: must be a JSON object of the bot's getMe result",
    );
    expect(() => ingestConfig({ ...environmentOf('ingest'), UPSTREAM_QUEUES: '{"arn:aws:sqs:x":"other"}' })).toThrow(
      /UPSTREAM_QUEUES/,
    );
  });
});
