import {
  ErrorCode,
  type SaveTimelineRequest,
  type Timeline,
  type TimelineSource,
  type TimelineVersionSummary,
} from '@atelier/contracts';
import {
  describeChanges,
  emptyTimeline,
  errorsOf,
  readTimelineDocument,
  referencedClipIds,
  timelineDurationMs,
  validateTimeline,
  type ClipFacts,
} from '@atelier/media';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import type { ServedFile } from '../storage/media-files.js';
import { MediaFiles } from '../storage/media-files.js';
import { ProjectAccess } from './project-access.js';
import { TimelineRepository, type ProjectClip, type StoredVersion } from './timeline.repository.js';

const HISTORY_LIMIT = 50;
export type SourceFile = 'proxy' | 'poster' | 'thumbs';

/** What the model knows of the project's clips; ids the stored timeline used that are gone now were deleted. */
export function clipFacts(clips: ProjectClip[], previouslyReferenced: string[]): Map<string, ClipFacts> {
  const facts = new Map<string, ClipFacts>(
    clips.map((c) => [c.id, { kind: c.kind, status: c.status, durationMs: c.durationMs }]),
  );
  for (const id of previouslyReferenced)
    if (!facts.has(id)) facts.set(id, { kind: null, status: 'failed', durationMs: null, deleted: true });
  return facts;
}

/** A project's timeline: read it, save a new version (refused when stale), its history, its sources. */
@Injectable()
export class TimelineService {
  constructor(
    private readonly access: ProjectAccess,
    private readonly timelines: TimelineRepository,
    private readonly files: MediaFiles,
  ) {}

  async get(who: AuthUser, projectId: string): Promise<Timeline> {
    await this.access.project(who, projectId);
    return this.view(projectId, await this.timelines.current(projectId));
  }

  /**
   * Saves an edit as a new version. An edit based on an older version than the current one is
   * refused (409 `timeline_stale`, naming who saved last and when) — never silently merged or lost:
   * the client keeps the member's edit and offers to reload.
   */
  async save(who: AuthUser, projectId: string, req: SaveTimelineRequest): Promise<Timeline> {
    const project = await this.access.project(who, projectId);
    const read = readTimelineDocument(req.document);
    if (!read.ok)
      throw DomainError.invalid(`The timeline is not well formed — ${read.problems.join('; ')}`, {
        problems: read.problems,
      });
    const current = await this.timelines.current(projectId);
    const currentVersion = current?.version ?? 0;
    if (req.baseVersion !== currentVersion) throw this.stale(current);
    const doc = read.document;
    const previous = current ? referencedClipIds(current.document) : [];
    const issues = validateTimeline(doc, clipFacts(await this.timelines.clips(projectId), previous));
    const errors = errorsOf(issues);
    if (errors.length) {
      throw new DomainError(ErrorCode.TimelineInvalid, errors.map((e) => e.message).join(' '), { issues: errors });
    }
    const saved = await this.timelines.insertVersion({
      projectId,
      organisationId: project.organisationId,
      version: currentVersion + 1,
      document: doc,
      durationMs: timelineDurationMs(doc),
      changes: describeChanges(current?.document ?? { ...emptyTimeline(), target: doc.target }, doc),
      author: { id: who.userId, displayName: await this.timelines.displayName(who.userId) },
    });
    // Someone else saved between our read and our write.
    if (!saved) throw this.stale(await this.timelines.current(projectId));
    return this.view(projectId, saved);
  }

  async history(who: AuthUser, projectId: string): Promise<TimelineVersionSummary[]> {
    await this.access.project(who, projectId);
    return this.timelines.history(projectId, HISTORY_LIMIT);
  }

  async sources(who: AuthUser, projectId: string): Promise<TimelineSource[]> {
    await this.access.project(who, projectId);
    const base = `/api/projects/${projectId}/timeline/clips`;
    return (await this.timelines.clips(projectId))
      .filter((c) => c.status === 'ready' && c.kind !== null)
      .map((c) => {
        const r = c.renditions;
        return {
          clipId: c.id,
          title: c.title,
          kind: c.kind!,
          durationMs: c.durationMs,
          width: c.width,
          height: c.height,
          proxyUrl: r?.proxyKey ? `${base}/${c.id}/proxy` : null,
          posterUrl: r?.posterKey ? `${base}/${c.id}/poster` : null,
          thumbnailStripUrl: r?.thumbnailStripKey ? `${base}/${c.id}/thumbs` : null,
          thumbnailCount: r?.thumbnailCount ?? 0,
        };
      });
  }

  /** A ready clip's proxy, poster or thumbnail strip, for the editor's scrubber and preview. */
  async openSource(
    who: AuthUser,
    projectId: string,
    clipId: string,
    file: SourceFile,
    range: string | undefined,
  ): Promise<ServedFile> {
    await this.access.project(who, projectId);
    const clip = await this.timelines.clip(projectId, clipId);
    const r = clip?.status === 'ready' ? clip.renditions : null;
    const key = r ? { proxy: r.proxyKey, poster: r.posterKey, thumbs: r.thumbnailStripKey }[file] : null;
    if (!key) throw DomainError.notFound('This file');
    return this.files.serve(key, range);
  }

  private stale(current: StoredVersion | null): DomainError {
    const by = current?.author.displayName || 'Someone';
    const at = current?.createdAt.toISOString() ?? null;
    return new DomainError(
      ErrorCode.TimelineStale,
      `${by} changed the timeline after you opened it (now version ${current?.version ?? 0}). Reload to see their changes, then make yours again.`,
      {
        currentVersion: current?.version ?? 0,
        changedBy: by,
        changedAt: at,
      },
    );
  }

  private async view(projectId: string, v: StoredVersion | null): Promise<Timeline> {
    const document = v?.document ?? emptyTimeline();
    const ids = referencedClipIds(document);
    const issues = ids.length ? validateTimeline(document, clipFacts(await this.timelines.clips(projectId), ids)) : [];
    return {
      projectId,
      version: v?.version ?? 0,
      document,
      durationMs: timelineDurationMs(document),
      issues,
      updatedAt: v?.createdAt.toISOString() ?? null,
      updatedBy: v ? v.author : null,
    };
  }
}
