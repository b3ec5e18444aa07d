// The replay bar's text: where the recording stands and the keys that move it.
import type { PlayerView } from '../record/player.js';
import { skippedText } from '../record/reader.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The recorded time as HH:MM:SS, local time like every clock on the screens. */
export function clockText(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function speedText(speed: number): string {
  return speed >= 1 ? String(speed) : `1/${Math.round(1 / speed)}`;
}

export function replayBar(view: PlayerView, skipped: number, ascii: boolean): string {
  const state = view.paused ? (ascii ? '||' : '❚❚') : ascii ? '>' : '▶';
  const arrows = ascii ? '<- ->' : '←→';
  const parts = [
    `replay ${clockText(view.at)} ${state} ${ascii ? 'x' : '×'}${speedText(view.speed)}  ${view.position}/${view.total}`,
    `${arrows} step  space pause  [ ] speed  g/G start/end`,
    skippedText(skipped),
  ];
  return parts.filter(Boolean).join('  ');
}
