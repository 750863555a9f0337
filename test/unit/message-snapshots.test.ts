import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/messages/format';
import { notificationText } from '../../shared/messages/notification-text';
import { MESSAGE_KEYS, renderMessage } from '../../shared/messages/render';
import { sampleParams } from './message-params';

/**
 * Every message id in both languages with realistic parameters, against reviewed snapshots: a wording change shows
 * as a diff in test/unit/__snapshots__/message-snapshots.test.ts.snap, to be read as a native reader would.
 */
describe.each(LANGUAGES)('every message in %s', (language) => {
  const params = sampleParams(language);
  it.each(MESSAGE_KEYS)('%s reads as reviewed', (key) => {
    expect(renderMessage(language, key, params[key])).toMatchSnapshot();
  });
});

describe('pushes of issue 14 item 10', () => {
  it.each(LANGUAGES)('says "today is the last day" on the deadline day, never "0 days left" (%s)', (language) => {
    const text = notificationText(language, 'documents_reminder', {
      deadline: '2026-06-02',
      workingDaysLeft: 0,
      elapsed: 45,
      total: 45,
    });
    expect(text).toContain(language === 'kk' ? 'Бүгін' : 'Сегодня');
    expect(text).not.toMatch(/(^|\s)0 (жұмыс|рабоч)/);
    expect(text).toContain('▓▓▓▓▓▓▓▓▓▓');
    expect(text).toMatchSnapshot();
  });

  it.each(LANGUAGES)('tells the good news when documents arrive (%s)', (language) => {
    const text = notificationText(language, 'documents_received', { receivedOn: '2026-04-28', deadline: '2026-05-13' });
    expect(text).toContain(language === 'kk' ? 'Қуанышты хабар' : 'Хорошая новость');
    expect(text).toContain(language === 'kk' ? '2026 жылғы 28 сәуір' : '28 апреля 2026 г.');
    expect(text).toMatchSnapshot();
  });
});
