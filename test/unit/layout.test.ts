import { describe, expect, test } from 'vitest';
import { DETAILS_FROM_ROWS, layout, MIN_TABLE_ROWS, totalRows, type LayoutCounts } from '../../src/ui/layout.js';

const counts = (c: Partial<LayoutCounts> = {}): LayoutCounts => ({ banner: false, detailLines: 3, replicas: 3, events: 5, ...c });

describe('layout', () => {
  test('the sections always add up to exactly the terminal height', () => {
    for (let rows = 0; rows <= 60; rows++) {
      for (const replicas of [0, 1, 3, 5, 40]) {
        for (const banner of [false, true]) {
          for (const detailLines of [0, 2, 6]) {
            for (const events of [0, 4, 100]) {
              for (const wide of [false, true]) {
                const l = layout(rows, { banner, detailLines, replicas, events, wide });
                expect(totalRows(l), JSON.stringify({ rows, replicas, banner, detailLines, events, wide })).toBe(rows);
                for (const v of Object.values(l)) expect(v).toBeGreaterThanOrEqual(0);
              }
            }
          }
        }
      }
    }
  });

  test('80x24 with five replicas: header, gauge, details, every replica, and the timeline in what is left', () => {
    expect(layout(24, counts({ replicas: 5, events: 20 }))).toEqual({
      banner: 0, title: 1, rollout: 1, gauge: 1, queue: 0, details: 3, tableChrome: 2, tableRows: 5,
      timelineChrome: 1, timelineRows: 9, band: 0, footer: 1, filler: 0,
    });
  });

  test('a queue line gets the row under the gauge when the deployment scales on a queue and the table keeps its room', () => {
    expect(layout(24, counts({ replicas: 5, events: 20, queue: true }))).toMatchObject({ queue: 1, timelineRows: 8 });
    expect(layout(24, counts({ replicas: 5, events: 20 })).queue).toBe(0);
    // 8 rows: title, footer, rollout, gauge, queue and the table's rule, header and one row.
    expect(layout(8, counts({ replicas: 5, queue: true })).queue).toBe(1);
    expect(layout(7, counts({ replicas: 5, queue: true }))).toMatchObject({ queue: 0, tableChrome: 2, tableRows: 1 });
  });

  test('the table keeps three replica rows before the details get any', () => {
    const l = layout(DETAILS_FROM_ROWS, counts({ replicas: 10, detailLines: 8, banner: true }));
    expect(l.tableRows).toBe(MIN_TABLE_ROWS);
    expect(l.details).toBe(DETAILS_FROM_ROWS - 1 - 1 - 1 - 1 - 1 - 2 - MIN_TABLE_ROWS);
    expect(l.timelineRows).toBe(0);
  });

  test('short terminals give the rows of the details to the replicas: the essentials first', () => {
    const l = layout(12, counts({ replicas: 10, detailLines: 4 }));
    expect(l.details).toBe(0);
    expect(l.tableRows).toBe(12 - 4 - 2);
  });

  test('wide: the details and the recent changes share a band under the table, which takes its rows first', () => {
    const l = layout(48, counts({ replicas: 5, detailLines: 4, events: 100, wide: true }));
    expect(l).toMatchObject({ details: 0, timelineChrome: 0, timelineRows: 0, tableChrome: 2, tableRows: 5 });
    expect(l.band).toBe(48 - 4 - 2 - 5);
    const crowded = layout(48, counts({ replicas: 100, detailLines: 4, events: 100, wide: true }));
    // The band keeps its rule and five events (more than the four detail lines); the table the rest.
    expect(crowded.band).toBe(1 + 5);
    expect(crowded.tableRows).toBe(48 - 4 - 2 - 6);
  });

  test('many replicas take the rows before the timeline does', () => {
    const l = layout(24, counts({ replicas: 40 }));
    expect(l.tableRows).toBe(24 - 4 - 3 - 2);
    expect(l.timelineChrome + l.timelineRows).toBe(0);
  });

  test('a timeline needs room for its rule and one event, else it is left out', () => {
    // 16 rows: title, footer, rollout, gauge (4) + table 2+3 (5) + details leave 2 or 1.
    const fits = layout(16, counts({ replicas: 3, detailLines: 5 }));
    expect([fits.timelineChrome, fits.timelineRows, fits.filler]).toEqual([1, 1, 0]);
    const tight = layout(16, counts({ replicas: 3, detailLines: 6 }));
    expect([tight.timelineChrome, tight.timelineRows, tight.filler]).toEqual([0, 0, 1]);
  });

  test('with no replicas the table still has a line to say so', () => {
    const l = layout(24, counts({ replicas: 0 }));
    expect(l.tableChrome).toBe(2);
    expect(l.tableRows).toBe(1);
  });

  test('spare rows become filler above the footer', () => {
    const l = layout(48, counts({ replicas: 3, events: 2 }));
    expect(l.timelineRows).toBe(2);
    expect(l.filler).toBe(48 - (4 + 3 + 5 + 3));
  });

  test('tiny terminals keep the title, then the footer, then the banner', () => {
    expect(layout(1, counts({ banner: true }))).toMatchObject({ title: 1, footer: 0, banner: 0 });
    expect(layout(2, counts({ banner: true }))).toMatchObject({ title: 1, footer: 1, banner: 0 });
    expect(layout(3, counts({ banner: true }))).toMatchObject({ title: 1, footer: 1, banner: 1, tableChrome: 0 });
  });
});
