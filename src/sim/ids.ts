// Stable, realistic-looking identifiers derived from a seed, so every run shows the same names.
import { createHash } from 'node:crypto';

/** Hex digits of sha256(seed), repeated as needed for `length`. */
export function stableHex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

// Kubernetes' safe alphabet for generated names (no vowels, no look-alike digits).
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A Kubernetes-style generated name fragment, e.g. the `kq2zx` of a pod name. */
export function safeName(seed: string, length: number): string {
  const hex = stableHex(seed, length * 2);
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % SAFE.length];
  return out;
}

/** A number in [0, 1) derived from a seed: deterministic variety for log contents. */
export function stableFraction(seed: string): number {
  return parseInt(stableHex(seed, 8), 16) / 0x1_0000_0000;
}

/**
 * A name fragment distinct for every n below 27^length (safeName's random draws collide at a thousand
 * replicas): n scrambled by a multiplier prime to 27 and an offset from the seed, spelled in SAFE.
 */
export function distinctName(seed: string, n: number, length: number): string {
  const space = SAFE.length ** length;
  let x = (((n % space) * 7_919 + parseInt(stableHex(seed, 8), 16)) % space);
  let out = '';
  for (let i = 0; i < length; i++, x = Math.floor(x / SAFE.length)) out += SAFE[x % SAFE.length];
  return out;
}
