import type { Runtime } from './runtime.js'

/**
 * A runtime for one of several targets run together: its messages carry `[name]`, and its outputs and
 * summary go nowhere (each target's would overwrite the others'; the caller reports once for all).
 */
export function prefixedRuntime(runtime: Runtime, name: string): Runtime {
  const p = (m: string) => `[${name}] ${m}`
  return {
    kind: runtime.kind,
    context: runtime.context,
    env: runtime.env,
    setOutput: () => undefined,
    summary: () => undefined,
    info: (m) => runtime.info(p(m)),
    debug: (m) => runtime.debug(p(m)),
    warning: (m, props) => runtime.warning(p(m), props),
    error: (m, props) => runtime.error(p(m), props),
    notice: (m, props) => runtime.notice(p(m), props),
    mask: (s) => runtime.mask(s),
    saveState: (n, v) => runtime.saveState(n, v),
    getState: (n) => runtime.getState(n),
    setFailed: (m) => runtime.setFailed(p(m)),
  }
}
