// What escapes every planned section's own boundary still does not take the screen down.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScreenBoundary } from '../../src/ui/components/ScreenBoundary.js';

function Screen({ fail }: { fail: boolean }) {
  if (fail) throw new RangeError('Invalid count value: -168\x1b[2J');
  return <Text>all well</Text>;
}

afterEach(() => vi.restoreAllMocks());

describe('ScreenBoundary', () => {
  it('shows why in one clean line, and draws the screen again with the next state', () => {
    // React reports the caught error on the console; the test does not need to see it.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = render(<ScreenBoundary resetKey={1}><Screen fail /></ScreenBoundary>);
    expect(app.lastFrame()).toBe('(cannot show: Invalid count value: -168)');
    app.rerender(<ScreenBoundary resetKey={1}><Screen fail={false} /></ScreenBoundary>);
    expect(app.lastFrame()).toBe('(cannot show: Invalid count value: -168)');
    app.rerender(<ScreenBoundary resetKey={2}><Screen fail={false} /></ScreenBoundary>);
    expect(app.lastFrame()).toBe('all well');
    app.unmount();
  });
});
