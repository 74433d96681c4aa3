import type { Language } from '@atelier/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

export const RESET_MAIL_TEXTS: Record<Language, { subject: string; body: (name: string, hours: number) => string }> = {
  fr: {
    subject: 'Atelier : choisir un nouveau mot de passe',
    body: (n, h) =>
      `Bonjour ${n},\n\nOuvrez ce lien pour choisir un nouveau mot de passe (valable ${h} h, une seule fois) :`,
  },
  nl: {
    subject: 'Atelier: kies een nieuw wachtwoord',
    body: (n, h) => `Hallo ${n},\n\nOpen deze link om een nieuw wachtwoord te kiezen (${h} u geldig, één keer):`,
  },
  en: {
    subject: 'Atelier: choose a new password',
    body: (n, h) => `Hello ${n},\n\nOpen this link to choose a new password (valid for ${h} h, once):`,
  },
  ar: {
    subject: 'Atelier: اختر كلمة مرور جديدة',
    body: (n, h) => `مرحبًا ${n}،\n\nافتح هذا الرابط لاختيار كلمة مرور جديدة (صالح لمدة ${h} ساعة، مرة واحدة):`,
  },
  'fa-AF': {
    subject: 'Atelier: یک رمز عبور نو انتخاب کنید',
    body: (n, h) =>
      `سلام ${n}،\n\nاین لینک را باز کنید تا یک رمز عبور نو انتخاب کنید (${h} ساعت اعتبار دارد، فقط یک بار):`,
  },
  ti: {
    subject: 'Atelier: ሓድሽ መሕለፊ ቃል ምረጹ',
    body: (n, h) => `ሰላም ${n}፣\n\nሓድሽ መሕለፊ ቃል ንምምራጽ ነዚ መላግቦ ክፈቱ (ን${h} ሰዓት ዝሰርሕ፣ ሓንሳብ ጥራይ)፦`,
  },
  uk: {
    subject: 'Atelier: виберіть новий пароль',
    body: (n, h) => `Вітаємо, ${n}!\n\nВідкрийте це посилання, щоб вибрати новий пароль (діє ${h} год, лише один раз):`,
  },
};

export interface ResetMail {
  to: { email: string; language: Language; displayName: string };
  resetUrl: string;
}

/** E-mails password reset links when SMTP is configured (SMTP_URL), like the attendance alerts. */
@Injectable()
export class PasswordResetMailer {
  private readonly logger = new Logger(PasswordResetMailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  enabled(): boolean {
    return this.transport !== null;
  }

  /** True when the message was handed to the SMTP server; a failure is logged, never thrown. */
  async send(mail: ResetMail): Promise<boolean> {
    if (!this.transport) return false;
    const t = RESET_MAIL_TEXTS[mail.to.language] ?? RESET_MAIL_TEXTS.en;
    try {
      await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to.email,
        subject: t.subject,
        text: `${t.body(mail.to.displayName, this.config.passwordResetHours)}\n${mail.resetUrl}\n`,
      });
      return true;
    } catch (e) {
      this.logger.warn({ err: e, to: mail.to.email }, 'Could not send a password reset e-mail');
      return false;
    }
  }
}
