import { type CalendarYear, type Holiday } from './calendar-year';

// Weekday holidays only; holidays that fall on a weekend do not change trading.
const NSE_2026: readonly Holiday[] = [
  { date: '2026-01-15', name: 'Municipal Corporation election, Maharashtra' },
  { date: '2026-01-26', name: 'Republic Day' },
  { date: '2026-03-03', name: 'Holi' },
  { date: '2026-03-26', name: 'Shri Ram Navami' },
  { date: '2026-03-31', name: 'Shri Mahavir Jayanti' },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-14', name: 'Dr. Baba Saheb Ambedkar Jayanti' },
  { date: '2026-05-01', name: 'Maharashtra Day' },
  { date: '2026-05-28', name: 'Bakri Id' },
  { date: '2026-06-26', name: 'Muharram' },
  { date: '2026-09-14', name: 'Ganesh Chaturthi' },
  { date: '2026-10-02', name: 'Mahatma Gandhi Jayanti' },
  { date: '2026-10-20', name: 'Dussehra' },
  { date: '2026-11-10', name: 'Diwali Balipratipada' },
  { date: '2026-11-24', name: 'Prakash Gurpurb Sri Guru Nanak Dev' },
  { date: '2026-12-25', name: 'Christmas' },
];

export const CALENDAR_2026: CalendarYear = {
  year: 2026,
  // BSE's list usually matches NSE's for these segments; assumed equal until BSE's circular is checked.
  holidays: { NSE: NSE_2026, BSE: NSE_2026 },
  specialSessions: [
    {
      date: '2026-02-01',
      name: 'Union Budget (Sunday live session)',
      exchanges: ['NSE', 'BSE'],
      open: '09:15',
      close: '15:00',
      preOpen: { start: '09:00', end: '09:08' },
      countsAsTradingDay: true,
      source: 'shared/reference/market-calendar.md: live session 09:15-15:00 on Sun 1 Feb 2026',
    },
    // Muhurat trading on Sun 2026-11-08: add once its hours are confirmed from the circular.
  ],
  sources: [
    'NSE trading holidays 2026 via stocktrack.co.in and upstox.com (shared/reference/market-calendar.md)',
  ],
};
