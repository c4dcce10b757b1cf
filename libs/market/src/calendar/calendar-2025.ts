import { type CalendarYear, type Holiday } from './calendar-year';

// Weekday holidays only; holidays that fall on a weekend do not change trading.
const NSE_2025: readonly Holiday[] = [
  { date: '2025-02-26', name: 'Mahashivratri' },
  { date: '2025-03-14', name: 'Holi' },
  { date: '2025-03-31', name: 'Id-Ul-Fitr (Ramadan Eid)' },
  { date: '2025-04-10', name: 'Shri Mahavir Jayanti' },
  { date: '2025-04-14', name: 'Dr. Baba Saheb Ambedkar Jayanti' },
  { date: '2025-04-18', name: 'Good Friday' },
  { date: '2025-05-01', name: 'Maharashtra Day' },
  { date: '2025-08-15', name: 'Independence Day' },
  { date: '2025-08-27', name: 'Ganesh Chaturthi' },
  { date: '2025-10-02', name: 'Mahatma Gandhi Jayanti / Dussehra' },
  { date: '2025-10-21', name: 'Diwali Laxmi Pujan' },
  { date: '2025-10-22', name: 'Diwali Balipratipada' },
  { date: '2025-11-05', name: 'Prakash Gurpurb Sri Guru Nanak Dev' },
  { date: '2025-12-25', name: 'Christmas' },
];

export const CALENDAR_2025: CalendarYear = {
  year: 2025,
  // BSE published the same equity-derivatives list for 2025.
  holidays: { NSE: NSE_2025, BSE: NSE_2025 },
  specialSessions: [
    {
      date: '2025-02-01',
      name: 'Union Budget (Saturday live session)',
      exchanges: ['NSE', 'BSE'],
      open: '09:15',
      close: '15:30',
      preOpen: { start: '09:00', end: '09:08' },
      countsAsTradingDay: true,
      source: 'NSE circular, Jan 2025: live trading session on Saturday 1 Feb 2025 [V]',
    },
    {
      date: '2025-10-21',
      name: 'Muhurat trading (Diwali Laxmi Pujan)',
      exchanges: ['NSE', 'BSE'],
      open: '13:45',
      close: '14:45',
      preOpen: { start: '13:30', end: '13:38' },
      countsAsTradingDay: false,
      source: 'NSE/BSE circulars, Oct 2025: Muhurat 13:45-14:45 IST on Tue 21 Oct 2025 [V]',
    },
  ],
  sources: ['NSE circular NSE/CMTR/65587 (Dec 2024), trading holidays 2025, from memory [V]'],
};
