// Where photos and signatures are kept: in the database (bytea), or as files in the folder
// COMPLIANCE_PHOTO_DIR names when it is set (the row then holds the file's name).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { withScope } from '../orders/scope';
import type { Principal } from '../principal';
import { extensionOf, type ImageType } from './images';

export const photoDir = () => process.env.COMPLIANCE_PHOTO_DIR || null;

export interface StoredPhoto {
  id: string;
  orderId: string;
  contentType: string;
  bytes: Uint8Array;
}

export async function storePhoto(
  tx: DbOrTx,
  photo: { orderId: string; contentType: ImageType; bytes: Uint8Array; createdBy: string; createdAt: Date },
): Promise<string> {
  const id = crypto.randomUUID();
  const dir = photoDir();
  let file: string | null = null;
  if (dir) {
    // Written before the row commits: a transaction that fails leaves an unreferenced file, never a row without one.
    file = `${id}.${extensionOf(photo.contentType)}`;
    await mkdir(/*turbopackIgnore: true*/ dir, { recursive: true });
    await writeFile(join(/*turbopackIgnore: true*/ dir, file), photo.bytes);
  }
  await tx.insert(s.compliancePhotos).values({
    id,
    orderId: photo.orderId,
    contentType: photo.contentType,
    byteSize: photo.bytes.length,
    data: file ? null : photo.bytes,
    file,
    createdBy: photo.createdBy,
    createdAt: photo.createdAt,
  });
  return id;
}

async function bytesOf(r: { data: Uint8Array | null; file: string | null }): Promise<Uint8Array> {
  if (r.data) return new Uint8Array(r.data);
  const dir = photoDir();
  if (!dir || !r.file) throw new Error(`compliance photo file ${r.file} but COMPLIANCE_PHOTO_DIR is not set`);
  return new Uint8Array(await readFile(join(/*turbopackIgnore: true*/ dir, r.file)));
}

/** Photos by id (those that exist). The caller has checked the order's scope. */
export async function loadPhotos(db: DbOrTx, ids: readonly string[]): Promise<Map<string, StoredPhoto>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(s.compliancePhotos).where(inArray(s.compliancePhotos.id, [...new Set(ids)]));
  const out = new Map<string, StoredPhoto>();
  for (const r of rows) out.set(r.id, { id: r.id, orderId: r.orderId, contentType: r.contentType, bytes: await bytesOf(r) });
  return out;
}

/** One photo's order, to check scope before reading its bytes. */
export async function photoOrderId(db: DbOrTx, id: string): Promise<string | null> {
  const [r] = await db.select({ orderId: s.compliancePhotos.orderId }).from(s.compliancePhotos).where(eq(s.compliancePhotos.id, id));
  return r?.orderId ?? null;
}

/** A photo for whoever may see its order (else null, exactly like a missing id). */
export async function photoForPrincipal(db: DbOrTx, principal: Principal, id: string): Promise<StoredPhoto | null> {
  const orderId = await photoOrderId(db, id);
  if (!orderId) return null;
  const [visible] = await db.select({ id: s.workOrders.id }).from(s.workOrders).where(withScope(principal, eq(s.workOrders.id, orderId)));
  if (!visible) return null;
  return (await loadPhotos(db, [id])).get(id) ?? null;
}
