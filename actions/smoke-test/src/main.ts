import { smokeTest, renderSmokeSummary } from '../../../shared/flows/smoke.js'
import { readCommon, integerInput, listInput, choiceInput, durationInput } from '../../../shared/runtime/inputs.js'
import type { ActionRuntime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: ActionRuntime): Promise<void> {
  const retries = runtime.input('retries')
  const outcome = await smokeTest(runtime, {
    ...readCommon(runtime),
    url: runtime.input('url') || undefined,
    checks: runtime.input('checks') || undefined,
    expectVersion: runtime.input('expect-version') || undefined,
    concurrency: integerInput(runtime, 'concurrency', 10, 1, 256),
    retries: retries ? integerInput(runtime, 'retries', 3, 0, 20) : undefined,
    timeoutMs: durationInput(runtime, 'timeout') ?? 120_000,
    junit: runtime.input('junit') || undefined,
    retryOn: listInput(runtime, 'retry-on', ['connect', 'timeout', '5xx', '4xx', 'assertion'] as const),
    target: choiceInput(runtime, 'target', ['any', 'canary', 'stable'] as const),
  })
  const failed = outcome.results.filter((r) => !r.passed)
  runtime.setOutput('passed', String(failed.length === 0 && outcome.results.length > 0))
  runtime.setOutput('total', String(outcome.results.length))
  runtime.setOutput('failed', String(failed.length))
  runtime.setOutput('results', JSON.stringify(outcome.results))
  runtime.setOutput('first-failure', failed[0] ? `${failed[0].name}: ${failed[0].failure}` : '')
  if (outcome.versionVerdict) runtime.setOutput('version-verdict', outcome.versionVerdict)
  for (const f of failed) {
    runtime.error(`${f.name}: ${f.failure} (${f.url}${f.status ? `, status ${f.status}` : ''}${f.durationMs !== undefined ? `, ${f.durationMs}ms` : ''}, ${f.attempts} attempt(s))${f.excerpt ? `\nbody: ${f.excerpt}` : ''}`, { title: `Smoke check failed: ${f.name}` })
  }
  runtime.summary(renderSmokeSummary(outcome))
  if (failed.length) runtime.setFailed(`GP-SMOKE-002 (network): ${failed.length} of ${outcome.results.length} smoke check(s) failed; first: ${failed[0].name}.`)
}
