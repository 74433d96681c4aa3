import type { Language, Visibility } from '@atelier/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

type Names = Record<Visibility, string>;

export const WITHDRAWAL_MAIL_TEXTS: Record<
  Language,
  {
    visibility: Names;
    subject: (title: string) => string;
    unpublished: (who: string, title: string) => string;
    lowered: (who: string, title: string, to: string) => string;
    open: string;
  }
> = {
  fr: {
    visibility: { organisation: 'organisation seulement', unlisted: 'lien secret', public: 'public' },
    subject: (t) => `Atelier : « ${t} » a changé suite à un consentement`,
    unpublished: (w, t) => `${w} a retiré son consentement : « ${t} » n'est plus publié.`,
    lowered: (w, t, to) => `${w} a réduit son consentement : « ${t} » est maintenant visible en « ${to} ».`,
    open: 'Voir le documentaire :',
  },
  nl: {
    visibility: { organisation: 'alleen organisatie', unlisted: 'geheime link', public: 'openbaar' },
    subject: (t) => `Atelier: "${t}" is gewijzigd na een toestemming`,
    unpublished: (w, t) => `${w} heeft de toestemming ingetrokken: "${t}" is niet meer gepubliceerd.`,
    lowered: (w, t, to) => `${w} heeft de toestemming beperkt: "${t}" is nu zichtbaar als "${to}".`,
    open: 'Naar de documentaire:',
  },
  en: {
    visibility: { organisation: 'organisation only', unlisted: 'secret link', public: 'public' },
    subject: (t) => `Atelier: "${t}" changed after a consent change`,
    unpublished: (w, t) => `${w} withdrew their consent: "${t}" is no longer published.`,
    lowered: (w, t, to) => `${w} narrowed their consent: "${t}" is now visible as "${to}".`,
    open: 'Open the documentary:',
  },
  ar: {
    visibility: { organisation: 'المنظمة فقط', unlisted: 'رابط سري', public: 'عام' },
    subject: (t) => `Atelier: تغيّر «${t}» بعد تغيير في الموافقة`,
    unpublished: (w, t) => `سحب ${w} موافقته: لم يعد «${t}» منشورًا.`,
    lowered: (w, t, to) => `قلّص ${w} موافقته: أصبح «${t}» مرئيًا كـ «${to}».`,
    open: 'افتح الفيلم الوثائقي:',
  },
  'fa-AF': {
    visibility: { organisation: 'فقط موسسه', unlisted: 'لینک مخفی', public: 'عمومی' },
    subject: (t) => `Atelier: «${t}» پس از تغییر در رضایت تغییر کرد`,
    unpublished: (w, t) => `${w} رضایت خود را پس گرفت: «${t}» دیگر نشر نمی‌شود.`,
    lowered: (w, t, to) => `${w} رضایت خود را محدود کرد: «${t}» اکنون به شکل «${to}» دیده می‌شود.`,
    open: 'فلم مستند را باز کنید:',
  },
  ti: {
    visibility: { organisation: 'ትካል ጥራይ', unlisted: 'ምስጢራዊ መላግቦ', public: 'ህዝባዊ' },
    subject: (t) => `Atelier: «${t}» ድሕሪ ለውጢ ፍቓድ ተቐይሩ`,
    unpublished: (w, t) => `${w} ፍቓዱ/ዳ ስሒቡ/ባ፦ «${t}» ደጊም ኣይዝርጋሕን እዩ።`,
    lowered: (w, t, to) => `${w} ፍቓዱ/ዳ ኣጽቢቡ/ባ፦ «${t}» ሕጂ ከም «${to}» ይርአ።`,
    open: 'ዶክመንታሪ ክፈቱ፦',
  },
  uk: {
    visibility: { organisation: 'лише організація', unlisted: 'таємне посилання', public: 'публічно' },
    subject: (t) => `Atelier: «${t}» змінено після зміни згоди`,
    unpublished: (w, t) => `${w} відкликав(ла) свою згоду: «${t}» більше не опубліковано.`,
    lowered: (w, t, to) => `${w} обмежив(ла) свою згоду: «${t}» тепер видно як «${to}».`,
    open: 'Відкрити документальний фільм:',
  },
};

export interface WithdrawalMail {
  to: Array<{ email: string; language: Language }>;
  personName: string;
  documentaryTitle: string;
  projectId: string;
  /** null: unpublished. */
  loweredTo: Visibility | null;
}

/** Tells staff by e-mail (when SMTP_URL is set) that a consent change lowered or stopped a documentary. */
@Injectable()
export class DocumentaryMailer {
  private readonly logger = new Logger(DocumentaryMailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** One message per recipient, in their language. Failures are logged: the change is already saved. */
  async send(mail: WithdrawalMail): Promise<number> {
    if (!this.transport) return 0;
    let sent = 0;
    for (const r of mail.to) {
      const t = WITHDRAWAL_MAIL_TEXTS[r.language] ?? WITHDRAWAL_MAIL_TEXTS.en;
      const line = mail.loweredTo
        ? t.lowered(mail.personName, mail.documentaryTitle, t.visibility[mail.loweredTo])
        : t.unpublished(mail.personName, mail.documentaryTitle);
      try {
        await this.transport.sendMail({
          from: this.config.mailFrom,
          to: r.email,
          subject: t.subject(mail.documentaryTitle),
          text: `${line}\n\n${t.open} ${this.config.publicUrl}/staff/documentaries/${mail.projectId}\n`,
        });
        sent++;
      } catch (e) {
        this.logger.warn({ err: e, to: r.email }, 'Could not send a documentary consent e-mail');
      }
    }
    return sent;
  }
}
