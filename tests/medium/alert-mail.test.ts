import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AlertMailer } from '../../apps/api/src/attendance/alert-mailer.js';
import { testConfig } from '../support/unit-fixtures.js';

/** The message as a person reads it: quoted-printable soft breaks and escapes undone. */
function readable(raw: string): string {
  return Buffer.from(
    raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

/** A real SMTP conversation with a sink on loopback: what a trainer's mailbox would receive. */
async function withSmtpSink(run: (url: string, received: string[]) => Promise<void>): Promise<void> {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    await run(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, received);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe('AlertMailer over SMTP', () => {
  it('sends each staff member the alert in their language, with a link to the programme', async () => {
    await withSmtpSink(async (url, received) => {
      const mailer = new AlertMailer(testConfig({ SMTP_URL: url, MAIL_FROM: 'Atelier <alerts@atelier.test>' }));
      const sent = await mailer.send({
        to: [
          { email: 'karim@atelier.test', language: 'fr' },
          { email: 'huda@atelier.test', language: 'ar' },
        ],
        participantName: 'Dawit',
        programmeTitle: 'Cinéma pauvre',
        programmeId: 'p-1',
        reason: 'misses_in_a_row',
      });
      expect(sent).toBe(2);
      expect(received).toHaveLength(2);
      const [fr, ar] = (received as [string, string]).map(readable) as [string, string];
      expect(fr).toContain('To: karim@atelier.test');
      expect(fr).toContain('Dawit a manqué plusieurs séances');
      expect(fr).toContain('https://atelier.example.org/staff/programmes/p-1');
      expect(ar).toContain('To: huda@atelier.test');
      expect(ar).toContain('غاب Dawit عن عدة جلسات متتالية');
    });
  });

  it('does nothing, and says so, when no SMTP server is configured', async () => {
    const mailer = new AlertMailer(testConfig());
    expect(mailer.enabled).toBe(false);
    expect(
      await mailer.send({
        to: [{ email: 'x@atelier.test', language: 'en' }],
        participantName: 'A',
        programmeTitle: 'P',
        programmeId: 'p',
        reason: 'below_required_rate',
      }),
    ).toBe(0);
  });

  it('logs and carries on when the server refuses, so a saved mark is never lost to a mail failure', async () => {
    const mailer = new AlertMailer(testConfig({ SMTP_URL: 'smtp://127.0.0.1:1' }));
    expect(
      await mailer.send({
        to: [{ email: 'x@atelier.test', language: 'nl' }],
        participantName: 'A',
        programmeTitle: 'P',
        programmeId: 'p',
        reason: 'misses_in_a_row',
      }),
    ).toBe(0);
  });
});
