import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/logger.js';
import { createClaimBatcher, createUpdateReceiver } from './update-receiver.js';

const message = (updateId: number, chatId: number) =>
  ({
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat: { id: chatId, type: 'private' } },
  }) as Update;

function createFakeClaims() {
  const taken = new Set<number>();
  const batches: number[][] = [];
  return {
    batches,
    handled: [] as number[],
    claimUpdates: async (updates: { updateId: number }[]) => {
      const ids = updates.map((update) => update.updateId);
      batches.push(ids);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [...new Set(ids)].filter((id) => !taken.has(id) && taken.add(id));
    },
    async markUpdatesHandled(ids: number[]) {
      this.handled.push(...ids);
    },
  };
}

describe('createUpdateReceiver', () => {
  it("handles one chat's updates in arrival order, even when an earlier one is slower, and other chats alongside", async () => {
    const events: string[] = [];
    const bot = {
      handleUpdate: async (update: Update) => {
        events.push(`start ${update.update_id}`);
        // The first update of chat 1 is slow: without ordering, the second would finish first.
        await new Promise((resolve) => setTimeout(resolve, update.update_id === 1 ? 40 : 1));
        events.push(`end ${update.update_id}`);
      },
    };
    const receiver = createUpdateReceiver({
      bot,
      telegramRepository: createFakeClaims(),
      logger: silentLogger,
      quietMs: 0,
    });
    await Promise.all([
      receiver.receive(message(1, 100)),
      receiver.receive(message(2, 100)),
      receiver.receive(message(3, 200)),
    ]);
    await receiver.drain();
    expect(events.indexOf('start 2')).toBeGreaterThan(events.indexOf('end 1'));
    expect(events.indexOf('end 3')).toBeLessThan(events.indexOf('end 1'));
  });

  it('refuses a repeat delivery and handles the update once', async () => {
    const handled: number[] = [];
    const receiver = createUpdateReceiver({
      bot: { handleUpdate: async (update: Update) => void handled.push(update.update_id) },
      telegramRepository: createFakeClaims(),
      logger: silentLogger,
      quietMs: 0,
    });
    expect(await Promise.all([receiver.receive(message(7, 1)), receiver.receive(message(7, 1))])).toEqual([
      true,
      false,
    ]);
    await receiver.drain();
    expect(handled).toEqual([7]);
  });

  it('marks an update handled once the bot is done with it, so no worker takes it over', async () => {
    const claims = createFakeClaims();
    const receiver = createUpdateReceiver({
      bot: { handleUpdate: async () => undefined },
      telegramRepository: claims,
      logger: silentLogger,
      quietMs: 0,
    });
    await receiver.receive(message(9, 1));
    await receiver.drain();
    expect(claims.handled).toEqual([9]);
  });
});

describe('createClaimBatcher', () => {
  it('keeps one claim statement in flight and sends the ids that arrive meanwhile together', async () => {
    const fake = createFakeClaims();
    const claim = createClaimBatcher<null>((items) => fake.claimUpdates(items.map(({ id }) => ({ updateId: id }))));
    const results = await Promise.all([1, 2, 3, 4, 2].map((id) => claim(id, null)));
    expect(results).toEqual([true, true, true, true, false]);
    expect(fake.batches).toEqual([[1], [2, 3, 4, 2]]);
  });

  it('passes a database failure to every waiting caller, so the webhook answers 500 and Telegram retries', async () => {
    const claim = createClaimBatcher(async () => {
      throw new Error('database down');
    });
    await expect(Promise.all([claim(1, null), claim(2, null)])).rejects.toThrow('database down');
  });
});
