import { expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { createTelegramRepository, fileCacheKey } from './telegram.repository.js';

describeEachDatabase('telegram state', (kind) => {
  const database = useTestDatabase(kind);
  const repo = () => createTelegramRepository({ db: database().db });
  const claim = (ids: number[], leaseSeconds = 60): Promise<number[]> =>
    repo().claimUpdates(
      ids.map((updateId) => ({ updateId, payload: { update_id: updateId } })),
      leaseSeconds,
    );

  it('lets exactly one of several simultaneous deliveries claim an update', async () => {
    const claimUpdate = async (id: number) => (await claim([id])).includes(id);
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimUpdate(1001)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimUpdate(1001)).toBe(false);
    expect(await claimUpdate(1002)).toBe(true);
  });

  it('claims a batch of ids at once, each only if no one has it yet', async () => {
    expect(await claim([5])).toEqual([5]);
    expect((await claim([4, 5, 6, 6])).sort()).toEqual([4, 6]);
  });

  it('keeps a claimed update for a worker to take over once its lease runs out, unless it was handled', async () => {
    await claim([21, 22], 0);
    await claim([23], 60);
    await repo().markUpdatesHandled([22]);
    const stale = await repo().takeOverStaleUpdates({ limit: 10, leaseSeconds: 60 });
    expect(stale).toEqual([{ updateId: 21, payload: { update_id: 21 }, attempts: 2 }]);
    // Taken over: leased again, so a second worker does not get it too.
    expect(await repo().takeOverStaleUpdates({ limit: 10, leaseSeconds: 60 })).toEqual([]);
  });

  it('housekeeping forgets old update ids and expired conversations only', async () => {
    await claim([1, 2]);
    await repo().forgetUpdatesBefore(new Date(Date.now() - 60_000));
    expect(await claim([1, 2])).toEqual([]);
    await repo().forgetUpdatesBefore(new Date(Date.now() + 60_000));
    expect((await claim([1, 2])).sort()).toEqual([1, 2]);

    const now = new Date('2026-11-25T12:00:00Z');
    const state = { step: 'awaiting_code' };
    await repo().setConversation({ chatId: 1, userId: 1, state, expiresAt: new Date(now.getTime() - 1) });
    await repo().setConversation({ chatId: 2, userId: 2, state, expiresAt: new Date(now.getTime() + 60_000) });
    await repo().forgetConversationsExpiredBy(now);
    expect(await repo().getConversation({ chatId: 1, userId: 1, now: new Date(0) })).toBeNull();
    expect(await repo().getConversation({ chatId: 2, userId: 2, now })).toEqual(state);
  });

  it('keeps a conversation per (chat, user) until it expires, and clears it', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    await repo().setConversation({
      chatId: 7,
      userId: 7,
      state: { step: 'awaiting_code' },
      expiresAt: new Date(now.getTime() + 60_000),
    });
    expect(await repo().getConversation({ chatId: 7, userId: 7, now })).toEqual({ step: 'awaiting_code' });
    expect(await repo().getConversation({ chatId: 7, userId: 8, now })).toBeNull();
    expect(await repo().getConversation({ chatId: 7, userId: 7, now: new Date(now.getTime() + 61_000) })).toBeNull();
    await repo().setConversation({
      chatId: 7,
      userId: 7,
      state: { step: 'choosing', code: 'SAVE20', page: 1 },
      expiresAt: new Date(now.getTime() + 60_000),
    });
    expect(await repo().getConversation({ chatId: 7, userId: 7, now })).toEqual({
      step: 'choosing',
      code: 'SAVE20',
      page: 1,
    });
    await repo().clearConversation({ chatId: 7, userId: 7 });
    expect(await repo().getConversation({ chatId: 7, userId: 7, now })).toBeNull();
  });

  it('caches file_ids per template version, variant, code and kind', async () => {
    const key = fileCacheKey({ slug: 'flash-sale', version: 3, variant: 'square', code: 'SAVE20', kind: 'photo' });
    expect(key).toBe('flash-sale:3:square:SAVE20:photo');
    expect(await repo().getFileId(key)).toBeNull();
    await repo().setFileId({ key, fileId: 'AgAC-1' });
    await repo().setFileId({ key, fileId: 'AgAC-2' });
    expect(await repo().getFileId(key)).toBe('AgAC-2');
    expect(
      await repo().getFileId(
        fileCacheKey({ slug: 'flash-sale', version: 4, variant: 'square', code: 'SAVE20', kind: 'photo' }),
      ),
    ).toBeNull();
  });
});
