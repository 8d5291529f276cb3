// The schedule board's public surface: the board itself and the range it reads first.
export { ScheduleBoard, boardInput, type ScheduleBoardProps } from './board';
export { makeView } from './timeline';
export { zonedDate } from './zone';
export { WeeklyHoursFields, hoursToText, textToHours, DAY_LABELS, WEEK_DAYS, type Day, type WeeklyHours, type WeeklyText } from './weekly-hours';
