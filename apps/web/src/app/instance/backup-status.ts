import { ChangeDetectionStrategy, Component, computed, inject, resource } from '@angular/core';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { InstanceApi } from '../core/instance-api';
import { LanguageService } from '../core/language';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { FileSizePipe } from '../studio/file-size.pipe';

/**
 * The Instance page's backup panel: the last backup that worked (what a restore brings back), a
 * failure since then in plain words, whether a worker runs the daily backup, and the latest runs.
 */
@Component({
  selector: 'app-backup-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, FileSizePipe, Icon, LocalDatePipe, MatProgressSpinner, TranslocoDirective],
  templateUrl: './backup-status.html',
  styleUrl: './backup-status.scss',
})
export class BackupStatus {
  private readonly api = inject(InstanceApi);
  protected readonly language = inject(LanguageService).language;

  protected readonly backups = resource({ loader: () => this.api.backups() });
  protected readonly loadError = computed(() => {
    const error = this.backups.error();
    return error ? toShownError(error) : null;
  });
  /** The newest run, when it failed: the operator must act before the next night. */
  protected readonly lastFailed = computed(() => {
    const newest = this.backups.value()?.recent[0];
    return newest && newest.ok === false ? newest : null;
  });
}
