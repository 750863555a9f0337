import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a running local stack says where its parts are (read by `npm run chat` and `npm run ops`):
 * `.local/stack.json`, or the file named by `LOCAL_STACK_STATE`, so that a stack started by a test run neither
 * overwrites nor removes the state of another stack on the same machine.
 */
export const STATE_FILE_VARIABLE = 'LOCAL_STACK_STATE';
export function stateFile(env: NodeJS.ProcessEnv = process.env): string {
  return env[STATE_FILE_VARIABLE] || join('.local', 'stack.json');
}
export const LOCAL_TABLE = 'osms-local';
/** The identity key of the local stack — development only; the cloud's lives in Secrets Manager. */
export const LOCAL_IDENTITY_SECRET = 'local-development-identity-key-not-a-secret';

export interface StackState {
  http: string;
  dynamodb: string;
  table: string;
  telegram: { fake: true; apiRoot: string; token: string } | { fake: false };
  pid: number;
}

export class StackNotRunningError extends Error {
  constructor() {
    super('the local stack is not running: start it with npm start');
    this.name = 'StackNotRunningError';
  }
}

export function readStackState(): StackState {
  const file = stateFile();
  if (!existsSync(file)) throw new StackNotRunningError();
  return JSON.parse(readFileSync(file, 'utf8')) as StackState;
}
