import {
  ErrorCode,
  Role,
  Visibility,
  VISIBILITY_ORDER,
  type ConsentHistoryEntry,
  type CreditInput,
  type Documentary,
  type DocumentaryInput,
  type MissingConsent,
  type PaperConsentRequest,
  type PublishingOverview,
  type PublishingProjectSummary,
  type SubtitleTrack,
} from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { newToken } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { enforce, missingFor } from './consent-rules.js';
import { chooseFilm } from './film-choice.js';
import { ConsentService, normalise } from './consent.service.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { PublishingRepository, type ProjectRecord, type StoredDocumentary } from './publishing.repository.js';
import { parseSubtitles, SubtitleError } from './subtitles.js';
import { receiveImage, type ImageUpload } from './image-upload.js';

/** Subtitle languages are BCP 47 tags (any language, not only the app's four). */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** The staff side of publishing: the documentary, its credits, paper consent, subtitles, publish. */
@Injectable()
export class PublishingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PublishingRepository,
    private readonly listings: CatalogueRepository,
    private readonly consent: ConsentService,
    private readonly storage: StorageRepository,
    private readonly clock: Clock,
  ) {}

  projects(who: AuthUser): Promise<PublishingProjectSummary[]> {
    return this.repo.listProjects(who.organisationId);
  }

  async overview(who: AuthUser, projectId: string): Promise<PublishingOverview> {
    const project = await this.requireProject(who, projectId);
    const [documentary, candidates, renderCandidates, credits, people] = await Promise.all([
      this.repo.findDocumentaryForProject(projectId),
      this.repo.videoCandidates(projectId),
      this.repo.renderCandidates(projectId),
      this.repo.credits(projectId),
      this.repo.people(who.organisationId, project.groupId),
    ]);
    const blockers = Object.fromEntries(VISIBILITY_ORDER.map((v) => [v, missingFor(credits, v)])) as Record<
      Visibility,
      MissingConsent[]
    >;
    const org = (await this.listings.organisation(who.organisationId))!;
    const base = this.config.publicUrl;
    return {
      project: { id: project.id, title: project.title, groupName: project.groupName },
      documentary: documentary ? strip(documentary) : null,
      candidates,
      renderCandidates,
      credits: credits.map((c) => ({
        personId: c.personId,
        displayName: c.displayName,
        credited: c.credited,
        appearing: c.appearing,
        consent: c.consent,
      })),
      people,
      subtitles: documentary ? (await this.repo.subtitles(documentary.id)).map(({ key: _, ...t }) => t) : [],
      notices: documentary ? await this.repo.notices(documentary.id) : [],
      blockers,
      links: documentary
        ? {
            watch: `${base}/watch/${documentary.id}`,
            unlisted: `${base}/watch/${documentary.id}?k=${documentary.unlistedToken}`,
            embed: `${base}/embed/${documentary.id}`,
            catalogue: `${base}/catalogue/${org.slug}`,
          }
        : null,
    };
  }

  async saveDocumentary(who: AuthUser, projectId: string, input: DocumentaryInput): Promise<Documentary> {
    const project = await this.requireProject(who, projectId);
    if (!LANGUAGE_TAG.test(input.language))
      throw DomainError.invalid('The language must be a language code such as "fr", "ar" or "ti".', {
        fields: [{ field: 'language', messages: ['language code'] }],
      });
    const [clips, renders] = await Promise.all([
      input.videoClipId ? this.repo.videoCandidates(projectId) : [],
      input.renderId ? this.repo.renderCandidates(projectId) : [],
    ]);
    const film = chooseFilm(input, clips, renders);
    return strip(
      await this.repo.saveDocumentary(
        project,
        { ...input, ...film, title: input.title.trim(), description: input.description.trim() },
        newToken(),
      ),
    );
  }

  async setCredits(who: AuthUser, projectId: string, credits: CreditInput[]): Promise<PublishingOverview> {
    await this.requireProject(who, projectId);
    const ids = credits.map((c) => c.personId);
    if (new Set(ids).size !== ids.length) throw DomainError.invalid('A person is listed twice in the credits.');
    const members = new Set(await this.repo.membersOf(who.organisationId, ids));
    if (ids.some((id) => !members.has(id))) throw DomainError.notFound('This person');
    if (credits.some((c) => !c.credited && !c.appearing))
      throw DomainError.invalid('Each person must be credited, appearing, or both: remove the others.');
    const change = await this.repo.replaceCredits(projectId, credits, (doc, all) => enforce(doc, all));
    await this.consent.tellStaff(change, null);
    return this.overview(who, projectId);
  }

  /** A trainer records consent given on paper (who recorded it and when are kept). */
  async recordPaper(
    who: AuthUser,
    projectId: string,
    personId: string,
    request: PaperConsentRequest,
  ): Promise<PublishingOverview> {
    await this.requireCredit(who, projectId, personId);
    const signedOn = request.signedOn ?? this.clock.now().toISOString().slice(0, 10);
    await this.consent.record(projectId, personId, normalise(request), {
      source: 'paper',
      recordedBy: who.userId,
      signedOn,
    });
    return this.overview(who, projectId);
  }

  /** Stores the photo of the paper form (image types only, size-limited, streamed to storage). */
  async attachPaperForm(
    who: AuthUser,
    projectId: string,
    personId: string,
    upload: ImageUpload,
  ): Promise<PublishingOverview> {
    await this.requireCredit(who, projectId, personId);
    if ((await this.repo.credits(projectId)).find((c) => c.personId === personId)?.consent?.source !== 'paper') {
      throw new DomainError(ErrorCode.Conflict, 'Record the consent from the paper form first, then add its photo.');
    }
    const key = `consent-forms/${projectId}/${personId}/${newToken()}`;
    await receiveImage(
      upload,
      (stream, contentType) => this.storage.put(key, stream, undefined, contentType),
      () => this.storage.remove(key),
    );
    const previous = await this.repo.attachPaperForm(projectId, personId, key);
    if (previous === null) {
      await this.storage.remove(key);
      throw new DomainError(ErrorCode.Conflict, 'The consent changed in the meantime. Reload and try again.');
    }
    return this.overview(who, projectId);
  }

  async paperForm(
    who: AuthUser,
    projectId: string,
    personId: string,
  ): Promise<{ stream: Readable; contentType: string; size: number }> {
    await this.requireProject(who, projectId);
    const key = await this.repo.paperFormKey(projectId, personId);
    const stat = key ? await this.storage.stat(key) : null;
    if (!key || !stat) throw DomainError.notFound('This paper form');
    return { stream: await this.storage.get(key), contentType: stat.contentType, size: stat.size };
  }

  async history(who: AuthUser, projectId: string, personId: string): Promise<ConsentHistoryEntry[]> {
    await this.requireProject(who, projectId);
    return this.repo.consentHistory(projectId, personId);
  }

  /** Publishes at a visibility, or refuses with 409 consent_missing listing who is missing and why. */
  async publish(who: AuthUser, projectId: string, visibility: Visibility): Promise<PublishingOverview> {
    const doc = await this.requireDocumentary(who, projectId);
    if (!(await this.repo.videoSource(doc.id))) {
      throw new DomainError(
        ErrorCode.DocumentaryNotReady,
        'Choose the film first: a ready video clip or a finished render of this project.',
      );
    }
    const missing = await this.repo.publish(doc.id, visibility, (credits) => missingFor(credits, visibility));
    if (missing.length > 0) {
      const names = missing.map((m) => m.displayName).join(', ');
      throw new DomainError(ErrorCode.ConsentMissing, `Not everyone consents to this visibility yet: ${names}.`, {
        visibility,
        missing,
      });
    }
    return this.overview(who, projectId);
  }

  async unpublish(who: AuthUser, projectId: string): Promise<PublishingOverview> {
    const doc = await this.requireDocumentary(who, projectId);
    await this.repo.unpublish(doc.id);
    return this.overview(who, projectId);
  }

  /** Stores WebVTT (SRT converted) for one language; a malformed file is refused with its line number. */
  async uploadSubtitles(
    who: AuthUser,
    projectId: string,
    language: string,
    text: string,
    label: string | undefined,
  ): Promise<SubtitleTrack[]> {
    const doc = await this.requireDocumentary(who, projectId);
    if (!LANGUAGE_TAG.test(language))
      throw DomainError.invalid('The subtitle language must be a language code such as "fr", "ar" or "ti".');
    let parsed;
    try {
      parsed = parseSubtitles(text);
    } catch (e) {
      if (e instanceof SubtitleError)
        throw new DomainError(ErrorCode.SubtitleMalformed, `This subtitle file has a problem. ${e.message}`, {
          line: e.line,
          problem: e.message,
        });
      throw e;
    }
    const key = `documentaries/${doc.id}/subtitles/${language}.vtt`;
    await this.storage.put(key, Buffer.from(parsed.vtt, 'utf8'), undefined, 'text/vtt; charset=utf-8');
    await this.repo.saveSubtitle(
      doc.id,
      { language, label: (label ?? '').trim().slice(0, 60) || language, key, cueCount: parsed.cueCount },
      who.userId,
    );
    return (await this.repo.subtitles(doc.id)).map(({ key: _, ...t }) => t);
  }

  async deleteSubtitles(who: AuthUser, projectId: string, language: string): Promise<SubtitleTrack[]> {
    const doc = await this.requireDocumentary(who, projectId);
    const key = await this.repo.deleteSubtitle(doc.id, language);
    if (!key) throw DomainError.notFound('These subtitles');
    await this.storage.remove(key);
    return (await this.repo.subtitles(doc.id)).map(({ key: _, ...t }) => t);
  }

  async readNotices(who: AuthUser, projectId: string): Promise<void> {
    const doc = await this.requireDocumentary(who, projectId);
    await this.repo.markNoticesRead(doc.id);
  }

  private async requireProject(who: AuthUser, projectId: string): Promise<ProjectRecord> {
    if (who.role === Role.Participant) throw DomainError.forbidden();
    const project = await this.repo.findProject(who.organisationId, projectId);
    if (!project) throw DomainError.notFound('This project');
    return project;
  }

  private async requireDocumentary(who: AuthUser, projectId: string): Promise<StoredDocumentary> {
    await this.requireProject(who, projectId);
    const doc = await this.repo.findDocumentaryForProject(projectId);
    if (!doc) throw DomainError.notFound('This documentary');
    return doc;
  }

  private async requireCredit(who: AuthUser, projectId: string, personId: string): Promise<void> {
    await this.requireProject(who, projectId);
    if (!(await this.repo.isCredited(projectId, personId))) throw DomainError.notFound('This person in the credits');
  }
}

function strip(d: StoredDocumentary): Documentary {
  const { organisationId: _, ...rest } = d;
  return rest;
}
