// The API key is secret: any text we print passes through here first, so even an error that
// somehow quotes a header or a URL cannot show it.
const secrets = new Set<string>();

/** Register a secret; keys shorter than 4 characters are too short to redact meaningfully. */
export function addSecret(secret: string): void {
  if (secret.length >= 4) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('****');
  return out;
}
