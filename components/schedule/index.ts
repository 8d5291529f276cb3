// The schedule board's public surface: the board itself (a client component) and, for the page on
// the server, the range it reads first (timeline.ts and zone.ts are plain modules).
export { ScheduleBoard, type ScheduleBoardProps } from './board';
export { boardInput, makeView } from './timeline';
export { zonedDate } from './zone';
export { WeeklyHoursFields, hoursToText, textToHours, DAY_LABELS, WEEK_DAYS, type Day, type WeeklyHours, type WeeklyText } from './weekly-hours';
