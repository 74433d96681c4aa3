import { BoardTemplate, ErrorCode, Role } from '@atelier/contracts';
import type { StorageRepository } from '@atelier/storage';
import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection } from '../../../../tests/support/unit-fixtures.js';
import type { AuthUser } from '../auth/auth-user.js';
import { type BoardLiveService } from './board-live.service.js';
import { type BoardRepository, type BoardRecord } from './board.repository.js';
import { BOARD_CODE_LENGTH, BoardsService } from './boards.service.js';

const trainer: AuthUser = {
  userId: 'u-trainer',
  organisationId: 'org-1',
  role: Role.Trainer,
  sessionId: 's-1',
  sessionKind: 'password',
};
const amina: AuthUser = {
  userId: 'u-amina',
  organisationId: 'org-1',
  role: Role.Participant,
  sessionId: 's-2',
  sessionKind: 'device',
};

function record(over: Partial<BoardRecord> = {}): BoardRecord {
  return {
    id: 'b-1',
    organisationId: 'org-1',
    title: 'Ideas',
    template: BoardTemplate.CoCreation,
    sessionId: null,
    code: 'K7MQ4X',
    status: 'open',
    facilitatorId: trainer.userId,
    seq: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

function newTestService() {
  const mocks = {
    boards: strictMock<BoardRepository>('boards'),
    live: strictMock<BoardLiveService>('live'),
    storage: strictMock<StorageRepository>('storage'),
  };
  return {
    sut: new BoardsService(
      as<BoardRepository>(mocks.boards),
      as<BoardLiveService>(mocks.live),
      as<StorageRepository>(mocks.storage),
    ),
    mocks,
  };
}

describe(BoardsService.name, () => {
  it('creates a board from a template with the trainer as facilitator and a fresh code, never exposing the organisation id', async () => {
    const { sut, mocks } = newTestService();
    mocks.boards.member.mockResolvedValue({ displayName: 'Sara', role: Role.Trainer });
    mocks.boards.codeTaken.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    mocks.boards.create.mockImplementation(async (b) => record({ id: b.state.id, code: b.code, title: b.state.title }));

    const board = await sut.create(trainer, { template: BoardTemplate.CoCreation, title: '  Our street  ' });

    const created = mocks.boards.create.mock.calls[0]![0];
    expect(created.state).toMatchObject({
      title: 'Our street',
      facilitator: { id: trainer.userId, name: 'Sara' },
      phaseId: 'welcome',
      seq: 0,
    });
    expect(created.code).toMatch(new RegExp(`^[A-Z0-9]{${BOARD_CODE_LENGTH}}$`));
    expect(mocks.boards.codeTaken).toHaveBeenCalledTimes(2);
    expect(board).not.toHaveProperty('organisationId');
  });

  it('refuses a session of another organisation as not found', async () => {
    const { sut, mocks } = newTestService();
    mocks.boards.sessionInOrganisation.mockResolvedValue(false);

    const err = await rejection(
      sut.create(trainer, {
        template: BoardTemplate.Blank,
        title: 'x',
        sessionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      }),
    );

    expect(err).toMatchObject({ code: ErrorCode.NotFound });
    expect(mocks.boards.create).not.toHaveBeenCalled();
  });

  it('finds an open board by its code however it was typed', async () => {
    const { sut, mocks } = newTestService();
    mocks.boards.findOpenByCode.mockResolvedValue(record());

    await sut.findByCode(amina, 'k7mq-4x');

    expect(mocks.boards.findOpenByCode).toHaveBeenCalledWith('org-1', 'K7MQ4X');
  });

  it('tells a participant a closed board is closed, but lets staff see it', async () => {
    const { sut, mocks } = newTestService();
    mocks.boards.find.mockResolvedValue(record({ status: 'closed' }));

    expect(await rejection(sut.get(amina, 'b-1'))).toMatchObject({ code: ErrorCode.BoardClosed });
    expect(await sut.get(trainer, 'b-1')).toMatchObject({ status: 'closed' });
  });

  it('gives the presenter view to staff only', async () => {
    const { sut, mocks } = newTestService();
    mocks.boards.find.mockResolvedValue(record());

    expect(await rejection(sut.view(amina, 'b-1', true))).toMatchObject({ code: ErrorCode.Forbidden });
  });

  it('refuses a file that is not a JPEG or PNG photo, and stores nothing', async () => {
    const { sut, mocks } = newTestService();
    mocks.boards.find.mockResolvedValue(record());

    const err = await rejection(sut.uploadPhoto(amina, 'b-1', Buffer.from('<svg onload=alert(1)>')));

    expect(err).toMatchObject({ code: ErrorCode.BoardPhotoInvalid });
    expect(mocks.storage.put).not.toHaveBeenCalled();
  });
});
