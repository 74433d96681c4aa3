import { ErrorCode, JobName, RENDER_MEDIA_PATH, RenderStatus, type Render } from '@atelier/contracts';
import { flagsOf, referencedClipIds, validateTimeline } from '@atelier/media';
import { JobsRepository } from '@atelier/queue';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import type { ServedFile } from '../storage/media-files.js';
import { MediaFiles } from '../storage/media-files.js';
import { ProjectAccess } from './project-access.js';
import { RendersRepository, type StoredRender } from './renders.repository.js';
import { TimelineRepository } from './timeline.repository.js';
import { clipFacts } from './timeline.service.js';

const LIST_LIMIT = 20;

export function toRender(r: StoredRender): Render {
  const base = `/api/renders/${r.id}/media`;
  const ready = r.status === RenderStatus.Ready;
  return {
    id: r.id,
    projectId: r.projectId,
    timelineVersion: r.timelineVersion,
    target: r.target,
    status: r.status,
    progress: r.progress,
    durationMs: r.durationMs,
    requestedBy: r.requestedBy,
    failure: r.failure,
    waitingFor: r.waitingFor,
    hlsUrl: ready && r.hlsMasterKey ? `${base}/hls/master.m3u8` : null,
    masterUrl: ready && r.masterKey ? `${base}/master.mp4` : null,
    posterUrl: ready && r.posterKey ? `${base}/poster.jpg` : null,
    sizeBytes: r.sizeBytes,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** Starting, following, cancelling and watching renders of a project's timeline. */
@Injectable()
export class RenderService {
  private readonly log = new Logger('Renders');

  constructor(
    private readonly access: ProjectAccess,
    private readonly timelines: TimelineRepository,
    private readonly renders: RendersRepository,
    private readonly jobs: JobsRepository,
    private readonly files: MediaFiles,
  ) {}

  /**
   * Renders the current version. Asking again while that same version is queued or rendering
   * answers the running render (a double click starts nothing twice); another version waits.
   */
  async start(who: AuthUser, projectId: string, version: number): Promise<Render> {
    const project = await this.access.project(who, projectId);
    const current = await this.timelines.current(projectId);
    if (!current || current.document.segments.length === 0)
      throw new DomainError(
        ErrorCode.TimelineNotRenderable,
        'The timeline is empty: add a clip or a title card first.',
      );
    if (current.version !== version) {
      throw new DomainError(
        ErrorCode.TimelineStale,
        `The timeline changed (now version ${current.version} by ${current.author.displayName}). Look at it, then render again.`,
        {
          currentVersion: current.version,
          changedBy: current.author.displayName,
        },
      );
    }
    const ids = referencedClipIds(current.document);
    const flags = flagsOf(validateTimeline(current.document, clipFacts(await this.timelines.clips(projectId), ids)));
    if (flags.length)
      throw new DomainError(ErrorCode.TimelineNotRenderable, flags.map((f) => f.message).join(' '), { issues: flags });

    const active = await this.renders.active(projectId);
    if (active) return this.busy(active, version);
    const created = await this.renders.create({
      organisationId: project.organisationId,
      projectId,
      version,
      document: current.document,
      durationMs: current.durationMs,
      requestedBy: { id: who.userId, displayName: await this.timelines.displayName(who.userId) },
    });
    if (!created) {
      const now = await this.renders.active(projectId);
      if (now) return this.busy(now, version);
      throw new DomainError(ErrorCode.RenderInProgress, 'Another render just started. Try again in a moment.');
    }
    try {
      await this.jobs.enqueue(JobName.Render, { renderId: created.id });
    } catch (e) {
      this.log.error({ err: e }, 'could not queue a render');
      await this.renders.markFailed(created.id, 'The render could not be queued.');
      throw new DomainError(ErrorCode.WorkerUnavailable, 'The render could not be queued. Try again in a moment.');
    }
    return toRender(created);
  }

  async list(who: AuthUser, projectId: string): Promise<Render[]> {
    await this.access.project(who, projectId);
    return (await this.renders.list(projectId, LIST_LIMIT)).map(toRender);
  }

  async get(who: AuthUser, renderId: string): Promise<Render> {
    return toRender(await this.visible(who, renderId));
  }

  async cancel(who: AuthUser, renderId: string): Promise<Render> {
    const r = await this.visible(who, renderId);
    const cancelled = await this.renders.cancel(r.id);
    if (!cancelled)
      throw new DomainError(
        ErrorCode.RenderNotActive,
        `This render is already ${r.status}: there is nothing to cancel.`,
      );
    return toRender(cancelled);
  }

  /** A finished render's master MP4, HLS playlists and segments, or poster — only what the worker wrote. */
  async openFile(who: AuthUser, renderId: string, path: string, range: string | undefined): Promise<ServedFile> {
    const r = await this.visible(who, renderId);
    if (r.status !== RenderStatus.Ready)
      throw new DomainError(ErrorCode.RenderNotReady, 'This render is not finished.');
    if (!RENDER_MEDIA_PATH.test(path)) throw DomainError.notFound('This file');
    const download: Record<string, string> =
      path === 'master.mp4' ? { 'Content-Disposition': `inline; filename="render-${r.id.slice(0, 8)}.mp4"` } : {};
    return this.files.serve(`renders/${r.id}/${path}`, range, download);
  }

  private async visible(who: AuthUser, renderId: string): Promise<StoredRender> {
    const r = await this.renders.find(who.organisationId, renderId);
    if (!r) throw DomainError.notFound('This render');
    await this.access.project(who, r.projectId).catch(() => {
      throw DomainError.notFound('This render');
    });
    return r;
  }

  private busy(active: StoredRender, version: number): Render {
    if (active.timelineVersion === version) return toRender(active);
    throw new DomainError(
      ErrorCode.RenderInProgress,
      `A render of version ${active.timelineVersion} is still running. Cancel it or wait for it to finish.`,
      { renderId: active.id },
    );
  }
}
