// Dates as the contract writes them (YYYY-MM-DD, UTC).
export function isoDate(d: Date) { return d.toISOString().slice(0, 10); }
export function addDays(d: string, n: number) {
  const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + n); return isoDate(x);
}
export function mondayOf(d: Date) {
  const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7)); return isoDate(x);
}
