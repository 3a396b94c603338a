export const id = 230;
export const ids = [230];
export const modules = {

/***/ 4529:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ wavesHeadline),
/* harmony export */   P: () => (/* binding */ headline)
/* harmony export */ });
/* harmony import */ var _serving_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4221);
/* harmony import */ var _state_waves_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2446);


const judged = (s) => (Array.isArray(s?.analysis) ? s.analysis : []);
/** Why a canary was stopped, from the step that decided it: the failing metric in words, else the record's reason. */
function whyStopped(r) {
    const step = [...r.steps].reverse().find((s) => s.decision === 'abort' || judged(s).some((m) => m.verdict === 'fail'));
    const failed = judged(step).find((m) => m.verdict === 'fail');
    if (failed) {
        const what = failed.detail.split(/: |; /)[0];
        const ev = failed.evidence;
        const over = ev?.canaryRequests ? ` over ${ev.canaryRequests} canary request${ev.canaryRequests === 1 ? '' : 's'}` : '';
        const ratio = typeof ev?.estimate === 'number' && Number.isFinite(ev.estimate) && ev.estimate > 1 ? `, about ${+ev.estimate.toPrecision(3)}x` : '';
        return `${failed.metric} ${what}${ev?.status === 'harm' ? ` (harm proven${over}${ratio})` : over ? ` (${over.trim()})` : ''}`;
    }
    return step?.reason || r.reason || undefined;
}
/** Why a step holds, shortly: the metrics still short of evidence, else the first clause of its reason. */
function whyHeld(step) {
    const short = judged(step).filter((m) => m.verdict === 'inconclusive');
    if (short.length)
        return `too little evidence (${short.map((m) => `${m.metric}: ${m.detail}`).join('; ')})`;
    return step.reason?.split('; ')[0] || 'waiting for evidence or a decision';
}
/** What serves, as seen, else as the record has it (said so). */
function serving(r, seen, recordedStable) {
    if (seen)
        return `seen serving: ${(0,_serving_js__WEBPACK_IMPORTED_MODULE_0__/* .describeServing */ .Yh)(seen)}`;
    const stable = recordedStable === undefined ? (r.status === 'success' ? r.version : r.previousVersion) : recordedStable;
    return stable ? `the record says ${stable} serves` : 'the record says nothing serves';
}
/**
 * The first sentence of a deployment's report. `seen`: what the platform was seen serving now (omit when
 * nobody looked); `recordedStable`: what the environment's record says is stable now, when known.
 */
