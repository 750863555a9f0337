/**
 * A citizen message could not be rendered: the id is missing in that language, or Fluent reported a problem such as a
 * variable the caller did not pass. The message names the problem, never a parameter's value.
 */
export class MessageRenderError extends Error {
  readonly language: string;
  readonly key: string;

  constructor(options: { language: string; key: string; problem: string; cause?: unknown }) {
    super(`message ${options.key} (${options.language}): ${options.problem}`, { cause: options.cause });
    this.name = 'MessageRenderError';
    this.language = options.language;
    this.key = options.key;
  }
}
