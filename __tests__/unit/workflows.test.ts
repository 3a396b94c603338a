import { describe, it, expect } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { loadConfig } from '../../shared/config/load.js'
import { ROOT, workflowFiles, exampleConfigs, exampleSmokeChecks, usesOf, parserErrors } from '../helpers/workflow-files.js'
import { parseChecks } from '../../shared/smoke/checks.js'

// The workflows users call or copy, checked offline: GitHub's own parser, every `with:` against the
// called action's inputs, where reusable workflows live, and least privilege.


type ActionInputs = Record<string, { required?: boolean; default?: string }>
const actionInputs = (name: string): ActionInputs => (load(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs: ActionInputs }).inputs
const workflowInputs = (file: string) => ((load(readFileSync(join(ROOT, file), 'utf8')) as any).on.workflow_call.inputs ?? {}) as Record<string, { required?: boolean }>

describe('workflows', () => {
  it('finds the reusable workflows, the CI and the examples', () => {
    expect(workflowFiles()).toEqual(expect.arrayContaining([
      '.github/workflows/ci.yml', '.github/workflows/deploy.yml', '.github/workflows/preview.yml',
      'workflows-examples/kubernetes-app/deploy.yml', 'workflows-examples/helm-chart/deploy.yml', 'workflows-examples/vm-nginx/deploy.yml', 'workflows-examples/compose-vm/deploy.yml', 'workflows-examples/command-platform/deploy.yml',
      'workflows-examples/ssh-fleet/deploy.yml', 'workflows-examples/compose-ssh/deploy.yml',
    ]))
  })

  it.each(workflowFiles())('%s passes @actions/workflow-parser', async (file) => {
    expect(await parserErrors(file, readFileSync(join(ROOT, file), 'utf8'))).toEqual([])
  })

  it('the parser check can fail', async () => {
    expect((await parserErrors('bad.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n  b:\n    runs-on: ubuntu-latest\n    needs: nope\n    steps: [{ run: echo }]\n')).join()).toMatch(/unknown job 'nope'/)
  })

  it('every with: key given to a Glidepath action or reusable workflow is one of its inputs, and every required input is given', () => {
    const problems: string[] = []
    for (const file of workflowFiles()) {
      for (const u of usesOf(file)) {
        const action = u.uses.match(/^(?:glidepath-dev\/glidepath\/|\.\/)actions\/([a-z-]+)(?:@.+)?$/)?.[1]
        const reusable = u.uses.match(/^(?:glidepath-dev\/glidepath\/|\.\/)\.github\/workflows\/([\w.-]+\.ya?ml)(?:@.+)?$/)?.[1]
        const inputs = action ? actionInputs(action) : reusable ? workflowInputs(join('.github', 'workflows', reusable)) : undefined
        if (!inputs) continue
        for (const key of Object.keys(u.with)) if (!(key in inputs)) problems.push(`${file} (${u.job}): ${u.uses} has no input "${key}"`)
        for (const [key, def] of Object.entries(inputs)) if (def.required && !(key in u.with)) problems.push(`${file} (${u.job}): ${u.uses} needs "${key}"`)
      }
    }
    expect(problems).toEqual([])
  })

  it('reusable workflows sit directly in .github/workflows (GitHub allows no subfolder)', () => {
    const sub = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => statSync(join(ROOT, '.github', 'workflows', f)).isDirectory())
    expect(sub).toEqual([])
    for (const file of workflowFiles()) {
      for (const u of usesOf(file)) {
        if (u.uses.includes('.github/workflows/')) expect([file, u.uses]).toEqual([file, expect.stringMatching(/\.github\/workflows\/[^/]+\.ya?ml(@.+)?$/)])
      }
    }
  })

  it('grants no permission at the top of a reusable workflow, and each job only what it needs', () => {
    for (const file of ['.github/workflows/deploy.yml', '.github/workflows/preview.yml']) {
      const wf = load(readFileSync(join(ROOT, file), 'utf8')) as any
      expect([file, wf.permissions]).toEqual([file, {}])
      for (const [name, job] of Object.entries<any>(wf.jobs)) {
        expect([file, name, typeof job.permissions]).toEqual([file, name, 'object'])
        for (const [scope, level] of Object.entries(job.permissions)) {
          expect([file, name, scope, ['contents', 'deployments', 'pull-requests'].includes(scope), scope === 'contents' ? level : 'ok']).toEqual([file, name, scope, true, scope === 'contents' ? 'read' : 'ok'])
        }
      }
    }
  })

  it('never lets an expression reach a run: line in the reusable workflows', () => {
    for (const file of ['.github/workflows/deploy.yml', '.github/workflows/preview.yml']) {
      const wf = load(readFileSync(join(ROOT, file), 'utf8')) as any
      for (const job of Object.values<any>(wf.jobs)) for (const step of job.steps ?? []) if (step.run) expect(step.run).not.toContain('${{')
    }
  })

  it('never deploys a pull request from a fork in the preview workflow', () => {
    const wf = load(readFileSync(join(ROOT, '.github/workflows/preview.yml'), 'utf8')) as any
    expect(wf.jobs.deploy.if).toContain('github.event.pull_request.head.repo.full_name == github.repository')
  })

  it.each(exampleConfigs())('%s is a valid Glidepath config', (file) => {
    expect(() => loadConfig(join(ROOT, file), ROOT)).not.toThrow()
  })

  it.each(exampleSmokeChecks())('%s is a valid smoke check file', (file) => {
    expect(parseChecks(readFileSync(join(ROOT, file), 'utf8'), file).checks.length).toBeGreaterThan(0)
  })
})