function headline(r, opts = {}) {
    const v = r.version;
    const prev = r.previousVersion;
    const serves = serving(r, opts.seen, opts.recordedStable);
    const lastStep = r.steps.at(-1);
    if (opts.dryRun)
        return `Dry run: ${v} would be deployed${prev ? ` over ${prev}` : ''} by ${r.strategy}; nothing changed.`;
    if (r.kind === 'teardown')
        return r.status === 'success' || r.status === 'inactive' ? `${r.environment} was torn down${r.reason && r.reason !== 'environment torn down' ? ` (${r.reason})` : ''}; ${serves}.` : `Tearing down ${r.environment} ${r.status === 'in_progress' ? 'is under way' : 'failed'}${r.reason ? `: ${r.reason}` : ''}; ${serves}.`;
    if (r.kind === 'rollback') {
        if (r.status === 'success')
            return `Rolled back ${prev ? `from ${prev} ` : ''}to ${v}${r.reason ? ` (${r.reason})` : ''}; ${serves}.`;
        return `The rollback to ${v} ${r.status === 'in_progress' ? 'is under way' : 'failed'}${r.reason ? `: ${r.reason}` : ''}; ${serves}.`;
    }
    switch (r.status) {
        case 'success': {
            if (r.initial || !prev)
                return `${v} went live (the first deploy here, at 100%); ${serves}.`;
            const judgedSteps = r.steps.filter((s) => judged(s).length > 0).length;
            if (r.strategy === 'canary')
                return `${v} was promoted over ${prev} after ${r.steps.length} canary step${r.steps.length === 1 ? '' : 's'}${judgedSteps ? ` (${judgedSteps} judged against ${prev})` : ''}; ${serves}.`;
            return `${v} replaced ${prev} (${r.strategy}); ${serves}.`;
        }
        case 'in_progress': {
            if (r.phase === 'verifying')
                return `${v} is live and watched by its verify window; ${serves}.`;
            if (r.phase === 'canary') {
                const beside = `at ${r.weights.canary}% beside ${prev ?? 'nothing'}`;
                if (lastStep?.decision === 'wait')
                    return `${v} waits ${beside} for a person to promote or abort it: ${whyHeld(lastStep)}; ${serves}.`;
                if (lastStep?.decision === 'hold')
                    return `${v} holds ${beside}: ${whyHeld(lastStep)}; ${serves}.`;
                return `${v} is a canary ${beside}; ${serves}.`;
            }
            return `${v} is being deployed${prev ? ` over ${prev}` : ''}; ${serves}.`;
        }
        case 'aborted': {
            const why = whyStopped(r);
            const at = lastStep ? ` at ${lastStep.weight}%` : '';
            return `${v} was aborted${at}${why ? `: ${why}` : ''}; ${serves}.`;
        }
        case 'rolled_back':
            return `${v} went live and was rolled back${r.reason ? ` (${r.reason})` : ''}; ${serves}.`;
        case 'superseded':
            return `${v} was superseded by a later deploy; ${serves}.`;
        default: {
            const why = whyStopped(r);
            return `The deploy of ${v} failed${why ? `: ${why}` : ''}; ${serves}.`;
        }
    }
}
/** What each target serves, grouped: "seen serving: v2 on web-1 and web-2; v1 on web-3" (the record's word where it was not seen). */
function fleetServing(p) {
    const groups = new Map();
    for (const t of p.targets) {
        const said = t.seen === undefined ? `${t.serving ?? 'nothing'} (recorded; not seen)` : (0,_state_waves_js__WEBPACK_IMPORTED_MODULE_1__/* .servesPlainly */ .ae)(t) ? (t.serving ?? 'nothing') : t.seen;
        groups.set(said, [...(groups.get(said) ?? []), t.name]);
    }
    const list = (names) => (names.length === p.targets.length && names.length > 1 ? 'every target' : names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]);
    return `${p.targets.some((t) => t.seen !== undefined) ? 'seen serving' : 'serving'}: ${[...groups].map(([said, names]) => `${said} on ${list(names)}`).join('; ')}`;
}
/** The first sentence of a rollout across targets (waves). */
function wavesHeadline(p) {
    const n = p.targets.length;
    const done = p.targets.filter((t) => t.status === 'succeeded').length;
    const serves = fleetServing(p);
    const failed = p.targets.filter((t) => t.status === 'failed' || t.status === 'rollback-failed');
    const why = failed.length ? `: ${failed.map((t) => `${t.name} ${t.status === 'failed' ? 'failed' : 'could not be returned'}${t.reason ? ` (${t.reason.length > 160 ? `${t.reason.slice(0, 159)}…` : t.reason})` : ''}`).join('; ')}` : p.reason ? `: ${p.reason}` : '';
    switch (p.status) {
        case 'succeeded': return `${p.version} rolled out to ${n === 1 ? 'its target' : `all ${n} targets`} in ${p.waves} wave${p.waves === 1 ? '' : 's'}; ${serves}.`;
        case 'running':
        case 'paused': return `${p.version} is rolling out, wave ${p.wave} of ${p.waves} (${done} of ${n} targets done${p.status === 'paused' ? ', paused' : ''}); ${serves}.`;
        case 'halted': return `The rollout of ${p.version} halted at wave ${p.wave} of ${p.waves}${why}; ${serves}.`;
        case 'rolled-back': return `The rollout of ${p.version} was rolled back${why}; ${serves}.`;
    }
}


/***/ }),

/***/ 3230:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  decisionCommands: () => (/* binding */ decisionCommands),
  decisionSentence: () => (/* binding */ decisionSentence),
  renderDecisionNeeded: () => (/* binding */ renderDecisionNeeded),
  renderDeploySummary: () => (/* binding */ renderDeploySummary)
});

