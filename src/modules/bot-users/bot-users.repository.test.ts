import { expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '../../adapters/db/db.test-utils.js';
import { createBotUsersRepository } from './bot-users.repository.js';

describeEachDatabase('bot users', (kind) => {
  const database = useTestDatabase(kind);
  const repo = () => createBotUsersRepository({ db: database().db });

  it('records private users, their last valid code and blocking, and unblocks a user who writes again', async () => {
    await repo().recordUser({ chatId: 42, username: 'ann', firstName: 'Ann', languageCode: 'en' });
    await repo().setLastValidCode({ chatId: 42, code: 'SAVE20' });
    await repo().setBlocked({ chatId: 42, blocked: true });
    expect(await repo().getUser(42)).toMatchObject({ username: 'ann', lastValidCode: 'SAVE20', blocked: true });
    await repo().recordUser({ chatId: 42, username: 'ann_new', firstName: 'Ann' });
    expect(await repo().getUser(42)).toMatchObject({
      username: 'ann_new',
      lastValidCode: 'SAVE20',
      blocked: false,
      blockedAt: null,
    });
  });

  it('records groups and channels separately from users', async () => {
    await repo().recordChat({ chatId: -100123, title: 'Deals', type: 'channel' });
    await repo().recordChat({ chatId: -100123, title: 'Deals & More', type: 'channel' });
    expect(await repo().getUser(-100123)).toBeNull();
  });
});
