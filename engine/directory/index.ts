export * from './directory';
export * from './directory.schema';
export { loadPrincipal } from './principal';
export * from './schedule';
export * from './schedule.schema';
export { shiftsBetween, localDate, type WeeklyHoursData, type DaysOff } from './shifts';