// EXTERNAL MODULE: ./shared/report/markdown.ts
var markdown = __webpack_require__(216);
;// CONCATENATED MODULE: ./shared/report/charts.ts

// The canary's story as pictures GitHub draws (Mermaid xychart, issue 41): one chart per metric, the
// canary beside the stable version interval by interval, the bound it was held to as a line, the weight
// of each step on the axis and a mark where it was decided. Mermaid's xychart has no legend, so each
// series has a fixed colour that the chart's title names. The first chart shows; the rest fold.
const COLOURS = { canary: '#cf222e', stable: '#0969da', bound: '#8c959f' };
const NAMES = { canary: 'red', stable: 'blue', bound: 'grey' };
/** Mermaid's directive giving the chart's series their colours, in order. */
const palette = (colours) => `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${colours.join(', ')}"}}}}%%`;
/** A label or title inside a Mermaid string: no quotes, no line breaks, bounded. */
const label = (s) => s.replace(/["\n\r`]/g, ' ').slice(0, 60);
const scale = { ratio: (v) => v * 100, ms: (v) => v, value: (v) => v };
const axis = { ratio: '%', ms: 'ms', value: 'value' };
/** The charts of a record whose steps kept their intervals; '' when none did. */
function canaryCharts(r) {
    const steps = [...r.steps].sort((a, b) => a.step - b.step).filter((s) => s.intervals?.length);
    if (!steps.length)
        return '';
    const names = [...new Set(steps.flatMap((s) => s.intervals.flatMap((p) => Object.keys(p.metrics))))];
    // The x axis: each interval as the step's weight and its time into the step; the deciding one marked.
    const ticks = [];
    const lastJudged = steps[steps.length - 1];
    for (const s of steps) {
        const points = s.intervals;
        points.forEach((p, i) => {
            const last = i === points.length - 1;
            const promoted = last && s === lastJudged && r.status === 'success' && s.decision === 'continue';
            const mark = last && s.decision === 'abort' ? ' ✗ aborted' : last && (s.decision === 'hold' || s.decision === 'wait') ? ' ⏸ held' : promoted ? ' ✓ promoted' : '';
            ticks.push(`${s.weight}% ${+p.s.toFixed(1)}s${p.warm ? ' warm' : ''}${mark}`);
        });
    }
    const charts = names.map((name) => {
        const unit = steps.find((s) => s.units?.[name])?.units?.[name] ?? 'value';
        const values = (series) => {
            const raw = steps.flatMap((s) => s.intervals.map((p) => p.metrics[name]?.[series] ?? null));
            return raw.some((v) => v !== null && v !== undefined) ? carry(raw.map((v) => (v === null || v === undefined ? null : scale[unit](v)))) : undefined;
        };
        const present = ['canary', 'stable', 'bound'].map((k) => [k, values(k)]).filter((e) => e[1] !== undefined);
        // Nothing measured of the canary: said in words, not drawn as a bound alone.
        if (present[0]?.[0] !== 'canary')
            return { name, text: `*${(0,markdown/* escapeMarkdown */.FV)(name)}: no value in any interval (no requests reached the canary).*` };
        const top = Math.max(...present.flatMap(([, v]) => v), 0);
        const max = top > 0 ? nice(top * 1.15) : 1;
        const yAxis = `  y-axis "${label(name)} ${axis[unit]}" 0 --> ${max}`;
        if (ticks.length === 1) {
            // One interval: a line of one point draws nothing, so each series is a bar named on the axis.
            return { name, text: ['```mermaid', palette([COLOURS.canary]), 'xychart-beta', `  title "${label(`${name} at ${ticks[0]}`)}"`,
                    `  x-axis [${present.map(([k]) => `"${k === 'bound' ? 'allowance' : k}"`).join(', ')}]`, yAxis, `  bar [${present.map(([, v]) => +v[0].toPrecision(4)).join(', ')}]`, '```'].join('\n') };
        }
        const title = `${label(name)}: ${present.map(([k]) => `${k === 'bound' ? 'allowance' : k} ${NAMES[k]}`).join(', ')}`;
        const lines = [
            '```mermaid',
            palette(present.map(([k]) => COLOURS[k])),
            'xychart-beta',
            `  title "${title}"`,
            `  x-axis [${ticks.map((t) => `"${label(t)}"`).join(', ')}]`,
            yAxis,
            ...present.map(([, v]) => `  line [${v.map((x) => +x.toPrecision(4)).join(', ')}]`),
            '```',
        ];
        return { name, text: lines.join('\n') };
    }).filter((c) => c !== undefined);
    if (!charts.length)
        return '';
    const [first, ...rest] = charts;
    let md = `${first.text}\n\nEach analysis interval, labelled with the canary's weight and the seconds into its step${ticks.some((t) => t.includes('✗')) ? '; ✗ marks where it was aborted' : ticks.some((t) => t.includes('✓')) ? '; ✓ marks the interval that promoted it' : ''}. Values per interval; the tables below hold the evidence.\n`;
    if (rest.length)
        md += `\n<details><summary>More charts: ${rest.map((c) => (0,markdown/* escapeMarkdown */.FV)(c.name)).join(', ')}</summary>\n\n${rest.map((c) => c.text).join('\n\n')}\n\n</details>\n`;
    return md;
}
/** Intervals without a value keep the last one (Mermaid draws no gaps); leading ones start at 0. */
function carry(values) {
    let last = 0;
    return values.map((v) => (v === null ? last : (last = v)));
}
/** A round axis top: 1, 2 or 5 times a power of ten at or above `v`. */
function nice(v) {
    const p = 10 ** Math.floor(Math.log10(v));
    for (const m of [1, 2, 5, 10])
        if (m * p >= v)
            return +(m * p).toPrecision(3);
    return v;
}

// EXTERNAL MODULE: ./shared/report/md.ts
var md = __webpack_require__(7408);
// EXTERNAL MODULE: ./shared/report/headline.ts
var headline = __webpack_require__(4529);
// EXTERNAL MODULE: ./shared/report/serving.ts
var serving = __webpack_require__(4221);
;// CONCATENATED MODULE: ./shared/report/summary.ts





// Renders the deployment record as the job summary (markdown). Every value that may come from an event
// (versions, reasons, refs) is escaped here, once.
const ICON = { success: '✅', failure: '❌', in_progress: '🟡', aborted: '🛑', rolled_back: '↩️', superseded: '⏭️' };
/**
 * `seen` (what the platform was seen serving when the caller looked) and `recorded` (what the environment's
 * record names now) make the first sentence say what serves, and add the line that says whether it agrees.
 */
function renderDeploySummary(r, opts = {}) {
    const status = opts.dryRun ? 'dry run (nothing changed)' : (0,md/* raw */.lS)(`${ICON[r.status] ?? ''} ${(0,md/* inline */.mG)(r.status)}${r.phase === 'canary' && r.status === 'in_progress' ? ` (canary at step ${r.step}, ${r.weights.canary}%)` : ''}`);
    const rows = [
        ['Status', status],
        ['Version', r.version],
        ['Previous version', r.previousVersion ?? '(none)'],
        ['Strategy', r.strategy],
        ['Provider', r.provider],
        ['URL', r.url],
        ['Reason', r.reason],
        ['Database', r.database ? databaseCell(r.database) : undefined],
        ['Preview expires', r.expiresAt ? `${r.expiresAt}: the scheduled reap removes it then (previews.ttl), unless a push deploys it again` : undefined],
        ['Preview sleeps', r.sleepsAfter ? `after ${r.sleepsAfter} without a request (previews.idle): its releases stop, and the next request wakes it (it waits a few seconds), as does a push` : undefined],
        ['Rollback window', r.rollbackWindow ? `${r.rollbackWindow.version} keeps running until ${r.rollbackWindow.until}: a rollback to it until then is one router switch` : undefined],
        ['Ref', r.ref && r.sha ? `${r.ref} @ ${r.sha.slice(0, 7)}` : undefined],
        ['Started', r.startedAt],
        ['Finished', r.finishedAt],
    ];
    // One sentence first: what happened, why, and what serves (issue 41).
    const out = new md/* Markdown */.oz()
        .heading(r.kind === 'rollback' ? (0,md.md) `Rollback of ${r.environment}` : (0,md.md) `Deploy to ${r.environment}`)
        .para((0,md/* bold */.Cr)((0,headline/* headline */.P)(r, { ...opts, recordedStable: opts.recorded?.stable })));
    if (opts.seen && opts.recorded)
        out.raw((0,serving/* renderServing */.jo)(opts.seen, opts.recorded));
    // Then the canary's story as pictures, per metric, when its steps kept their intervals.
    const charts = canaryCharts(r);
    out.raw(charts);
    out.table(['', ''], rows.filter(([, v]) => v));
    if (r.resources?.length)
        out.table(['object', 'image', 'ready', 'seconds'], r.resources.map((x) => [x.object, x.images.join(', '), x.ready, x.seconds]));
    if (r.steps.length) {
        // Evidence the steps made themselves (analysis.synthetic): how many requests, to each version.
        const made = r.steps.some((s) => s.synthetic);
        const madeCell = (x) => (x.synthetic ? `${x.synthetic.canary + x.synthetic.stable} (${x.synthetic.canary} canary, ${x.synthetic.stable} stable)` : '');
        if (made)
            out.table(['step', 'weight', 'decision', 'reason', 'synthetic requests', 'at'], r.steps.map((s) => [s.step, `${s.weight}%`, s.decision, s.reason, madeCell(s), s.at]));
        else
            out.table(['step', 'weight', 'decision', 'reason', 'at'], r.steps.map((s) => [s.step, `${s.weight}%`, s.decision, s.reason, s.at]));
        if (!charts)
            out.raw(canaryChart(r));
        const judged = [...r.steps].reverse().find((s) => (s.analysis ?? []).some((m) => m.evidence));
        if (judged)
            out.raw(renderEvidence(`Judgement against the stable version (step ${judged.step})`, judged.analysis));
    }
    if (r.verify) {
        out.para((0,md/* bold */.Cr)((0,md.md) `Verify window (${r.verify.window || 'cut short'}): ${r.verify.result}.`), ' ', r.verify.reason);
        if (Array.isArray(r.verify.analysis) && r.verify.analysis.length)
            out.raw(renderEvidence('Verify', r.verify.analysis));
    }
    return out.toString();
}
/** What the deploy did to its database, in one cell: the backup, the schema it migrated between, what was undone. */
function databaseCell(d) {
    const parts = [];
    const p = d.preview;
    if (p)
        parts.push(p.dropped ? `preview database ${p.name} dropped` : p.created ? `preview database ${p.name} made from ${p.from ?? 'nothing'} in ${p.seconds}s` : p.dropped === false ? `preview database ${p.name} was already gone` : `preview database ${p.name}`);
    if (d.backup)
        parts.push(`backup taken (${Math.round(d.backup.bytes / 1024)} KiB, sha256 ${d.backup.sha256.slice(0, 12)})`);
    const m = d.migration;
    if (m)
        parts.push(m.running ? 'migration interrupted' : m.applied ? `migrated${m.before || m.after ? ` from schema ${m.before ?? '?'} to ${m.after ?? '?'}` : ''}` : `no migration to apply${m.after ? ` (schema ${m.after})` : ''}`);
    if (d.down?.ran)
        parts.push(`migrations undone${d.down.version ? ` (schema ${d.down.version})` : ''}`);
    if (d.restored)
        parts.push(`backup restored (${Object.values(d.restored.discarded).reduce((a, b) => a + b, 0)} row(s) written since discarded)`);
    if (d.contract?.ran)
        parts.push('contracted');
    return parts.join('; ') || undefined;
}
/** Why a sequential verdict is what it is, in a cell: harm, safety proven, the power to promote, or what is short. */
function promotionCell(ev) {
    const pct = (x) => (x === undefined ? 'n/a' : `${+(x * 100).toPrecision(3)}%`);
    switch (ev.status) {
        case 'harm': return 'harm proven';
        case 'safe': return `safe: bound ${pct(ev.upperBound)} < ${pct(ev.materialRate)}`;
        case 'powered': return `power ${num(ev.power, 2)} against ${ev.material ?? 'a material regression'}`;
        case 'step': return `no harm; power ${num(ev.power, 2)} so far`;
        case 'short': return `short: power ${num(ev.power, 2)} of 0.8${ev.etaSeconds !== undefined ? `, ~${ev.etaSeconds}s more at this rate` : ''}`;
        default: return '';
    }
}
const num = (v, digits = 3) => (v === null || v === undefined ? 'n/a' : Number.isFinite(v) ? `${+v.toPrecision(digits)}` : 'inf');
/** The evidence behind each judgement: test, e-value, p-value, estimated effect with its interval, requests. */
function renderEvidence(title, results) {
    return (0,md/* table */.tp)([title, 'verdict', 'test', 'e-value', 'p-value', 'canary/baseline (interval)', 'requests (canary + baseline)', 'evidence to promote'], results.map((m) => {
        const ev = m.evidence;
        const effect = ev?.estimate !== undefined ? `${num(ev.estimate)}x${ev.interval ? ` (${num(ev.interval[0])}-${num(ev.interval[1])})` : ''}` : ev ? `${num(ev.baseline)} baseline, bound ${num(ev.bound)}` : m.detail;
        return [m.metric, m.verdict, ev ? ev.test : 'bounds', num(ev?.eValue), num(ev?.pValue), effect, ev ? `${ev.canaryRequests} + ${ev.baselineRequests}` : '', ev ? promotionCell(ev) : ''];
    })).md;
}
function decisionCommands(d) {
    return [`/glidepath promote ${d.environment}`, `/glidepath abort ${d.environment} <reason>`];
}
/** The decision asked for, in one plain sentence: the same words in the summary, the comment, Slack and the webhook. */
function decisionSentence(d) {
    return `Canary ${d.version} on ${d.environment} waits for a decision until ${d.until} (step ${d.step}, ${d.weight}% of traffic): ${d.reason}.`;
}
function renderDecisionNeeded(d) {
    return new md/* Markdown */.oz()
        .heading((0,md.md) `${(0,md/* raw */.lS)('⏸️')} ${d.environment} waits for a decision`)
        .para((0,md.md) `${decisionSentence(d)} Past ${(0,md/* bold */.Cr)(d.until)} the next run aborts it (canary.maxWait).`)
        .para('Answer with a comment on this pull request:')
        .raw((0,markdown/* codeBlock */.DV)(decisionCommands(d).join('\n')))
        .para((0,md/* raw */.lS)('or run `canary-step` with `step: promote` or `step: abort`. Every later run judges it again; harm still aborts it at once.'))
        .toString();
}
function canaryChart(r) {
    const steps = [...r.steps].sort((a, b) => a.step - b.step);
    const label = (s) => s.replace(/["\n\r]/g, ' ').slice(0, 60);
    const lines = ['```mermaid', 'xychart-beta', `  title "Canary ${label(r.version)}: weight % per step"`, `  x-axis [${steps.map((s) => `"step ${s.step}"`).join(', ')}]`, '  y-axis "weight %" 0 --> 100', `  bar [${steps.map((s) => s.weight).join(', ')}]`];
    const metrics = new Set();
    for (const s of steps)
        for (const m of s.analysis ?? [])
            metrics.add(m.metric);
    let legend = '';
    for (const name of metrics) {
        const values = steps.map((s) => (s.analysis ?? []).find((m) => m.metric === name)?.value ?? 0);
        const max = Math.max(...values.map(Math.abs), 1e-9);
        // Each metric is scaled to 0-100 so it shares the weight axis; the table above has the raw values.
        lines.push(`  line [${values.map((v) => +(v / max * 100).toFixed(1)).join(', ')}]`);
        legend += `${legend ? ', ' : ''}${(0,markdown/* escapeMarkdown */.FV)(name)} (max ${+max.toPrecision(3)})`;
    }
    lines.push('```');
    return `${lines.join('\n')}\n${legend ? `\nLines, scaled to their largest value: ${legend}.\n` : ''}`;
}


/***/ }),

/***/ 2446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jk: () => (/* binding */ describeAfterHalt),
/* harmony export */   ae: () => (/* binding */ servesPlainly),
/* harmony export */   gu: () => (/* binding */ newProgress),
/* harmony export */   np: () => (/* binding */ advance)
/* harmony export */ });
/** A new rollout of `version`: every target pending, wave 1. */
function newProgress(fields) {
    return {
        schema: 1, environment: fields.environment, id: fields.id, version: fields.version, strategy: fields.strategy, status: 'running', wave: 1, waves: fields.waves,
        startedAt: fields.at, updatedAt: fields.at, onFailure: fields.onFailure,
        targets: fields.targets.map((t) => ({ name: t.name, wave: t.wave, status: fields.status ?? 'pending', previousVersion: null })),
    };
}
function advance(p, e) {
    const target = (name, change) => ({ ...p, targets: p.targets.map((t) => (t.name === name ? change(t) : t)) });
    switch (e.type) {
        case 'running':
            return { ...p, status: 'running' };
        case 'paused':
            return { ...p, status: 'paused' };
        case 'wave':
            return { ...p, wave: e.wave, bakeUntil: undefined };
        case 'rolling':
            return target(e.target, (t) => ({ ...t, previousVersion: t.status === 'rolling' ? t.previousVersion : e.previousVersion, status: 'rolling', reason: undefined }));
        case 'deployed':
            return target(e.target, (t) => ({ ...t, transition: e.transition, url: e.url }));
        case 'succeeded':
            return target(e.target, (t) => ({ ...t, status: 'succeeded', finishedAt: e.at }));
        case 'halted': {
            const why = new Map(e.failures.map((f) => [f.target, f.reason]));
            return {
                ...p,
                status: 'halted',
                reason: `wave ${e.wave} failed on ${e.failures.map((f) => f.target).join(', ')}`,
                targets: p.targets.map((t) => (why.has(t.name) ? { ...t, status: 'failed', reason: why.get(t.name), finishedAt: e.at } : t)),
            };
        }
        case 'baking':
            return { ...p, bakeUntil: e.until };
        case 'finished':
            return p.status === 'running' ? { ...p, status: 'succeeded', bakeUntil: undefined } : p;
        case 'returned':
            return target(e.target, (t) => {
                // A failed target stays "failed" (the rollout's outcome for it), its reason saying where it went.
                if (t.status === 'failed')
                    return e.already ? t : { ...t, reason: `${t.reason ?? ''}; rolled back to ${e.to ?? 'nothing'}`.replace(/^; /, '') };
                return e.already && t.status === 'pending' ? t : { ...t, status: 'rolled-back' };
            });
        case 'return-failed':
            // A target that could not be returned is never reported as if its rollout stood.
            return target(e.target, (t) => ({ ...t, status: t.status === 'failed' ? 'failed' : 'rollback-failed', reason: `${t.reason ? `${t.reason}; ` : ''}rollback failed: ${e.reason}` }));
        case 'rolled-back':
            return { ...p, status: 'rolled-back', reason: e.reason, bakeUntil: undefined };
        case 'serving':
            return {
                ...p,
                targets: p.targets.map((t) => {
                    if (!(t.name in e.serving))
                        return t;
                    const seen = e.seen?.[t.name];
                    const recorded = e.recorded?.[t.name];
                    const { recorded: _r, seen: _s, healthy: _h, ...rest } = t;
                    return {
                        ...rest,
                        serving: e.serving[t.name],
                        ...(recorded !== undefined && recorded !== e.serving[t.name] ? { recorded } : {}),
                        ...(seen ? { seen: seen.said, healthy: seen.asRouted } : {}),
                    };
                }),
            };
    }
}
/** After a halt: what each target that moved serves now. */
function describeAfterHalt(p) {
    const moved = p.targets.filter((t) => t.status !== 'pending')
        .map((t) => `${servesPlainly(t) ? `${t.name} serves ${t.serving ?? 'nothing'}` : `${t.name}: ${t.seen}`}${t.recorded !== undefined ? ` (its record says ${t.recorded ?? 'nothing'})` : ''}`);
    return moved.length ? `Now: ${moved.join(', ')}.` : '';
}
/** Whether a target serves one version to everyone and it answers (or it could not be seen): said as the version alone. */
function servesPlainly(t) {
    return !t.seen || (t.healthy !== false && t.seen === `${t.serving} takes 100%`);
}


/***/ })

};
