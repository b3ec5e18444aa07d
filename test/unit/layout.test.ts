import { describe, expect, test } from 'vitest';
import { layout, MIN_TABLE_ROWS, totalRows, type LayoutCounts } from '../../src/ui/layout.js';

const counts = (c: Partial<LayoutCounts> = {}): LayoutCounts => ({ banner: false, detailLines: 3, replicas: 3, events: 5, ...c });

describe('layout', () => {
  test('the sections always add up to exactly the terminal height', () => {
    for (let rows = 0; rows <= 60; rows++) {
      for (const replicas of [0, 1, 3, 5, 40]) {
        for (const banner of [false, true]) {
          for (const detailLines of [0, 2, 6]) {
            for (const events of [0, 4, 100]) {
              const l = layout(rows, { banner, detailLines, replicas, events });
              expect(totalRows(l), JSON.stringify({ rows, replicas, banner, detailLines, events })).toBe(rows);
              for (const v of Object.values(l)) expect(v).toBeGreaterThanOrEqual(0);
            }
          }
        }
      }
    }
  });

  test('80x24 with five replicas: header, gauge, details, every replica, and the timeline in what is left', () => {
    expect(layout(24, counts({ replicas: 5, events: 20 }))).toEqual({
      banner: 0, title: 1, rollout: 1, gauge: 1, queue: 0, details: 3, tableChrome: 2, tableRows: 5,
      timelineChrome: 1, timelineRows: 9, footer: 1, filler: 0,
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
    const l = layout(12, counts({ replicas: 10, detailLines: 4, banner: true }));
    expect(l.tableRows).toBe(MIN_TABLE_ROWS);
    expect(l.details).toBe(12 - 1 - 1 - 1 - 1 - 1 - 2 - MIN_TABLE_ROWS);
    expect(l.timelineRows).toBe(0);
  });

  test('many replicas take the rows before the timeline does', () => {
    const l = layout(24, counts({ replicas: 40 }));
    expect(l.tableRows).toBe(24 - 4 - 3 - 2);
    expect(l.timelineChrome + l.timelineRows).toBe(0);
  });

  test('a timeline needs room for its rule and one event, else it is left out', () => {
    // 13 rows: title, footer, rollout, gauge (4) + table 2+3 (5) + details leave 2 or 1.
    const fits = layout(13, counts({ replicas: 3, detailLines: 2 }));
    expect([fits.timelineChrome, fits.timelineRows, fits.filler]).toEqual([1, 1, 0]);
    const tight = layout(13, counts({ replicas: 3, detailLines: 3 }));
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
