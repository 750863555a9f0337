import { readFileSync } from 'node:fs';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { MessageRenderError } from './errors';
import { type Language, LOCALES } from './format';

/** Every citizen message id (notifications and the bot's texts), kept by hand in step with kk.ftl and ru.ftl (a unit test compares them). */
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
  'return-withdrawn',
  'unlinked-phone-changed',
  'forecast-note',
  'bot-welcome',
  'bot-consent',
  'bot-ask-contact',
  'bot-contact-not-own',
  'bot-ask-iin',
  'bot-iin-not-12-digits',
  'bot-iin-century-digit',
  'bot-iin-birth-date',
  'bot-iin-check-digit',
  'bot-link-refused',
  'bot-link-limit',
  'bot-linked',
  'bot-need-link',
  'bot-menu',
  'bot-not-understood',
  'bot-rate-limited',
  'button-agree',
  'button-kazakh',
  'button-russian',
  'button-share-contact',
  'button-status',
  'button-payments',
  'button-case',
  'button-reminders',
  'button-language',
  'button-help',
  'button-forget-confirm',
  'button-cancel',
  'button-menu',
  'button-reminder-pension',
  'button-reminder-coverage',
  'status-insured',
  'status-conditionally-insured',
  'status-not-insured',
  'status-no-payments',
  'payments-header',
  'payments-month-paid',
  'payments-month-missing',
  'payments-month-not-due',
  'payments-month-under-review',
  'payments-month-exempt',
  'payments-month-rejected',
  'payer-employer',
  'payer-employee',
  'payer-individual-entrepreneur',
  'payer-self-paid',
  'payer-single-aggregate',
  'payer-platform',
  'payer-state',
  'case-none',
  'case-header',
  'case-countdown',
  'case-transfer-due',
  'case-next-step',
  'case-contact',
  'reminders-header',
  'language-choose',
  'language-set',
  'help',
  'forget-confirm',
  'forget-done',
  'forget-cancelled',
  'command-start',
  'command-status',
  'command-payments',
  'command-case',
  'command-reminders',
  'command-language',
  'command-help',
  'command-forget',
  'bot-linked-elsewhere',
  'case-deadline-today',
  'case-deadline-passed',
  'case-under-review',
  'case-credited-again',
  'case-rejection-reason',
  'case-documents-rejected',
  'case-documents-header',
  'case-document',
  'case-paid-remainder',
  'case-exchange-difference',
  'documents-rejected',
  'remainder-returned',
  // insurance (helper): who pays decides what we say (issue 13 items 1–4)
  'coverage-ending-self',
  'coverage-ending-employer',
  'coverage-ending-state',
  'coverage-ending-single-aggregate',
  'coverage-ended-self',
  'coverage-ended-employer',
  'coverage-ended-state',
  'coverage-ended-single-aggregate',
  'status-exempt',
  'status-exempt-until',
  'status-single-aggregate',
  'status-owed-self',
  'status-owed-employer',
  'status-owed-state',
  'status-consecutive-months',
  // issue 14: the citizen's screens
  'documents-received',
  'payments-data-from',
  'payments-no-data',
  'payments-month-rejected-more',
  'case-working-days-note',
  'case-calendar-forecast',
  'privacy',
  'command-privacy',
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
