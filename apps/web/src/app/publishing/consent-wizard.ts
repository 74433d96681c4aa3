import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { CreditName, type MyConsent } from '@atelier/contracts';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';
import { ActionQueue } from '../core/action-queue';
import { OfflineCopy } from '../core/offline-copy';
import { toShownError, type ShownError } from '../core/api-error';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';
import {
  AUDIENCE_OPTIONS,
  CONSENT_STEPS,
  NAME_OPTIONS,
  choiceFrom,
  draftFrom,
  type ConsentDraft,
  type ConsentStep,
} from './consent-choice';
import { MyConsentApi } from './publishing-api';
import { ReadAloud } from '../shared/read-aloud';
import { BusyIcon } from '../shared/busy-icon';

/**
 * A participant says what they accept for one film, on their phone: one short question per screen,
 * big yes/no tiles with icons, a button that reads the question aloud, and a summary before saving.
 */
@Component({
  selector: 'app-consent-wizard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    ErrorMessage,
    Icon,
    MatButton,
    MatProgressSpinner,
    ReadAloud,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './consent-wizard.html',
  styleUrl: './consent-wizard.scss',
})
export class ConsentWizard {
  readonly projectId = input.required<string>();

  private readonly api = inject(MyConsentApi);
  private readonly copy = inject(OfflineCopy);
  private readonly queue = inject(ActionQueue);
  /** The answer was kept on the phone: it goes when the network is back. */
  protected readonly queued = signal(false);
  private readonly transloco = inject(TranslocoService);
  protected readonly nameOptions = NAME_OPTIONS;
  protected readonly audienceOptions = AUDIENCE_OPTIONS;

  protected readonly item = resource({
    params: () => this.projectId(),
    loader: async ({ params }) => {
      // Offline, the phone's copy of the requests (kept by the home) is enough to answer.
      const mine =
        (await this.copy.read('consents', () => this.api.list())).value.find((m) => m.projectId === params) ?? null;
      if (mine) {
        this.draft.set(draftFrom(mine.consent));
        // Someone changing an earlier answer starts from the summary, one tap from the question.
        if (mine.consent) this.step.set('review');
      }
      return mine;
    },
  });
  protected readonly draft = signal<ConsentDraft>(draftFrom(null));
  protected readonly step = signal<ConsentStep>('screen');
  protected readonly stepNumber = computed(() => CONSENT_STEPS.indexOf(this.step()) + 1);
  protected readonly stepCount = CONSENT_STEPS.length;
  protected readonly saving = signal(false);
  protected readonly saved = signal<MyConsent | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly loadError = computed(() => (this.item.error() ? toShownError(this.item.error()) : null));
  protected readonly complete = computed(() => choiceFrom(this.draft()) !== null);

  /** The sentence the speaker button reads: the question of this screen. */
  protected readonly question = computed(() => {
    this.transloco.getActiveLang();
    const step = this.step();
    return step === 'review'
      ? this.transloco.translate('publishing.consent.review.title')
      : this.transloco.translate(`publishing.consent.${step}.question`);
  });

  protected answerScreen(value: boolean): void {
    this.draft.update((d) => ({ ...d, appearOnScreen: value }));
    this.step.set('voice');
  }

  protected answerVoice(value: boolean): void {
    this.draft.update((d) => ({ ...d, voice: value }));
    this.step.set('name');
  }

  protected chooseName(value: CreditName): void {
    this.draft.update((d) => ({ ...d, creditAs: value }));
    if (value !== CreditName.Pseudonym) this.step.set('audience');
  }

  protected setPseudonym(value: string): void {
    this.draft.update((d) => ({ ...d, pseudonym: value }));
  }

  protected confirmPseudonym(): void {
    if (this.draft().pseudonym.trim()) this.step.set('audience');
  }

  protected chooseAudience(value: ConsentDraft['audience']): void {
    this.draft.update((d) => ({ ...d, audience: value }));
    this.step.set('review');
  }

  protected goTo(step: ConsentStep): void {
    this.step.set(step);
  }

  protected back(): void {
    const i = CONSENT_STEPS.indexOf(this.step());
    if (i > 0) this.step.set(CONSENT_STEPS[i - 1]!);
  }

  protected async save(): Promise<void> {
    const choice = choiceFrom(this.draft());
    if (!choice) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      const mine = this.item.value();
      const sent = await this.queue.send<MyConsent>({
        kind: 'consent',
        method: 'PUT',
        url: `/api/me/consents/${encodeURIComponent(this.projectId())}`,
        body: choice,
        label: mine?.documentaryTitle || mine?.projectTitle || '',
      });
      this.queued.set(sent.queued);
      this.saved.set(sent.queued ? mine! : sent.value);
    } catch (e) {
      this.error.set(toShownError(e));
    } finally {
      this.saving.set(false);
    }
  }

  protected shownName(mine: MyConsent): string {
    const d = this.draft();
    switch (d.creditAs) {
      case CreditName.FullName:
        return mine.names.fullName;
      case CreditName.FirstName:
        return mine.names.firstName;
      case CreditName.Pseudonym:
        return d.pseudonym.trim();
      default:
        return '';
    }
  }
}
