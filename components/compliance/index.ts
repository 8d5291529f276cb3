// Compliance fields on site: the section of the engineer's order page (entries kept on the phone
// and sent when online), with its signature pad and photo capture.
export { ComplianceSection } from './compliance-section';
