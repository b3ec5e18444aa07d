// The replay bar's text: where the recording stands and the keys that move it.
import type { PlayerView } from '../record/player.js';
import { skippedText } from '../record/reader.js';
import { textWidth } from './format.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The recorded time as HH:MM:SS, local time like every clock on the screens. */
function clockText(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function speedText(speed: number): string {
  return speed >= 1 ? String(speed) : `1/${Math.round(1 / speed)}`;
}

/** The bar in at most `columns` cells where it can be: the keys' words go first, then the keys. */
export function replayBar(view: PlayerView, skipped: number, ascii: boolean, columns = Infinity): string {
  const state = view.paused ? (ascii ? '||' : '❚❚') : ascii ? '>' : '▶';
  const where = `replay ${clockText(view.at)} ${state} ${ascii ? 'x' : '×'}${speedText(view.speed)}  ${view.position}/${view.total}`;
  // The replay's keys, which no screen uses (replay.tsx).
  const keys = ['space pause  , . step  [ ] speed  < > start/end', 'space , . [ ] < >', ''];
  const bars = keys.map((k) => [where, k, skippedText(skipped)].filter(Boolean).join('  '));
  return bars.find((bar) => textWidth(bar) <= columns) ?? bars.at(-1)!;
}
