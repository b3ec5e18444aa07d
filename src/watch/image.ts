// Image references as people read them: repository without the registry, digest shortened.
// Shared by the timeline (watch/diff.ts), the screens and the plain summary.
/**
 * `registry.example.com/acme/llm@sha256:9f3c1a2b…` → `acme/llm@9f3c1a2b0d4e` (repository without the
 * registry host, first 12 hex of the digest); `acme/llm:v2` keeps its tag.
 */
export function shortImage(image: string): string {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1).replace(/^[a-z0-9]+:/i, '').slice(0, 12);
    rest = rest.slice(0, at);
  }
  const parts = rest.split('/');
  // The first part is a registry host when it looks like one (a dot, a port, or localhost).
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  const repo = parts.join('/');
  if (digest) {
    const colon = repo.lastIndexOf(':');
    return `${colon >= 0 ? repo.slice(0, colon) : repo}@${digest}`;
  }
  return repo;
}
