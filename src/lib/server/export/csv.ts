// The CSV writer lives in src/lib/csv.ts so the planning page can build the same export in the browser.
export { csvCell, toCsv } from '$lib/csv';
