// Renders actions/<name>/README.md from actions/<name>/action.yml, so the docs users read are the
// inputs and outputs the runner sees. `npm run action-readme` writes them; a test fails when one is stale.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'

interface ActionYml {
  name: string
  description: string
  inputs?: Record<string, { description: string; required?: boolean; default?: string }>
  outputs?: Record<string, { description: string }>
}

const EXAMPLES: Record<string, string> = {
  deploy: `      - uses: OWNER/glidepath/actions/deploy@v1
        id: deploy
        with:
          version: \${{ github.sha }}`,
  'canary-step': `      - uses: OWNER/glidepath/actions/canary-step@v1
        with:
          step: all`,
  'smoke-test': `      - uses: OWNER/glidepath/actions/smoke-test@v1
        with:
          url: \${{ steps.deploy.outputs.environment-url }}
          checks: .github/smoke/production.yml`,
  rollback: `      - uses: OWNER/glidepath/actions/rollback@v1
        if: failure()
        with:
          reason: smoke test failed`,
  report: `      - uses: OWNER/glidepath/actions/report@v1
        if: always()
        with:
          deployment-id: \${{ steps.deploy.outputs.deployment-id }}`,
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ').trim()

export function renderReadme(name: string, yml: ActionYml): string {
  let md = `<!-- Generated from action.yml by action-readme/render.ts: edit action.yml, then run npm run action-readme. -->\n# ${yml.name}\n\n${yml.description}\n\n`
  md += `Runs on \`node24\` from the committed \`dist/\` bundle; the same code runs as \`npx glidepath ${name} --input value\`.\n\n## Inputs\n\n| name | required | default | description |\n|---|---|---|---|\n`
  for (const [k, v] of Object.entries(yml.inputs ?? {})) md += `| \`${k}\` | ${v.required ? 'yes' : 'no'} | ${v.default !== undefined && v.default !== '' ? `\`${cell(String(v.default))}\`` : ''} | ${cell(v.description)} |\n`
  md += `\n## Outputs\n\n| name | description |\n|---|---|\n`
  for (const [k, v] of Object.entries(yml.outputs ?? {})) md += `| \`${k}\` | ${cell(v.description)} |\n`
  md += `\n## Example\n\n\`\`\`yaml\n    steps:\n      - uses: actions/checkout@v6\n${EXAMPLES[name] ?? ''}\n\`\`\`\n\nSee the [configuration file reference](../../README.md#the-configuration-file) for \`.github/glidepath.yml\`.\n`
  return md
}

export function renderAll(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const file = join(root, 'actions', name, 'action.yml')
    if (existsSync(file)) out[join('actions', name, 'README.md')] = renderReadme(name, load(readFileSync(file, 'utf8')) as ActionYml)
  }
  return out
}

if (process.argv[1]?.endsWith('render.ts')) {
  for (const [path, text] of Object.entries(renderAll(process.cwd()))) {
    writeFileSync(path, text)
    console.log(`wrote ${path}`)
  }
}
