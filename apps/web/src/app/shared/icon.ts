import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ICON_PATHS, MIRRORED_ICONS, type IconName } from './icon-paths';

/**
 * A small inline SVG icon. Decorative (hidden from screen readers): the words next to it carry
 * the meaning. Add `matButtonIcon` when it sits inside a Material button.
 */
@Component({
  selector: 'app-icon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    // Material sizes and spaces `.mat-icon` inside buttons and form fields.
    class: 'mat-icon',
    'aria-hidden': 'true',
  },
  template: `
    <svg viewBox="0 0 24 24" focusable="false" [class.mirrored]="mirrored()">
      <path [attr.d]="path()" />
    </svg>
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-shrink: 0;
      inline-size: var(--icon-size, 24px);
      block-size: var(--icon-size, 24px);
      vertical-align: middle;
    }
    svg {
      inline-size: 100%;
      block-size: 100%;
      fill: currentColor;
    }
    :host-context([dir='rtl']) .mirrored {
      transform: scaleX(-1);
    }
  `,
})
export class Icon {
  readonly name = input.required<IconName>();
  protected readonly path = computed(() => ICON_PATHS[this.name()]);
  protected readonly mirrored = computed(() => MIRRORED_ICONS.has(this.name()));
}
