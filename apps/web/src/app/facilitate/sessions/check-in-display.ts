import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  computed,
  inject,
  input,
  resource,
  signal,
  type OnInit,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AttendanceStatus, RTL_LANGUAGES, type CheckInDisplay, type Language, type Roster } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { AttendanceApi } from '../../core/attendance-api';
import { ALL_LANGUAGES, LanguageService } from '../../core/language';
import { bidiIsolate } from '../../shared/bidi-isolate.pipe';
import { BrusselsTimePipe, formatInBrussels } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { qrDataUrl } from '../../shared/qr-code';

/** How often the count of people checked in is brought up to date. */
const COUNT_EVERY_MS = 5_000;

interface WakeLockSentinelLike {
  release(): Promise<void>;
}

/**
 * The room's screen: the current check-in code, huge, with its QR code, when the next code comes,
 * and how many people have checked in. Meant for a projector, so it keeps the screen awake.
 */
@Component({
  selector: 'app-check-in-display',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BrusselsTimePipe, ErrorMessage, Icon, MatButton, RouterLink, TranslocoDirective],
  templateUrl: './check-in-display.html',
  styleUrl: './check-in-display.scss',
})
export class CheckInDisplayPage implements OnInit {
  /** The session, from `/staff/sessions/:id/check-in`. */
  readonly id = input.required<string>();

  private readonly api = inject(AttendanceApi);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);
  private readonly language = inject(LanguageService);
  /** The instructions are shown in every language, for everyone in the room. */
  protected readonly languages = ALL_LANGUAGES;

  protected readonly display = signal<CheckInDisplay | null>(null);
  protected readonly roster = signal<Roster | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly now = signal(Date.now());
  /** When (this device's clock) to ask for the next code. */
  private readonly nextAt = signal(0);
  private fetching = false;

  protected readonly code = computed(() => {
    const code = this.display()?.code ?? '';
    return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
  });
  protected readonly secondsLeft = computed(() => Math.max(0, Math.ceil((this.nextAt() - this.now()) / 1000)));
  protected readonly progress = computed(() => {
    const every = this.display()?.rotatesEverySeconds ?? 30;
    return Math.min(100, (this.secondsLeft() / every) * 100);
  });
  protected readonly window = computed<'before' | 'open' | 'after' | null>(() => {
    const d = this.display();
    if (!d) return null;
    if (this.now() < Date.parse(d.opensAt)) return 'before';
    return this.now() > Date.parse(d.closesAt) ? 'after' : 'open';
  });
  /** "17:30–20:00", kept left to right inside an Arabic sentence. */
  protected readonly windowRange = computed(() => {
    const d = this.display();
    if (!d) return '';
    const lang = this.language.language();
    return bidiIsolate(`${formatInBrussels(d.opensAt, 'time', lang)}–${formatInBrussels(d.closesAt, 'time', lang)}`);
  });
  protected readonly checkedIn = computed(
    () =>
      (this.roster()?.entries ?? []).filter(
        (e) => e.mark?.status === AttendanceStatus.Present || e.mark?.status === AttendanceStatus.Late,
      ).length,
  );
  protected readonly qrCode = resource({
    params: () => this.display()?.url,
    loader: ({ params }) => qrDataUrl(params),
  });

  ngOnInit(): void {
    void this.fetchCode();
    void this.fetchRoster();
    const tick = setInterval(() => {
      this.now.set(Date.now());
      if (this.now() >= this.nextAt()) void this.fetchCode();
    }, 1000);
    const count = setInterval(() => void this.fetchRoster(), COUNT_EVERY_MS);
    const release = this.keepScreenOn();
    this.destroyRef.onDestroy(() => {
      clearInterval(tick);
      clearInterval(count);
      void release.then((sentinel) => sentinel?.release()).catch(() => undefined);
    });
  }

  protected isRtl(lang: Language): boolean {
    return RTL_LANGUAGES.includes(lang);
  }

  protected fullScreen(): void {
    const html = this.document.documentElement;
    if (this.document.fullscreenElement) void this.document.exitFullscreen();
    else void html.requestFullscreen?.().catch(() => undefined);
  }

  private async fetchCode(): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      const display = await this.api.checkInCode(this.id());
      this.display.set(display);
      this.error.set(null);
      // The code changes one rotation before `validUntil`; if the clocks disagree, wait one rotation.
      const rotation = display.rotatesEverySeconds * 1000;
      let delay = Date.parse(display.validUntil) - rotation - Date.now();
      if (!(delay > 0 && delay <= rotation)) delay = rotation;
      this.nextAt.set(Date.now() + delay + 250);
    } catch (error) {
      this.error.set(toShownError(error));
      this.nextAt.set(Date.now() + 10_000);
    } finally {
      this.fetching = false;
      this.now.set(Date.now());
    }
  }

  private async fetchRoster(): Promise<void> {
    try {
      this.roster.set(await this.api.roster(this.id()));
    } catch {
      // The count waits for the next try; the code matters more.
    }
  }

  /** Asks the browser not to dim the projector's screen while the code shows. */
  private async keepScreenOn(): Promise<WakeLockSentinelLike | null> {
    const nav = this.document.defaultView?.navigator;
    try {
      return (await nav?.wakeLock?.request('screen')) ?? null;
    } catch {
      return null;
    }
  }
}
