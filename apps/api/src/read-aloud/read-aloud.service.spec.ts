import { ErrorCode, Role } from '@atelier/contracts';
import type { StorageRepository } from '@atelier/storage';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, fixedClock, staff } from '../../../../tests/support/unit-fixtures.js';
import { RateLimiter } from '../auth/rate-limiter.js';
import type { Clock } from '../common/clock.js';
import type { MediaFiles } from '../storage/media-files.js';
import { READ_ALOUD_NEW_TEXTS, READ_ALOUD_WINDOW_SECONDS, ReadAloudService } from './read-aloud.service.js';
import type { SpeechRepository } from './speech.repository.js';
import type { UiTextsRepository } from './ui-texts.repository.js';

function newTestService() {
  const time = fixedClock();
  const mocks = {
    storage: strictMock<StorageRepository>('storage'),
    speech: strictMock<SpeechRepository>('speech'),
    files: strictMock<MediaFiles>('files'),
    uiTexts: strictMock<UiTextsRepository>('uiTexts'),
  };
  const stored = new Set<string>();
  mocks.storage.stat.mockImplementation(async (key: string) =>
    stored.has(key) ? { size: 1000, contentType: 'audio/webm' } : null,
  );
  mocks.storage.putFile.mockImplementation(async (key: string) => void stored.add(key));
  mocks.speech.speak.mockImplementation(async () => ({ folder: '/tmp/x', webm: '/tmp/x/a.webm', m4a: '/tmp/x/a.m4a' }));
  mocks.speech.discard.mockImplementation(async () => undefined);
  const sut = new ReadAloudService(
    as<StorageRepository>(mocks.storage),
    as<SpeechRepository>(mocks.speech),
    new RateLimiter(as<Clock>(time.clock)),
    as<MediaFiles>(mocks.files),
    as<UiTextsRepository>(mocks.uiTexts),
  );
  return { sut, mocks, time };
}

const participant = staff({ userId: 'u-rania', role: Role.Participant, sessionKind: 'device' });

describe(ReadAloudService.name, () => {
  it('counts only new texts against the limit: a person can replay stored ones as often as they like', async () => {
    const { sut, mocks, time } = newTestService();
    for (let i = 0; i < READ_ALOUD_NEW_TEXTS; i++) await sut.speak(participant, { language: 'fr', text: `texte ${i}` });
    for (let i = 0; i < 100; i++) await sut.speak(participant, { language: 'fr', text: 'texte 0' });
    expect(mocks.speech.speak).toHaveBeenCalledTimes(READ_ALOUD_NEW_TEXTS);

    await expect(sut.speak(participant, { language: 'fr', text: 'un de trop' })).rejects.toMatchObject({
      code: ErrorCode.RateLimited,
    });
    // Another person is not held back by this one; the same person may go on after the window.
    await sut.speak(staff({ userId: 'u-other' }), { language: 'fr', text: 'un de trop' });
    time.advance(READ_ALOUD_WINDOW_SECONDS * 1000);
    await sut.speak(participant, { language: 'fr', text: 'encore un' });
    expect(mocks.speech.speak).toHaveBeenCalledTimes(READ_ALOUD_NEW_TEXTS + 2);
  });

  it('runs espeak once when several phones ask for the same new sentence at the same moment', async () => {
    const { sut, mocks } = newTestService();
    const answers = await Promise.all(
      [1, 2, 3].map((n) => sut.speak(staff({ userId: `u-${n}` }), { language: 'ar', text: 'الجلسة القادمة' })),
    );
    expect(new Set(answers.map((a) => a.webm)).size).toBe(1);
    expect(mocks.speech.speak).toHaveBeenCalledTimes(1);
    expect(mocks.speech.speak).toHaveBeenCalledWith('ar', 'الجلسة القادمة');
  });

  it('refuses a language without a voice before anything else, and empty text', async () => {
    const { sut, mocks } = newTestService();
    await expect(sut.speak(participant, { language: 'ti', text: 'ሰላም' })).rejects.toMatchObject({
      code: ErrorCode.NoVoiceForLanguage,
      details: { language: 'ti' },
    });
    await expect(sut.speakScreen('203.0.113.9', { language: 'ti', keys: ['join.title'] })).rejects.toMatchObject({
      code: ErrorCode.NoVoiceForLanguage,
    });
    await expect(sut.speak(participant, { language: 'fr', text: ' \n\t ' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(mocks.speech.speak).not.toHaveBeenCalled();
  });

  it('speaks a signed-out screen only from UI strings, joined in order', async () => {
    const { sut, mocks } = newTestService();
    const strings: Record<string, string | null> = {
      'join.title': 'Typ je code',
      'join.lead': 'Een code van 8 tekens.',
    };
    mocks.uiTexts.text.mockImplementation(async (_: string, key: string) => strings[key] ?? null);
    await sut.speakScreen('203.0.113.9', { language: 'nl', keys: ['join.title', 'join.lead'] });
    expect(mocks.speech.speak).toHaveBeenCalledWith('nl', 'Typ je code Een code van 8 tekens.');
    await expect(
      sut.speakScreen('203.0.113.9', { language: 'nl', keys: ['join.title', 'anything.else'] }),
    ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { keys: ['anything.else'] } });
  });
});
