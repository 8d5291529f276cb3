// Compliance fields: an admin declares per category what must be filled to complete an order
// (model.ts, pure: schemas, ranges, the completion check in words); engineers enter values on
// site (record.ts: one transaction with its history event, idempotent by the phone's entry id);
// photos and signatures are checked by content (images.ts) and kept in the database or a folder
// (photos.ts); completeWork calls assertCompletable.
export * from './model';
export { sniffImage, decodeImage, type ImageType } from './images';
export { fieldsOfCategory, listComplianceFields, saveCategoryFields } from './fields';
export { loadPhotos, photoForPrincipal, type StoredPhoto } from './photos';
export { assertCompletable, getOrderCompliance, recordCompliance, type ComplianceDeps, type OrderComplianceField, type RecordResult } from './record';
