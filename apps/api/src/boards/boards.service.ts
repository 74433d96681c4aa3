import { cardVisibleTo, createBoard, TEMPLATES } from '@atelier/board-engine';
import {
  BoardTemplate,
  ErrorCode,
  isStaff,
  JOIN_CODE_ALPHABET,
  type BoardSummary,
  type BoardTemplateInfo,
  type BoardView,
  type PhotoUploadResult,
} from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { randomInt, randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { boardClosed, presenterForStaffOnly } from './board-errors.js';
import { boardCsv } from './board-csv.js';
import { cleanPhoto, MAX_PHOTO_BYTES } from './photo.js';
import { BoardLiveService } from './board-live.service.js';
import { BoardRepository, type BoardRecord } from './board.repository.js';
import type { CreateBoardDto } from './dto/board.dto.js';

/** Board codes: 6 characters from the join-code alphabet (no look-alikes), unique among a organisation's open boards. */
export const BOARD_CODE_LENGTH = 6;

function summary(r: BoardRecord): BoardSummary {
  const { organisationId: _, ...s } = r;
  return s;
}

/** Boards over HTTP: create from a template, list, find by code, open/close, views and exports. */
@Injectable()
export class BoardsService {
  constructor(
    private readonly boards: BoardRepository,
    private readonly live: BoardLiveService,
    private readonly storage: StorageRepository,
  ) {}

  templates(): BoardTemplateInfo[] {
    return Object.values(BoardTemplate).map((t) => TEMPLATES[t]);
  }

  async create(who: AuthUser, dto: CreateBoardDto): Promise<BoardSummary> {
    const title = dto.title.trim();
    if (!title)
      throw DomainError.invalid('Give the board a title.', {
        fields: [{ field: 'title', messages: ['title must not be empty'] }],
      });
    const sessionId = dto.sessionId ?? null;
    if (sessionId && !(await this.boards.sessionInOrganisation(sessionId, who.organisationId)))
      throw DomainError.notFound('This session');
    const me = await this.boards.member(who.organisationId, who.userId);
    const state = createBoard({
      id: randomUUID(),
      title,
      template: dto.template,
      facilitator: { id: who.userId, name: me?.displayName ?? '' },
    });
    for (let attempt = 0; attempt < 8; attempt++) {
      const code = newBoardCode();
      if (await this.boards.codeTaken(who.organisationId, code)) continue;
      try {
        return summary(
          await this.boards.create({
            organisationId: who.organisationId,
            sessionId,
            code,
            createdBy: who.userId,
            state,
          }),
        );
      } catch (e) {
        if ((e as { code?: string }).code === '23505') continue; // the code was taken in between
        throw e;
      }
    }
    throw new DomainError(ErrorCode.Conflict, 'No free board code was found. Try again.');
  }

  async list(who: AuthUser, sessionId?: string): Promise<BoardSummary[]> {
    const rows = isStaff(who.role)
      ? await this.boards.list(who.organisationId, { sessionId })
      : await this.boards.listOpenForParticipant(who.organisationId, who.userId);
    return rows.map(summary);
  }

  async get(who: AuthUser, id: string): Promise<BoardSummary> {
    return summary(await this.visible(who, id));
  }

  async findByCode(who: AuthUser, code: string): Promise<BoardSummary> {
    const normalised = code.toUpperCase().replace(/[\s-]/g, '');
    const record =
      normalised.length === BOARD_CODE_LENGTH ? await this.boards.findOpenByCode(who.organisationId, normalised) : null;
    if (!record) throw DomainError.notFound('No open board has this code. Check the letters on the screen; this board');
    return summary(record);
  }

  async setStatus(who: AuthUser, id: string, status: 'open' | 'closed'): Promise<BoardSummary> {
    const record = await this.boards.setStatus(id, who.organisationId, status);
    if (!record) throw DomainError.notFound('This board');
    return summary(record);
  }

  async view(who: AuthUser, id: string, presenter: boolean): Promise<BoardView> {
    await this.visible(who, id);
    if (presenter && !isStaff(who.role)) throw presenterForStaffOnly();
    return this.live.viewFor(who, id, !isStaff(who.role) ? 'participant' : presenter ? 'presenter' : 'staff');
  }

  async exportCsv(who: AuthUser, id: string): Promise<{ filename: string; csv: string }> {
    const record = await this.visible(who, id);
    const state = await this.live.stateOf(id);
    const slug =
      record.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 40) || 'board';
    return { filename: `${slug}-${record.code}.csv`, csv: boardCsv(state) };
  }

  /** Stores a photo for a card (JPEG or PNG, metadata removed); the card then refers to its id. */
  async uploadPhoto(who: AuthUser, boardId: string, bytes: Buffer | null): Promise<PhotoUploadResult> {
    const record = await this.visible(who, boardId);
    if (record.status === 'closed') throw boardClosed();
    if (bytes === null)
      throw new DomainError(
        ErrorCode.BodyTooLarge,
        `This photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB. Take it again at a smaller size.`,
      );
    const photo = cleanPhoto(bytes);
    if (!photo)
      throw new DomainError(
        ErrorCode.BoardPhotoInvalid,
        'This file is not a JPEG or PNG photo. Take a new photo and try again.',
      );
    const objectKey = `boards/${boardId}/photos/${randomUUID()}.${photo.ext}`;
    await this.storage.put(objectKey, photo.bytes, photo.bytes.length, photo.contentType);
    return {
      photoId: await this.boards.addPhoto({
        boardId,
        uploadedBy: who.userId,
        objectKey,
        contentType: photo.contentType,
        size: photo.bytes.length,
      }),
    };
  }

  /**
   * A card's photo, for someone who may see that card right now (hidden and moderated cards keep
   * their photos to themselves too), or for its uploader.
   */
  async photo(who: AuthUser, boardId: string, photoId: string): Promise<{ contentType: string; body: Readable }> {
    await this.visible(who, boardId);
    const photo = await this.boards.photo(boardId, photoId);
    if (!photo) throw DomainError.notFound('This photo');
    if (photo.uploadedBy !== who.userId) {
      const state = await this.live.stateOf(boardId);
      const viewer = { userId: who.userId, kind: isStaff(who.role) ? ('staff' as const) : ('participant' as const) };
      if (![...state.cards.values()].some((c) => c.photoId === photoId && cardVisibleTo(state, c, viewer)))
        throw DomainError.notFound('This photo');
    }
    return { contentType: photo.contentType, body: await this.storage.get(photo.objectKey) };
  }

  /** A board of the caller's organisation they may look at (participants: open boards only). */
  private async visible(who: AuthUser, id: string): Promise<BoardRecord> {
    const record = await this.boards.find(id, who.organisationId);
    if (!record) throw DomainError.notFound('This board');
    if (record.status === 'closed' && !isStaff(who.role)) throw boardClosed();
    return record;
  }
}

function newBoardCode(): string {
  let code = '';
  for (let i = 0; i < BOARD_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
