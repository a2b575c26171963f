// Python's English day and month names (strftime writes them, strptime reads them) and its zero
// padding. A module of its own, importing nothing: now.ts and datetime.ts are in one import cycle
// (through python.ts), so what datetime.ts reads while it loads cannot come from now.ts.

export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
