import type { Language, PathwayStep } from '@atelier/contracts';

/** The words on printed documents, in every language (the web client's strings live in its i18n files). */
export interface PrintTexts {
  certificateTitle: string;
  certifies: (name: string) => string;
  attended: (hours: string, sessions: number, total: number) => string;
  programme: string;
  period: string;
  rate: string;
  steps: string;
  stepNames: Record<PathwayStep, string>;
  issued: string;
  signature: string;
  sheetTitle: string;
  name: string;
  arrival: string;
  sign: string;
}

const STEPS = {
  fr: {
    information_session: "Séance d'information",
    training_day: 'Journée de formation',
    charter_signed: 'Charte signée',
    supervision: 'Supervision',
    evaluation: 'Évaluation',
  },
  nl: {
    information_session: 'Infosessie',
    training_day: 'Vormingsdag',
    charter_signed: 'Charter ondertekend',
    supervision: 'Supervisie',
    evaluation: 'Evaluatie',
  },
  en: {
    information_session: 'Information session',
    training_day: 'Training day',
    charter_signed: 'Charter signed',
    supervision: 'Supervision',
    evaluation: 'Evaluation',
  },
  ar: {
    information_session: 'جلسة إعلامية',
    training_day: 'يوم التدريب',
    charter_signed: 'توقيع الميثاق',
    supervision: 'الإشراف',
    evaluation: 'التقييم',
  },
  'fa-AF': {
    information_session: 'جلسهٔ معلوماتی',
    training_day: 'روز آموزش',
    charter_signed: 'منشور امضا شد',
    supervision: 'نظارت',
    evaluation: 'ارزیابی',
  },
  ti: {
    information_session: 'ናይ ሓበሬታ ኣኼባ',
    training_day: 'መዓልቲ ስልጠና',
    charter_signed: 'ቻርተር ተፈሪሙ',
    supervision: 'ቍጽጽር',
    evaluation: 'ገምጋም',
  },
  uk: {
    information_session: 'Інформаційна зустріч',
    training_day: 'День навчання',
    charter_signed: 'Хартію підписано',
    supervision: 'Супервізія',
    evaluation: 'Оцінювання',
  },
} satisfies Record<Language, Record<PathwayStep, string>>;

export const PRINT_TEXTS: Record<Language, PrintTexts> = {
  fr: {
    certificateTitle: 'Attestation de participation',
    certifies: (name) => `Nous attestons que ${name} a participé au programme`,
    attended: (hours, sessions, total) => `${hours} heures de présence, ${sessions} séances sur ${total}.`,
    programme: 'Programme',
    period: 'Période',
    rate: 'Taux de présence',
    steps: 'Étapes accomplies',
    stepNames: STEPS.fr,
    issued: 'Délivrée le',
    signature: 'Signature',
    sheetTitle: 'Feuille de présence',
    name: 'Nom',
    arrival: 'Arrivée',
    sign: 'Signature',
  },
  nl: {
    certificateTitle: 'Attest van deelname',
    certifies: (name) => `Wij bevestigen dat ${name} heeft deelgenomen aan het programma`,
    attended: (hours, sessions, total) => `${hours} uur aanwezig, ${sessions} van de ${total} sessies.`,
    programme: 'Programma',
    period: 'Periode',
    rate: 'Aanwezigheid',
    steps: 'Voltooide stappen',
    stepNames: STEPS.nl,
    issued: 'Uitgereikt op',
    signature: 'Handtekening',
    sheetTitle: 'Aanwezigheidslijst',
    name: 'Naam',
    arrival: 'Aankomst',
    sign: 'Handtekening',
  },
  en: {
    certificateTitle: 'Certificate of attendance',
    certifies: (name) => `We certify that ${name} took part in the programme`,
    attended: (hours, sessions, total) => `${hours} hours attended, ${sessions} of ${total} sessions.`,
    programme: 'Programme',
    period: 'Period',
    rate: 'Attendance rate',
    steps: 'Steps completed',
    stepNames: STEPS.en,
    issued: 'Issued on',
    signature: 'Signature',
    sheetTitle: 'Sign-in sheet',
    name: 'Name',
    arrival: 'Arrival',
    sign: 'Signature',
  },
  ar: {
    certificateTitle: 'شهادة مشاركة',
    certifies: (name) => `نشهد بأن ${name} شارك في البرنامج`,
    attended: (hours, sessions, total) => `${hours} ساعة حضور، ${sessions} من ${total} جلسة.`,
    programme: 'البرنامج',
    period: 'الفترة',
    rate: 'نسبة الحضور',
    steps: 'المراحل المنجزة',
    stepNames: STEPS.ar,
    issued: 'صدرت بتاريخ',
    signature: 'التوقيع',
    sheetTitle: 'ورقة الحضور',
    name: 'الاسم',
    arrival: 'الوصول',
    sign: 'التوقيع',
  },
  'fa-AF': {
    certificateTitle: 'تصدیق‌نامهٔ اشتراک',
    certifies: (name) => `تصدیق می‌کنیم که ${name} در این برنامه اشتراک کرده است`,
    attended: (hours, sessions, total) => `${hours} ساعت حضور، ${sessions} جلسه از ${total} جلسه.`,
    programme: 'برنامه',
    period: 'دوره',
    rate: 'فیصدی حضور',
    steps: 'مراحل تکمیل‌شده',
    stepNames: STEPS['fa-AF'],
    issued: 'صادر شده به تاریخ',
    signature: 'امضا',
    sheetTitle: 'ورق حاضری',
    name: 'نام',
    arrival: 'رسیدن',
    sign: 'امضا',
  },
  ti: {
    certificateTitle: 'ምስክር ወረቐት ተሳትፎ',
    certifies: (name) => `${name} ኣብዚ መደብ ከም ዝተሳተፈ/ት ንምስክር`,
    attended: (hours, sessions, total) => `${hours} ሰዓት ተረኺቡ፣ ${sessions} ካብ ${total} ኣኼባታት።`,
    programme: 'መደብ',
    period: 'ግዜ',
    rate: 'መጠን ምርካብ',
    steps: 'ዝተዛዘሙ ስጉምትታት',
    stepNames: STEPS.ti,
    issued: 'ዝተዋህበሉ ዕለት',
    signature: 'ፌርማ',
    sheetTitle: 'ናይ ምርካብ ዝርዝር',
    name: 'ሽም',
    arrival: 'ምብጻሕ',
    sign: 'ፌርማ',
  },
  uk: {
    certificateTitle: 'Сертифікат про участь',
    certifies: (name) => `Засвідчуємо, що ${name} взяв(ла) участь у програмі`,
    attended: (hours, sessions, total) => `${hours} год присутності, ${sessions} із ${total} занять.`,
    programme: 'Програма',
    period: 'Період',
    rate: 'Відвідуваність',
    steps: 'Пройдені етапи',
    stepNames: STEPS.uk,
    issued: 'Видано',
    signature: 'Підпис',
    sheetTitle: 'Лист присутності',
    name: 'Ім’я',
    arrival: 'Прибуття',
    sign: 'Підпис',
  },
};
