import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';

/** One principal per producer, so a test can tell whose principal a queue admits. */
export const PRODUCER_PRINCIPALS = {
  gov4c: ['arn:aws:iam::111111111111:role/gov4c-payments-producer'],
  otbasy: ['arn:aws:iam::222222222222:role/otbasy-cases-producer'],
  enpf: ['arn:aws:iam::333333333333:role/enpf-producer'],
  mis: ['444444444444'],
};

export const BOT_INFO = {
  id: 7000000001,
  is_bot: true,
  first_name: 'OSMS test',
  username: 'osms_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

export const OPERATOR = '555555555555';

export function stageContext(stage: 'dev' | 'prod', overrides: Record<string, unknown> = {}) {
  return {
    stage,
    producers: PRODUCER_PRINCIPALS,
    operatorConsumers: [OPERATOR],
    botInfo: BOT_INFO,
    supportContact: '@osms_support',
    // Synthesises without bundling the functions (`npm run synth` bundles them for real).
    'aws:cdk:bundling-stacks': [],
    ...overrides,
  };
}

export function synth(stage: 'dev' | 'prod', overrides: Record<string, unknown> = {}) {
  const app = new App({ context: stageContext(stage, overrides) });
  const { stack } = buildApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}

export type Resource = { Properties: Record<string, unknown>; [key: string]: unknown };

export const resources = (template: Template, type: string) =>
  Object.values(template.findResources(type)) as Resource[];

export const entries = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, Resource][];

/** The logical id of the one function whose POWERTOOLS_SERVICE_NAME is `service`. */
export function functionId(template: Template, service: string): string {
  const found = entries(template, 'AWS::Lambda::Function').filter(
    ([, fn]) =>
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME ===
      service,
  );
  if (found.length !== 1) throw new Error(`expected one function of service ${service}, found ${found.length}`);
  return found[0]?.[0] ?? '';
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the IAM policies attached to the role of the function of `service`. */
export function statementsOf(template: Template, service: string): Statement[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionId(template, service)] as Resource;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

export const actionsOf = (statement: Statement) => [statement.Action].flat();
