import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { IconName } from './icon-paths';
import { Icon } from './icon';

/**
 * A submit button's icon that turns into a spinner while the form is sent. Add `matButtonIcon`
 * when it sits inside a Material button: `<app-busy-icon matButtonIcon [busy]="busy()" name="check" />`.
 */
@Component({
  selector: 'app-busy-icon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatProgressSpinner],
  template: `
    @if (busy()) {
      <mat-progress-spinner mode="indeterminate" [diameter]="diameter()" />
    } @else {
      <app-icon [name]="name()" />
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      justify-content: center;
    }
  `,
})
export class BusyIcon {
  readonly busy = input.required<boolean>();
  readonly name = input.required<IconName>();
  readonly diameter = input(22);
}
