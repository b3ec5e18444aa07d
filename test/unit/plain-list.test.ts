import { describe, expect, test } from 'vitest';
import { formatList } from '../../src/plain/list.js';
import { textWidth } from '../../src/ui/format.js';
import { deployment, failedDeployment, iso, rollingDeployment, T0 } from '../helpers/fixtures.js';

describe('formatList', () => {
  test('one line per deployment under a header, sorted by name, columns aligned', () => {
    const lines = formatList({
      data: [
        { ...rollingDeployment(), name: 'web', id: 'dep-2' },
        { ...deployment({ updated_at: iso(T0 - 3 * 3_600_000) }), name: 'api', id: 'dep-1' },
        { ...failedDeployment(), name: 'batch', id: 'dep-3' },
      ],
    }, T0);
    expect(lines[0]).toMatch(/^NAME +ID +STATUS +READY +ROLLOUT +UPDATED +IMAGE$/);
    expect(lines.slice(1).map((l) => l.split(/ +/)[0])).toEqual(['api', 'batch', 'web']);
    expect(lines[1]).toMatch(/^api +dep-1 +Ready +3\/3 +stable +3h ago +\S+$/);
    expect(lines[3]).toMatch(/^web +dep-2 +Updating +\d\/3 +rolling rev-2 /);
    // Every column starts where its header does.
    for (const header of ['ID', 'STATUS', 'READY']) {
      const at = lines[0]!.indexOf(header);
      for (const line of lines.slice(1)) expect(line[at - 1]).toBe(' ');
    }
  });

  test('says so when there are none', () => {
    expect(formatList({ data: [] }, T0)).toEqual(['no deployments']);
  });

  test('columns stay aligned when a name has wide characters', () => {
    const lines = formatList({ data: [{ ...deployment(), name: '推理-api', id: 'dep-1' }, { ...deployment(), name: 'web', id: 'dep-22' }] }, T0);
    const idAt = (line: string) => textWidth(line.slice(0, line.indexOf('dep-')));
    expect(idAt(lines[1]!)).toBe(idAt(lines[0]!.replace('ID', 'dep-')));
    expect(idAt(lines[2]!)).toBe(idAt(lines[1]!));
  });
});
