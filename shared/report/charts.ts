import { escapeMarkdown } from './markdown.js'
import type { DeploymentRecord, MetricUnit } from '../state/record.js'

// The canary's story as pictures GitHub draws (Mermaid xychart, issue 41): one chart per metric, the
// canary beside the stable version interval by interval, the bound it was held to as a line, the weight
// of each step on the axis and a mark where it was decided. Mermaid's xychart has no legend, so each
// series has a fixed colour that the chart's title names. The first chart shows; the rest fold.

const COLOURS = { canary: '#cf222e', stable: '#0969da', bound: '#8c959f' }
const NAMES = { canary: 'red', stable: 'blue', bound: 'grey' }
type Series = keyof typeof COLOURS

/** Mermaid's directive giving the chart's series their colours, in order. */
const palette = (colours: string[]) => `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${colours.join(', ')}"}}}}%%`

/** A label or title inside a Mermaid string: no quotes, no line breaks, bounded. */
const label = (s: string) => s.replace(/["\n\r`]/g, ' ').slice(0, 60)

const scale: Record<MetricUnit, (v: number) => number> = { ratio: (v) => v * 100, ms: (v) => v, value: (v) => v }
const axis: Record<MetricUnit, string> = { ratio: '%', ms: 'ms', value: 'value' }

/** The charts of a record whose steps kept their intervals; '' when none did. */
export function canaryCharts(r: DeploymentRecord): string {
  const steps = [...r.steps].sort((a, b) => a.step - b.step).filter((s) => s.intervals?.length)
  if (!steps.length) return ''
  const names = [...new Set(steps.flatMap((s) => s.intervals!.flatMap((p) => Object.keys(p.metrics))))]
  // The x axis: each interval as the step's weight and its time into the step; the deciding one marked.
  const ticks: string[] = []
  const lastJudged = steps[steps.length - 1]
  for (const s of steps) {
    const points = s.intervals!
    points.forEach((p, i) => {
      const last = i === points.length - 1
      const promoted = last && s === lastJudged && r.status === 'success' && s.decision === 'continue'
      const mark = last && s.decision === 'abort' ? ' ✗ aborted' : last && (s.decision === 'hold' || s.decision === 'wait') ? ' ⏸ held' : promoted ? ' ✓ promoted' : ''
      ticks.push(`${s.weight}% ${+p.s.toFixed(1)}s${p.warm ? ' warm' : ''}${mark}`)
    })
  }
  const charts = names.map((name) => {
    const unit: MetricUnit = steps.find((s) => s.units?.[name])?.units?.[name] ?? 'value'
    const values = (series: Series) => {
      const raw = steps.flatMap((s) => s.intervals!.map((p) => p.metrics[name]?.[series] ?? null))
      return raw.some((v) => v !== null && v !== undefined) ? carry(raw.map((v) => (v === null || v === undefined ? null : scale[unit](v)))) : undefined
    }
    const present = (['canary', 'stable', 'bound'] as Series[]).map((k) => [k, values(k)] as const).filter((e): e is readonly [Series, number[]] => e[1] !== undefined)
    // Nothing measured of the canary: said in words, not drawn as a bound alone.
    if (present[0]?.[0] !== 'canary') return { name, text: `*${escapeMarkdown(name)}: no value in any interval (no requests reached the canary).*` }
    const top = Math.max(...present.flatMap(([, v]) => v), 0)
    const max = top > 0 ? nice(top * 1.15) : 1
    const yAxis = `  y-axis "${label(name)} ${axis[unit]}" 0 --> ${max}`
    if (ticks.length === 1) {
      // One interval: a line of one point draws nothing, so each series is a bar named on the axis.
      return { name, text: ['```mermaid', palette([COLOURS.canary]), 'xychart-beta', `  title "${label(`${name} at ${ticks[0]}`)}"`,
        `  x-axis [${present.map(([k]) => `"${k === 'bound' ? 'allowance' : k}"`).join(', ')}]`, yAxis, `  bar [${present.map(([, v]) => +v[0].toPrecision(4)).join(', ')}]`, '```'].join('\n') }
    }
    const title = `${label(name)}: ${present.map(([k]) => `${k === 'bound' ? 'allowance' : k} ${NAMES[k]}`).join(', ')}`
    const lines = [
      '```mermaid',
      palette(present.map(([k]) => COLOURS[k])),
      'xychart-beta',
      `  title "${title}"`,
      `  x-axis [${ticks.map((t) => `"${label(t)}"`).join(', ')}]`,
      yAxis,
      ...present.map(([, v]) => `  line [${v.map((x) => +x.toPrecision(4)).join(', ')}]`),
      '```',
    ]
    return { name, text: lines.join('\n') }
  }).filter((c): c is { name: string; text: string } => c !== undefined)
  if (!charts.length) return ''
  const [first, ...rest] = charts
  let md = `${first.text}\n\nEach analysis interval, labelled with the canary's weight and the seconds into its step${ticks.some((t) => t.includes('✗')) ? '; ✗ marks where it was aborted' : ticks.some((t) => t.includes('✓')) ? '; ✓ marks the interval that promoted it' : ''}. Values per interval; the tables below hold the evidence.\n`
  if (rest.length) md += `\n<details><summary>More charts: ${rest.map((c) => escapeMarkdown(c.name)).join(', ')}</summary>\n\n${rest.map((c) => c.text).join('\n\n')}\n\n</details>\n`
  return md
}

/** Intervals without a value keep the last one (Mermaid draws no gaps); leading ones start at 0. */
function carry(values: Array<number | null>): number[] {
  let last = 0
  return values.map((v) => (v === null ? last : (last = v)))
}

/** A round axis top: 1, 2 or 5 times a power of ten at or above `v`. */
function nice(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return +(m * p).toPrecision(3)
  return v
}
