// The UI primitives every feature builds on. Features import from here, never from each other's
// folders for these.
export { Dialog, DialogActions, FormAlert, Modal, ModalActions, errorText } from './modal';
export { FormDialog } from './form-dialog';
export { CheckboxField, Field, FieldError, FilterField, SearchField, SelectField, TextField, useFieldControl } from './field';
export { CheckGroup, CheckList, type CheckOption } from './check-list';
export { Tags } from './tags';
export { joinList, numberOrUndefined, splitList, useFormValues, useZodForm, type FieldControl, type FieldErrors } from './use-zod-form';
export { DataTable, type Column } from './data-table';
export { Pager, useCursorPages } from './pager';
export { DateTime, TimeAgo, formatDateTime, splitMinutes, timeAgo } from './time';
export { FormFooter, LoadError, StatusLine, useStatus } from './status-line';
export { DecisionSummary, TARGET_LABEL, TraceDetails, TraceView, assigneeText, showValue } from './trace-view';
export { Panel } from './panel';
export { PeriodFields, type Period } from './period-fields';
export { VehicleBadge, vehicleText, type VehicleView } from './vehicle';
