/**
 * Keeps one warning out of the operator's console: restify's HTTP/2 support loads
 * http-deceiver, which reads process.binding('http_parser') and so prints DEP0111 twice at
 * every start. It is not ours to fix and says nothing about this deployment; every other
 * warning still goes to Node's own printer. Imported first, before restify loads.
 */
type WarningListener = (warning: Error & { code?: string }) => void;

export const QUIETED_WARNINGS: ReadonlySet<string> = new Set(['DEP0111']);

/** A warning listener that passes every warning to `printers` except those with a quieted code. */
export function quietWarningFilter(printers: readonly WarningListener[], quieted: ReadonlySet<string> = QUIETED_WARNINGS): WarningListener {
  return (warning) => {
    if (warning.code && quieted.has(warning.code)) return;
    for (const print of printers) print(warning);
  };
}

const printers = process.listeners('warning') as WarningListener[];
process.removeAllListeners('warning');
process.on('warning', quietWarningFilter(printers));
