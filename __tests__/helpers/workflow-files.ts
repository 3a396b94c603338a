import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser'
import { ErrorPolicy } from '@actions/workflow-parser/model/convert'

export const ROOT = process.cwd()

/** The examples' other files: the Glidepath config and the smoke checks they come with. */
const NOT_WORKFLOWS = ['glidepath.yml', 'smoke.yml']

/** The smoke check files the examples come with (copied to .github/smoke.yml). */
export function exampleSmokeChecks(): string[] {
  return readdirSync(join(ROOT, 'workflows-examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'workflows-examples', d.name, 'smoke.yml')))
    .map((d) => join('workflows-examples', d.name, 'smoke.yml'))
}

/** Every workflow in the repository: the reusable ones, this project's CI, and the examples. */
export function workflowFiles(): string[] {
  const own = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join('.github', 'workflows', f))
  const examples = readdirSync(join(ROOT, 'workflows-examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(ROOT, 'workflows-examples', d.name)).filter((f) => /\.ya?ml$/.test(f) && !NOT_WORKFLOWS.includes(f)).map((f) => join('workflows-examples', d.name, f)))
  return [...own, ...examples].sort()
}

export function exampleConfigs(): string[] {
  return readdirSync(join(ROOT, 'workflows-examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'workflows-examples', d.name, 'glidepath.yml')))
    .map((d) => join('workflows-examples', d.name, 'glidepath.yml'))
}

export interface UsesStep {
  file: string
  job: string
  uses: string
  with: Record<string, unknown>
}

/** Every `uses:` of a step or a job, with its `with:` keys. */
export function usesOf(file: string): UsesStep[] {
  const doc = load(readFileSync(join(ROOT, file), 'utf8')) as { jobs?: Record<string, { uses?: string; with?: Record<string, unknown>; steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }> }
  const out: UsesStep[] = []
  for (const [job, def] of Object.entries(doc.jobs ?? {})) {
    if (def.uses) out.push({ file, job, uses: def.uses, with: def.with ?? {} })
    for (const step of def.steps ?? []) if (step.uses) out.push({ file, job, uses: step.uses, with: step.with ?? {} })
  }
  return out
}

/** GitHub's own workflow parser (offline): the errors it finds in a workflow file. */
export async function parserErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  if (result.value) await convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: ErrorPolicy.TryConversion })
  return result.context.errors.getErrors().map((e: { message: string }) => e.message)
}
