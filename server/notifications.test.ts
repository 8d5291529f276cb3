// The notifications router: each user sees and marks only their own notifications.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../drizzle/schema';
import { seedDemoData } from '../drizzle/seed/seed';
import { createTestDatabase, type TestDatabase } from '../drizzle/testing';
import type { Principal } from '../engine/principal';
import { createContextInner } from './context';
import { createCaller } from './root';
import { demoPrincipal } from './testing/principals';

describe('notifications router', () => {
  let db: TestDatabase;
  let dispatcher: Principal;
  let engineer: Principal;
  const as = (principal: Principal | null) => createCaller(createContextInner({ db: db.db, principal }));

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db, { orders: 0 });
    dispatcher = await demoPrincipal(db.db, 'dispatcher');
    engineer = await demoPrincipal(db.db, 'engineer');
    await db.db.delete(s.notifications); // start from an empty outbox
    const mk = (recipientId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ recipientId, orderId: null, kind: 'assigned', title: `${recipientId} #${i}`, body: 'b' }));
    await db.db.insert(s.notifications).values([...mk(dispatcher.id, 3), ...mk(engineer.id, 2)]);
  });
  afterAll(() => db?.dispose());

  it('lists only the caller’s own notifications, newest first, with the unread count', async () => {
    const mine = await as(dispatcher).notifications.list();
    expect(mine.unread).toBe(3);
    expect(mine.items.map((n) => n.title)).toEqual([`${dispatcher.id} #2`, `${dispatcher.id} #1`, `${dispatcher.id} #0`]);
    const theirs = await as(engineer).notifications.list({ limit: 50 });
    expect(theirs.unread).toBe(2);
    expect(theirs.items.every((n) => n.title.startsWith(engineer.id))).toBe(true);
  });

  it('marks read only the caller’s own rows, whatever ids are sent', async () => {
    const mine = await as(dispatcher).notifications.list();
    const theirs = await as(engineer).notifications.list();
    const result = await as(dispatcher).notifications.markRead({ ids: [mine.items[0].id, ...theirs.items.map((n) => n.id)] });
    expect(result.updated).toBe(1);
    expect((await as(dispatcher).notifications.list()).unread).toBe(2);
    expect((await as(engineer).notifications.list()).unread).toBe(2); // untouched
    const [row] = await db.db.select().from(s.notifications).where(eq(s.notifications.id, mine.items[0].id));
    expect(row.readAt).toBeInstanceOf(Date);
    // Marking again changes nothing.
    expect((await as(dispatcher).notifications.markRead({ ids: [mine.items[0].id] })).updated).toBe(0);
  });

  it('marks all of the caller’s own read, and only theirs', async () => {
    expect((await as(dispatcher).notifications.markAllRead()).updated).toBe(2);
    expect((await as(dispatcher).notifications.list()).unread).toBe(0);
    expect((await as(engineer).notifications.list()).unread).toBe(2);
  });

  it('marks read, on opening an order, only the caller’s own unread notifications about that order', async () => {
    await db.db.delete(s.notifications);
    const about = (recipientId: string, orderId: string | null, title: string) => ({ recipientId, orderId, kind: 'assigned', title, body: 'b' });
    await db.db.insert(s.notifications).values([
      about(engineer.id, 'order-a', 'mine about a'),
      about(engineer.id, 'order-a', 'mine about a, again'),
      about(engineer.id, 'order-b', 'mine about b'),
      about(engineer.id, null, 'mine about nothing'),
      about(dispatcher.id, 'order-a', 'theirs about a'),
    ]);
    expect((await as(engineer).notifications.markOrderRead({ orderId: 'order-a' })).updated).toBe(2);
    const unread = async (who: Principal) => (await as(who).notifications.list()).items.filter((n) => !n.readAt).map((n) => n.title).sort();
    expect(await unread(engineer)).toEqual(['mine about b', 'mine about nothing']);
    expect(await unread(dispatcher)).toEqual(['theirs about a']);
    // Opening it again changes nothing; the read time stays the first one.
    const [first] = await db.db.select().from(s.notifications).where(eq(s.notifications.title, 'mine about a'));
    expect((await as(engineer).notifications.markOrderRead({ orderId: 'order-a' })).updated).toBe(0);
    const [again] = await db.db.select().from(s.notifications).where(eq(s.notifications.title, 'mine about a'));
    expect(again.readAt).toEqual(first.readAt);
    await expect(as(null).notifications.markOrderRead({ orderId: 'order-a' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(as(engineer).notifications.markOrderRead({ orderId: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses the signed-out and bad input', async () => {
    await expect(as(null).notifications.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(as(engineer).notifications.markRead({ ids: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
