// The work-order document: rows → a description (model.ts, pure) → a PDF (render.ts, pdfkit),
// served by http.ts. Compliance values are read from the order's history in the shape compliance.ts fixes.
export { handleDocumentRequest } from './http';
export { loadDocumentRows } from './load';
export { buildWorkOrderDocument, documentFileName, formatInZone, DISPATCH_FIELD_LABELS, type DocumentRows, type DocumentSection, type WorkOrderDocument } from './model';
export { renderWorkOrderPdf, plainText } from './render';
export { complianceValues, photoIdsOf, COMPLIANCE_KINDS, type ComplianceEntry, type CompliancePhotos, type ComplianceKind, type ComplianceValue } from './compliance';
