import { Visibility } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DocumentaryMailer } from '../../apps/api/src/publishing/documentary-mailer.js';
import { testConfig } from '../support/unit-fixtures.js';

function readable(raw: string): string {
  return Buffer.from(
    raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

describe('DocumentaryMailer over SMTP', () => {
  it('tells each trainer, in their language, that a consent change lowered or stopped the film, with a link', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(readable(Buffer.concat(chunks).toString('utf8')));
          done();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
      const mailer = new DocumentaryMailer(testConfig({ SMTP_URL: url }));
      const to = [
        { email: 'karim@atelier.test', language: 'fr' as const },
        { email: 'huda@atelier.test', language: 'ar' as const },
      ];
      expect(
        await mailer.send({ to, personName: 'Dawit', documentaryTitle: 'Nos voix', projectId: 'p-1', loweredTo: null }),
      ).toBe(2);
      expect(
        await mailer.send({
          to: [to[0]!],
          personName: 'Lina',
          documentaryTitle: 'Nos voix',
          projectId: 'p-1',
          loweredTo: Visibility.Unlisted,
        }),
      ).toBe(1);
      expect(received[0]).toContain("Dawit a retiré son consentement : « Nos voix » n'est plus publié.");
      expect(received[0]).toContain('https://atelier.example.org/staff/documentaries/p-1');
      expect(received[1]).toContain('سحب Dawit موافقته');
      expect(received[2]).toContain('« lien secret »');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
