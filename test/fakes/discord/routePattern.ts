export interface CompiledPattern {
  readonly source: string;
  match(path: string): Record<string, string> | undefined;
}

/** `/channels/:channelId/messages` → a matcher returning `{ channelId }`; a RegExp matches as-is. */
export function compilePattern(pattern: string | RegExp): CompiledPattern {
  if (pattern instanceof RegExp) {
    return {
      source: pattern.source,
      match: (path) => {
        const m = pattern.exec(path);
        return m ? { ...m.groups } : undefined;
      },
    };
  }
  const names: string[] = [];
  const regex = new RegExp(
    `^${pattern
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/')}$`,
  );
  return {
    source: pattern,
    match: (path) => {
      const m = regex.exec(path);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = m[i + 1] ?? '';
      });
      return params;
    },
  };
}
