// The row budget of the deployment screen. The frame must never be taller than the terminal (Ink
// clears the whole screen before such a frame), so rows are handed out by priority, never assumed.

export interface LayoutCounts {
  /** An error banner is shown. */
  banner: boolean;
  /** Lines the details block would like at this width. */
  detailLines: number;
  replicas: number;
  events: number;
  /** The deployment scales on a queue: a line for it under the gauge. */
  queue?: boolean;
  /** Wide (WIDE_COLUMNS and up): the details and the recent changes side by side, under the table. */
  wide?: boolean;
}

export interface Layout {
  banner: number;
  title: number;
  rollout: number;
  gauge: number;
  /** The queue line: 1 when the deployment scales on a queue and the table keeps its room. */
  queue: number;
  details: number;
  /** The table's rule and column-header lines: 2, or 0 when no table fits. */
  tableChrome: number;
  tableRows: number;
  /** The timeline's rule line: 1, or 0 when no timeline fits. */
  timelineChrome: number;
  timelineRows: number;
  /** Wide only: the details | recent changes band under the table, its rule line included. */
  band: number;
  footer: number;
  /** Blank lines between the timeline and the footer, so the footer sits on the last row. */
  filler: number;
}

/** The replica rows the table keeps before the details block gets any (fewer when there are fewer replicas). */
export const MIN_TABLE_ROWS = 3;
/** From this width the details and the recent changes sit side by side under a full-width table. */
export const WIDE_COLUMNS = 160;
/** Below this height the details give their rows to the table: the essentials first. */
export const DETAILS_FROM_ROWS = 16;
/** Events the wide band keeps before the table takes the rest. */
const MIN_BAND_EVENTS = 5;

/**
 * Heights of every section for a terminal `rows` tall; they always sum to exactly `rows`.
 * Priority: title, footer, banner, rollout line, gauge, table with up to 3 rows, details (only
 * from DETAILS_FROM_ROWS rows; wide: the details | recent changes band), the rest of the table,
 * then whatever is left for the timeline.
 */
export function layout(rows: number, counts: LayoutCounts): Layout {
  let left = Math.max(0, Math.floor(rows) || 0);
  const take = (n: number) => {
    const k = Math.max(0, Math.min(n, left));
    left -= k;
    return k;
  };
  const title = take(1);
  const footer = take(1);
  const banner = take(counts.banner ? 1 : 0);
  const rollout = take(1);
  const gauge = take(1);
  const queue = take(counts.queue === true && left >= 4 ? 1 : 0);
  // At least one row under the table's header: a replica, or the line saying there are none.
  const tableLines = Math.max(1, counts.replicas);
  const tableChrome = left >= 3 ? take(2) : 0;
  let tableRows = tableChrome > 0 ? take(Math.min(tableLines, MIN_TABLE_ROWS)) : 0;
  const events = Math.max(1, counts.events);
  if (counts.wide === true) {
    const bandWants = 1 + Math.max(counts.detailLines, events);
    let band = left >= 2 ? take(1 + Math.max(counts.detailLines, Math.min(events, MIN_BAND_EVENTS))) : 0;
    if (tableChrome > 0) tableRows += take(tableLines - tableRows);
    if (band > 0) band += take(bandWants - band);
    const filler = take(left);
    return { banner, title, rollout, gauge, queue, details: 0, tableChrome, tableRows, timelineChrome: 0, timelineRows: 0, band, footer, filler };
  }
  const details = rows >= DETAILS_FROM_ROWS ? take(counts.detailLines) : 0;
  if (tableChrome > 0) tableRows += take(tableLines - tableRows);
  const timelineChrome = left >= 2 ? take(1) : 0;
  const timelineRows = timelineChrome > 0 ? take(events) : 0;
  const filler = take(left);
  return { banner, title, rollout, gauge, queue, details, tableChrome, tableRows, timelineChrome, timelineRows, band: 0, footer, filler };
}

export function totalRows(l: Layout): number {
  return l.banner + l.title + l.rollout + l.gauge + l.queue + l.details + l.tableChrome + l.tableRows + l.timelineChrome + l.timelineRows + l.band + l.footer + l.filler;
}
