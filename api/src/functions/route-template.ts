// Azure Functions route templates (`trainings/{id}`, `files/{*path}`, `{id:int}`, `{lang?}`), matched the
// way the Functions host does: case-insensitive literals, one segment per parameter, catch-all last.
// Used by the api's 404/405 fallback and by the local Functions host, so both agree on routing.

export interface CompiledRoute {
  readonly template: string;
  readonly regex: RegExp;
  readonly paramNames: readonly string[];
  /** Higher is more specific: literal segments beat parameters, which beat a catch-all. */
  readonly precedence: number;
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter(Boolean);
  const paramNames: string[] = [];
  let pattern = '';
  let precedence = 0;
  segments.forEach((segment, index) => {
    const param = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]+)?(\?)?\}$/.exec(segment);
    const weight = 1000 ** (segments.length - index);
    if (!param) {
      pattern += `/${escapeRegex(segment)}`;
      precedence += 3 * weight;
      return;
    }
    const [, catchAll, name = '', optional] = param;
    paramNames.push(name);
    if (catchAll) {
      pattern += '(?:/(.*))?';
      precedence += 1 * weight;
    } else if (optional) {
      pattern += '(?:/([^/]+))?';
      precedence += 2 * weight;
    } else {
      pattern += '/([^/]+)';
      precedence += 2 * weight;
    }
  });
  return {
    template,
    regex: new RegExp(`^${pattern}/?$`, 'i'),
    paramNames,
    precedence: precedence + segments.length,
  };
}

/** Matches a path relative to the route prefix (e.g. `healthz`, `/trainings/42`). */
export function matchRoute(route: CompiledRoute, path: string): Record<string, string> | undefined {
  const normalized = `/${path.replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/';
  const match = route.regex.exec(normalized === '/' ? '' : normalized);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  route.paramNames.forEach((name, i) => {
    const value = match[i + 1];
    if (value !== undefined && value !== '') params[name] = safeDecode(value);
  });
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
