// Moved to components/ui; this path stays until the queue workspace imports from there.
export { Modal, ModalActions, errorText } from '../ui/modal';
