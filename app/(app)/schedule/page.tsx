import { ScheduleBoard } from '../../../components/schedule/board';
import { boardInput, makeView } from '../../../components/schedule/timeline';
import { zonedDate } from '../../../components/schedule/zone';
import { getServerCaller, requirePage } from '../../../server/rsc';

export const metadata = { title: 'Schedule' };

/**
 * The schedule board. `?view=week&date=YYYY-MM-DD` opens another view than today's day; the first
 * view is read with the page, so the board paints with its rows, later ones by the browser.
 */
export default async function SchedulePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePage('/schedule');
  const params = await searchParams;
  const caller = await getServerCaller();
  const { timeZone } = await caller.settings.schedule();
  const today = zonedDate(Date.now(), timeZone);
  const view = params.view === 'week' ? 'week' : 'day';
  const date = typeof params.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(params.date) && !Number.isNaN(Date.parse(params.date)) ? params.date : today;
  const input = boardInput(makeView(view, date, timeZone));
  const data = await caller.schedule.board(input);
  return (
    <ScheduleBoard
      timeZone={timeZone}
      today={today}
      initialView={view}
      initialDate={date}
      canReallocate={principal.permissions.includes('reallocate')}
      initialGroupBy={principal.role === 'provider_dispatcher' ? 'provider' : 'group'}
      initial={{ input, data }}
    />
  );
}
