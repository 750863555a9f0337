import { readFileSync } from 'node:fs';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { MessageRenderError } from './errors';
import { type Language, LOCALES } from './format';

/** Every citizen message id, kept by hand in step with kk.ftl and ru.ftl (a unit test compares them). */
export const MESSAGE_KEYS = [
  'funds-credited',
  'dkk-arrived',
  'documents-reminder',
  'deadline-passed',
  'money-returned',
  'paid-to-clinic',
  'transfer-overdue',
  'coverage-ending',
  'coverage-ended',
  'coverage-restored',
  'forecast-note',
] as const;

export type MessageKey = (typeof MESSAGE_KEYS)[number];

/** Dates and money arrive formatted (format.ts); counts arrive as numbers so Fluent picks the plural form. */
export type MessageParams = Record<string, string | number>;

interface LoadedLanguage {
  readonly bundle: FluentBundle;
  /** Message ids in file order (terms, whose ids start with `-`, are not messages). */
  readonly keys: readonly string[];
}

let loaded: Readonly<Record<Language, LoadedLanguage>> | undefined;

function load(language: Language): LoadedLanguage {
  // The Lambda bundle must copy shared/messages/*.ftl next to the bundled code (esbuild does not inline them).
  const source = readFileSync(new URL(`./${language}.ftl`, import.meta.url), 'utf8');
  // Isolation marks (U+2068/U+2069) around placeables would show up as stray characters in Telegram.
  const bundle = new FluentBundle(LOCALES[language], { useIsolating: false });
  const resource = new FluentResource(source);
  const errors = bundle.addResource(resource);
  if (errors.length > 0) {
    throw new MessageRenderError({
      language,
      key: '*',
      problem: errors.map((error) => error.message).join('; '),
      cause: errors[0],
    });
  }
  const keys = resource.body.map((entry) => entry.id).filter((id) => !id.startsWith('-'));
  return { bundle, keys };
}

/** Both languages are parsed once, on first use, and kept for the life of the process. */
function languages(): Readonly<Record<Language, LoadedLanguage>> {
  loaded ??= { kk: load('kk'), ru: load('ru') };
  return loaded;
}

/**
 * The text of a citizen message. Throws MessageRenderError when the id is missing in that language or Fluent reports
 * any problem (a variable not passed, an unknown selector), so a half-rendered text is never sent.
 */
export function renderMessage(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const { bundle } = languages()[language];
  const message = bundle.getMessage(key);
  if (!message?.value) throw new MessageRenderError({ language, key, problem: 'no such message' });
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, params, errors);
  if (errors.length > 0) {
    throw new MessageRenderError({
      language,
      key,
      problem: errors.map((error) => error.message).join('; '),
      cause: errors[0],
    });
  }
  return text;
}

/** The message ids present in one language's bundle. */
export function messageKeys(language: Language): string[] {
  return [...languages()[language].keys];
}
