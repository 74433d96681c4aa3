import type { AttendanceAlert, Language } from '@atelier/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

export const ALERT_MAIL_TEXTS: Record<
  Language,
  {
    subject: (name: string) => string;
    body: Record<AttendanceAlert['reason'], (name: string, programme: string) => string>;
    open: string;
  }
> = {
  fr: {
    subject: (n) => `Atelier : ${n} risque de décrocher`,
    body: {
      misses_in_a_row: (n, p) => `${n} a manqué plusieurs séances d'affilée de « ${p} ».`,
      below_required_rate: (n, p) => `La présence de ${n} à « ${p} » est passée sous le taux requis.`,
    },
    open: 'Voir le programme :',
  },
  nl: {
    subject: (n) => `Atelier: ${n} dreigt af te haken`,
    body: {
      misses_in_a_row: (n, p) => `${n} miste meerdere sessies na elkaar van "${p}".`,
      below_required_rate: (n, p) => `De aanwezigheid van ${n} in "${p}" zakte onder het vereiste percentage.`,
    },
    open: 'Naar het programma:',
  },
  en: {
    subject: (n) => `Atelier: ${n} may be dropping out`,
    body: {
      misses_in_a_row: (n, p) => `${n} missed several sessions in a row of "${p}".`,
      below_required_rate: (n, p) => `${n}'s attendance in "${p}" fell below the required rate.`,
    },
    open: 'Open the programme:',
  },
  ar: {
    subject: (n) => `Atelier: ${n} قد ينقطع عن الحضور`,
    body: {
      misses_in_a_row: (n, p) => `غاب ${n} عن عدة جلسات متتالية من «${p}».`,
      below_required_rate: (n, p) => `انخفضت نسبة حضور ${n} في «${p}» عن النسبة المطلوبة.`,
    },
    open: 'افتح البرنامج:',
  },
  'fa-AF': {
    subject: (n) => `Atelier: ممکن است ${n} حضور را رها کند`,
    body: {
      misses_in_a_row: (n, p) => `${n} چند جلسهٔ پی‌درپی «${p}» را غیرحاضر بوده است.`,
      below_required_rate: (n, p) => `حضور ${n} در «${p}» از فیصدی لازم پایین‌تر آمده است.`,
    },
    open: 'برنامه را باز کنید:',
  },
  ti: {
    subject: (n) => `Atelier: ${n} ከቋርጽ ይኽእል እዩ`,
    body: {
      misses_in_a_row: (n, p) => `${n} ካብ «${p}» ብዙሓት ተኸታተልቲ ኣኼባታት ተሪፉ/ፋ።`,
      below_required_rate: (n, p) => `ምርካብ ${n} ኣብ «${p}» ካብቲ ዝድለ መጠን ወሪዱ።`,
    },
    open: 'መደብ ክፈቱ፦',
  },
  uk: {
    subject: (n) => `Atelier: ${n} може припинити навчання`,
    body: {
      misses_in_a_row: (n, p) => `${n} пропустив(ла) кілька занять поспіль у «${p}».`,
      below_required_rate: (n, p) => `Відвідуваність ${n} у «${p}» опустилася нижче потрібного рівня.`,
    },
    open: 'Відкрити програму:',
  },
};

export interface AlertMail {
  to: Array<{ email: string; language: Language }>;
  participantName: string;
  programmeTitle: string;
  programmeId: string;
  reason: AttendanceAlert['reason'];
}

/** Sends attendance alerts to staff by e-mail when SMTP is configured (SMTP_URL); otherwise does nothing. */
@Injectable()
export class AlertMailer {
  private readonly logger = new Logger(AlertMailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** One message per recipient, in their language. A failure is logged, never thrown: the mark is already saved. */
  async send(mail: AlertMail): Promise<number> {
    if (!this.transport) return 0;
    let sent = 0;
    for (const recipient of mail.to) {
      const t = ALERT_MAIL_TEXTS[recipient.language] ?? ALERT_MAIL_TEXTS.en;
      try {
        await this.transport.sendMail({
          from: this.config.mailFrom,
          to: recipient.email,
          subject: t.subject(mail.participantName),
          text: `${t.body[mail.reason](mail.participantName, mail.programmeTitle)}\n\n${t.open} ${this.config.publicUrl}/staff/programmes/${mail.programmeId}\n`,
        });
        sent++;
      } catch (e) {
        this.logger.warn({ err: e, to: recipient.email }, 'Could not send an attendance alert e-mail');
      }
    }
    return sent;
  }
}
