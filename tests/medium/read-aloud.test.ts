import { loadConfig, type AppConfig } from '@atelier/config';
import { ErrorCode, Role } from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { RateLimiter } from '../../apps/api/src/auth/rate-limiter.js';
import { Clock } from '../../apps/api/src/common/clock.js';
import { ReadAloudService } from '../../apps/api/src/read-aloud/read-aloud.service.js';
import { SpeechRepository } from '../../apps/api/src/read-aloud/speech.repository.js';
import { UiTextsRepository } from '../../apps/api/src/read-aloud/ui-texts.repository.js';
import { MediaFiles } from '../../apps/api/src/storage/media-files.js';
import { SmallImages } from '../../apps/api/src/storage/small-images.js';

let storage: StorageRepository;
let speech: SpeechRepository;
let sut: ReadAloudService;

const participant = (): AuthUser => ({
  userId: randomUUID(),
  organisationId: randomUUID(),
  role: Role.Participant,
  sessionId: randomUUID(),
  sessionKind: 'device',
});

async function bytesOf(stream: AsyncIterable<Buffer> | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) chunks.push(chunk);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  const config: AppConfig = loadConfig({ ...process.env, S3_BUCKET: 'atelier-medium' });
  storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  speech = new SpeechRepository();
  const uiTexts = new UiTextsRepository({ ...config, webDist: null }); // the sources' apps/web/public/i18n
  sut = new ReadAloudService(
    storage,
    speech,
    new RateLimiter(new Clock()),
    new MediaFiles(storage, new SmallImages(storage)),
    uiTexts,
  );
});

describe('Read-aloud against espeak-ng, ffmpeg and the S3 server', () => {
  it('speaks a new text once, then serves it from storage without running espeak-ng again', async () => {
    const speak = jest.spyOn(speech, 'speak');
    const text = `Prochaine séance : mardi à 14 heures (${randomUUID()})`;

    const first = await sut.speak(participant(), { language: 'fr', text });
    expect(speak).toHaveBeenCalledTimes(1);
    expect(speak.mock.calls[0]![0]).toBe('fr-be');
    expect(first.webm).toBe(`/api/read-aloud/fr/${first.hash}.webm`);

    // Another phone, the same sentence with other white space: the stored audio, no espeak run.
    const again = await sut.speak(participant(), { language: 'fr', text: `  ${text.replace(' ', '\n  ')} ` });
    expect(again).toEqual(first);
    expect(speak).toHaveBeenCalledTimes(1);

    const webm = await sut.file('fr', `${first.hash}.webm`, undefined);
    expect(webm.status).toBe(200);
    expect(webm.headers['Content-Type']).toBe('audio/webm');
    expect(webm.headers['Cache-Control']).toContain('immutable');
    const bytes = await bytesOf(webm.body);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // the EBML (WebM) signature
    const m4a = await sut.file('fr', `${first.hash}.m4a`, undefined);
    expect(m4a.headers['Content-Type']).toBe('audio/mp4');
    expect((await bytesOf(m4a.body)).subarray(4, 8).toString()).toBe('ftyp');
    speak.mockRestore();
  });

  it('speaks Dari with the Persian voice and Ukrainian with its own', async () => {
    const speak = jest.spyOn(speech, 'speak');
    await sut.speak(participant(), { language: 'fa-AF', text: `جلسه بعدی ${randomUUID()}` });
    await sut.speak(participant(), { language: 'uk', text: `Наступне заняття ${randomUUID()}` });
    expect(speak.mock.calls.map((c) => c[0])).toEqual(['fa', 'uk']);
    speak.mockRestore();
  });

  it('says there is no voice for Tigrinya rather than reading it in another language', async () => {
    const speak = jest.spyOn(speech, 'speak');
    await expect(sut.speak(participant(), { language: 'ti', text: 'ቀጻሊ ኣኼባ' })).rejects.toMatchObject({
      code: ErrorCode.NoVoiceForLanguage,
    });
    await expect(sut.speak(participant(), { language: 'xx', text: 'hello' })).rejects.toMatchObject({
      code: ErrorCode.NoVoiceForLanguage,
    });
    expect(speak).not.toHaveBeenCalled();
    speak.mockRestore();
  });

  it('speaks a signed-out screen by its translation keys, and nothing that is not a UI string', async () => {
    const speak = jest.spyOn(speech, 'speak');
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const join = await sut.speakScreen(ip, { language: 'nl', keys: ['join.title', 'join.lead'] });
    const again = await sut.speakScreen(ip, { language: 'nl', keys: ['join.title', 'join.lead'] });
    expect(again.webm).toBe(join.webm);
    expect(speak.mock.calls.length).toBeLessThanOrEqual(1); // once, or none when another run stored it
    // A key that is not in the file, one that takes parameters, the same keys in a language with no file.
    for (const keys of [['join.nothingHere'], ['home.greeting'], ['join']]) {
      await expect(sut.speakScreen(ip, { language: 'nl', keys })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
      });
    }
    await expect(sut.speakScreen(ip, { language: 'fa', keys: ['join.title'] })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    speak.mockRestore();
  });

  it('does not serve a text nobody asked to speak, nor a path outside the read-aloud folder', async () => {
    await expect(sut.file('fr', `${'0'.repeat(64)}.webm`, undefined)).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    await expect(sut.file('..', `${'0'.repeat(64)}.webm`, undefined)).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    await expect(sut.file('fr', 'speech.wav', undefined)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
