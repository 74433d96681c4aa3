import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type RouterStateSnapshot } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';

/** Route titles are translation keys; the tab title follows the language the person picks. */
@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly transloco = inject(TranslocoService);
  private key: string | undefined;

  constructor() {
    super();
    this.transloco.langChanges$.subscribe(() => this.show());
    this.transloco.events$.subscribe((event) => {
      if (event.type === 'translationLoadSuccess') this.show();
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key = this.buildTitle(snapshot);
    this.show();
  }

  private show(): void {
    const app = 'Atelier';
    if (!this.key) {
      this.title.setTitle(app);
      return;
    }
    const page = this.transloco.translate(this.key);
    this.title.setTitle(page && page !== this.key ? `${page} · ${app}` : app);
  }
}
