import type { TestProject } from 'vitest/node';
import { type RunningDynamoDb, startDynamoDbLocal } from '../../tools/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

let engine: RunningDynamoDb | undefined;

export async function setup(project: TestProject) {
  engine = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', engine.endpoint);
}

export async function teardown() {
  await engine?.stop();
}
