// Reference for redraw cost and idle CPU: a bare Ink app re-rendering a clock every second.
// `node bench/ink-clock.mjs [lines]`: lines=1 is the one-line clock, lines=22 a 22-line frame
// whose last line is the clock, drawn with Ink's default (full) redraw.
import { createElement as h, useEffect, useState } from 'react';
import { Box, Text, render } from 'ink';

const lines = Number(process.argv[2] ?? 1);

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const rows = Array.from({ length: lines - 1 }, (_, i) => h(Text, { key: i }, `replica-${i}  Running  ready  rev-1  Completed`));
  return h(Box, { flexDirection: 'column' }, ...rows, h(Text, null, now.toLocaleTimeString()));
}

render(h(Clock));
