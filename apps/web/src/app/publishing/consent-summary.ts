import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Credit } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';

/** A person's consent at a glance: not answered, refused, or the widest audience they accept. */
@Component({
  selector: 'app-consent-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      @let c = credit()?.consent;
      @if (!c) {
        <span class="chip bad"><app-icon name="hourglass" />{{ t('publishing.status.none') }}</span>
      } @else {
        @if (appearing() && !c.appearOnScreen) {
          <span class="chip bad"><app-icon name="cancel" />{{ t('publishing.gaps.screen') }}</span>
        }
        @if (appearing() && !c.voice) {
          <span class="chip bad"><app-icon name="cancel" />{{ t('publishing.gaps.voice') }}</span>
        }
        <span class="chip" [class.ok]="!!c.maxVisibility" [class.bad]="!c.maxVisibility">
          <app-icon [name]="c.maxVisibility ? 'checkCircle' : 'cancel'" />{{
            t('publishing.status.accepts.' + (c.maxVisibility ?? 'none'))
          }}
        </span>
        @if (c.source === 'paper') {
          <span class="chip"><app-icon name="document" />{{ t('publishing.history.paper') }}</span>
        }
      }
    </ng-container>
  `,
  styleUrl: './publishing-panels.scss',
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
    }
  `,
})
export class ConsentSummary {
  readonly credit = input<Credit | undefined>();
  readonly appearing = input(true);
}
