export const id = 403;
export const ids = [403];
export const modules = {

/***/ 3219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D4: () => (/* binding */ crowded),
/* harmony export */   DP: () => (/* binding */ knownPreviews),
/* harmony export */   LS: () => (/* binding */ previewDoor),
/* harmony export */   c9: () => (/* binding */ previewGate),
/* harmony export */   hx: () => (/* binding */ asPullRequest),
/* harmony export */   mk: () => (/* binding */ makeRoom)
/* harmony export */ });
/* unused harmony exports expired, beyondMax, previewLinkOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7364);
/* harmony import */ var _state_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8529);
/* harmony import */ var _files_paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5274);
/* harmony import */ var _github_hydrate_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1223);
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5917);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2542);
/* harmony import */ var _traffic_local_access_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(872);
/* harmony import */ var _report_md_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7408);










const labelsOf = (ctx) => {
    const p = ctx.payload;
    const labels = p.pull_request?.labels ?? p.issue?.labels;
    return Array.isArray(labels) ? labels.map((l) => (typeof l === 'string' ? l : l?.name)).filter((n) => typeof n === 'string') : [];
};
/**
 * Whether this pull-request event opens or updates the preview. Without previews.on every pull-request
 * event does, as before. With it: `opened` for every push, `labeled:<label>` while the pull request
 * carries the label (its removal tears the preview down), `command` for a writer's comment; a fork's
 * own events never open one.
 */
function previewGate(ctx, config) {
    const on = config.previews?.on;
    if (!on || !ctx.pr || !config.pullRequests)
        return { open: true };
    const command = ctx.action === 'command';
    if (command)
        return on.includes('command') ? { open: true } : { open: false, reason: `previews.on is ${on.join(', ')}: a comment command does not open this preview` };
    if (ctx.pr.fromFork)
        return { open: false, reason: `pull request #${ctx.pr.number} comes from a fork, and its own events never open a preview (previews.on)` };
    if (on.includes('opened'))
        return { open: true };
    const wanted = on.filter((t) => t.startsWith('labeled:')).map((t) => t.slice('labeled:'.length));
    const labels = labelsOf(ctx);
    if (wanted.some((l) => labels.includes(l)))
        return { open: true };
    const removed = ctx.action === 'unlabeled' && wanted.includes((ctx.payload.label?.name) ?? '');
    const asked = wanted.length ? `the label ${wanted.join(' or ')}` : 'a comment command';
    return { open: false, reason: `pull request #${ctx.pr.number} has ${removed ? 'lost' : 'not got'} ${asked} (previews.on: ${on.join(', ')})`, teardown: removed };
}
/** A regular expression for the environment's preview names, its first group the pull request's number. */
function previewPattern(name) {
    const escape = (t) => t.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    const source = name.split(/(\{\{[^}]*\}\})/).map((part) => (/^\{\{\s*pr\.number\s*\}\}$/.test(part) ? '(\\d+)' : part.startsWith('{{') ? '.*' : escape(part))).join('');
    return new RegExp(`^${source}$`);
}
/** Every preview of the environment `key` seen in the GitHub deployments or the state directory, and whether it runs. */
async function knownPreviews(config, key, workspace, github) {
    const env = config.environments[key];
    if (!env.name?.includes('{{pr.number}}'))
        return [];
    const pattern = previewPattern(env.name);
    const stateDir = (0,_files_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .stateDirOf */ .If)(workspace, env, config.defaults);
    const local = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(stateDir) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(stateDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
    const remote = github ? (await github.client.paginate('GET /repos/{owner}/{repo}/deployments')).map((d) => d.environment) : [];
    const out = [];
    for (const name of new Set([...local, ...remote])) {
        const number = Number(pattern.exec(name)?.[1]);
        if (!Number.isInteger(number) || number <= 0)
            continue;
        let state = local.includes(name) ? new _state_store_js__WEBPACK_IMPORTED_MODULE_3__/* .StateStore */ .fy(stateDir, name).read() : undefined;
        if (!state?.records.length && github)
            state = await (0,_github_hydrate_js__WEBPACK_IMPORTED_MODULE_5__/* .hydrateFromGitHub */ .v)(github.client, name).catch(() => undefined);
        const deploys = (state?.records ?? []).filter((r) => r.kind === 'deploy').map((r) => r.startedAt).sort();
        out.push({ number, name, running: Boolean(state?.stable || state?.canary), lastDeploy: deploys.at(-1) });
    }
    return out.sort((a, b) => a.number - b.number);
}
/** The previews past previews.ttl since their last deploy, at `now`. */
function expired(previews, ttlMs, now) {
    if (ttlMs === undefined)
        return [];
    const ms = ttlMs;
    return previews.filter((p) => p.running && p.lastDeploy && now - Date.parse(p.lastDeploy) > ms);
}
/**
 * Room for one more preview under previews.max: which running ones to stop (the longest since their
 * last deploy first), or GP-PREVIEW-001 when the config says refuse. Empty when there is room, or when
 * this preview already runs.
 */
function makeRoom(previews, self, cfg, environment) {
    const running = cfg?.max ? crowded(previews, self, cfg.max) : undefined;
    if (!running || !cfg?.max)
        return [];
    const oldest = [...running].sort((a, b) => (a.lastDeploy ?? '').localeCompare(b.lastDeploy ?? '') || a.number - b.number);
    if (cfg.onMax === 'refuse' || cfg.onMax === 'wait') {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .GlidepathError */ .HT('GP-PREVIEW-001', `${running.length} previews of ${environment} run (${running.map((p) => p.name).join(', ')}), and previews.max is ${cfg.max}; ${self} was not deployed and nothing changed.`, {
            fix: `Close a pull request (its preview goes with it), raise previews.max, or set previews.onMax: stop-oldest to stop ${oldest[0].name} (deployed longest ago) instead.`,
        });
    }
    return oldest.slice(0, running.length - cfg.max + 1);
}
/** The other previews that run when `self` has no room under `max` (it does not run yet, and they are `max` or more); undefined when there is room. */
function crowded(previews, self, max) {
    const running = previews.filter((p) => p.running && p.name !== self);
    return previews.some((p) => p.name === self && p.running) || running.length < max ? undefined : running;
}
/** Running previews beyond previews.max (the config lowered below what runs): the longest since their last deploy. */
function beyondMax(previews, max) {
    const running = previews.filter((p) => p.running);
    if (!max || running.length <= max)
        return [];
    return [...running].sort((a, b) => (a.lastDeploy ?? '').localeCompare(b.lastDeploy ?? '') || a.number - b.number).slice(0, running.length - max);
}
/** The run as a closed (or otherwise gone) pull request's own, to open and tear down its preview's target. */
function asPullRequest(runtime, number, state) {
    const context = { ...runtime.context, pr: { number, title: '', headRef: '', headSha: '', baseRef: '', state, merged: false, fromFork: false }, action: state === 'closed' ? 'closed' : 'expired' };
    return (0,_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_8__/* .withContext */ .eQ)(runtime, context);
}
/**
 * The way into a private preview, for its sticky comment: the link that signs a browser in, on a
 * private repository; on a public one (its comments are public) no token is written, and the comment
 * says how a person holding the preview secret makes the link.
 */
function previewDoor(runtime, target, url) {
    const { environment } = target;
    if (!url || !(0,_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_7__/* .isPrivatePreview */ .Qv)(environment.config))
        return undefined;
    const number = runtime.context.pr?.number;
    const repository = runtime.context.payload.repository;
    if (repository?.private === true) {
        const token = (0,_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_7__/* .previewToken */ .Go)(environment, runtime.env, target.store.dir);
        return (0,_report_md_js__WEBPACK_IMPORTED_MODULE_9__.md) `🔒 This preview is private. ${(0,_report_md_js__WEBPACK_IMPORTED_MODULE_9__/* .raw */ .lS)(`[Open it](${(0,_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_7__/* .previewLink */ .Nx)(url, token)})`)}: the link signs your browser in (a cookie, for 30 days). Scripts send the token in the ${_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_7__/* .ACCESS_HEADER */ .zd} header, or as the password of basic auth.`.toString();
    }
    return (0,_report_md_js__WEBPACK_IMPORTED_MODULE_9__.md) `🔒 This preview is private, and the repository is public, so its sign-in link is not written here. Someone who holds the preview secret (${environment.config.previews?.secretEnv ?? 'GLIDEPATH_PREVIEW_SECRET'}) makes it with ${(0,_report_md_js__WEBPACK_IMPORTED_MODULE_9__/* .raw */ .lS)(`\`npx glidepath preview-link --environment ${environment.key}${number ? ` --pr ${number}` : ''}\``)}.`.toString();
}
/** glidepath preview-link: the sign-in link of pull request `pr`'s private preview, made from the preview secret. */
async function previewLinkOf(runtime, settings) {
    const scoped = asPullRequest(runtime, settings.pr, 'open');
    const targeting = await openTarget(scoped, settings);
    if (targeting.kind === 'none')
        throw new GlidepathError('GP-CONFIG-004', `No preview environment for pull request #${settings.pr}: ${targeting.reason}.`, { fix: 'Name the preview environment with --environment (its key in the config, e.g. preview).' });
    const { environment, store } = targeting.target;
    const env = runtime.env;
    if (!isPrivatePreview(environment.config))
        throw new GlidepathError('GP-INPUT-001', `${environment.name}'s previews are not private (previews.private, with Glidepath's router in front), so they need no link.`, { fix: 'Open its URL as it is.' });
    if (!environment.url)
        throw new GlidepathError('GP-INPUT-001', `${environment.name} has no url in the config to make a link of.`, { fix: `Set environments.${environment.key}.url (e.g. https://pr-{{pr.number}}.preview.example.com).` });
    const variable = environment.config.previews?.secretEnv ?? 'GLIDEPATH_PREVIEW_SECRET';
    if (!env[variable] && !existsSync(join(store.dir, 'preview-secret'))) {
        throw new GlidepathError('GP-INPUT-001', `${variable} is not set here, and ${environment.name} keeps no secret of its own on this machine: the link would not open it.`, { fix: `Set ${variable} to the repository's preview secret (the one the deploy step gets), or run this where the preview's state directory is.` });
    }
    const link = previewLink(environment.url, previewToken(environment, env, store.dir));
    return { environment: environment.name, link };
}


/***/ }),

/***/ 1403:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  report: () => (/* binding */ report)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/time/retry.ts
var retry = __webpack_require__(3424);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(2094);
;// CONCATENATED MODULE: ./shared/notify/webhook.ts



// POSTs JSON to a webhook (Slack incoming webhook or a generic one), retrying 5xx, 429 and network
// failures with backoff and honouring Retry-After.
class RetryableStatus extends Error {
    status;
    retryAfterMs;
    constructor(status, retryAfterMs) {
        super(`answered ${status}`);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }
}
async function postJson(url, body, options) {
    try {
        return await (0,retry/* retry */.L5)(async () => {
            let res;
            try {
                res = await (0,request/* httpRequest */.aj)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: options.timeoutMs ?? 10_000 });
            }
            catch (e) {
                throw new Error((0,request/* describeFetchError */.Op)(e));
            }
            if (res.status === 429 || res.status >= 500)
                throw new RetryableStatus(res.status, (0,retry/* retryAfterMs */.Vs)(res.headers.get('retry-after')));
            if (res.status >= 400)
                throw Object.assign(new Error(`answered ${res.status}`), { final: true });
            return res.status;
        }, {
            retries: options.retries ?? 3,
            baseMs: 500,
            shouldRetry: (e) => !e.final,
            retryAfterMs: (e) => (e instanceof RetryableStatus ? e.retryAfterMs : undefined),
        });
    }
    catch (e) {
        throw new errors/* GlidepathError */.HT('GP-NET-001', `${options.label} failed: ${e.message}.`, { fix: `Check the ${options.label} URL (it is masked in logs) and that the receiver accepts JSON POSTs.` });
    }
}

// EXTERNAL MODULE: ./shared/report/markdown.ts
var report_markdown = __webpack_require__(216);
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
            return { name, text: `*${(0,report_markdown/* escapeMarkdown */.FV)(name)}: no value in any interval (no requests reached the canary).*` };
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
        md += `\n<details><summary>More charts: ${rest.map((c) => (0,report_markdown/* escapeMarkdown */.FV)(c.name)).join(', ')}</summary>\n\n${rest.map((c) => c.text).join('\n\n')}\n\n</details>\n`;
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
        .raw((0,report_markdown/* codeBlock */.DV)(decisionCommands(d).join('\n')))
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
        legend += `${legend ? ', ' : ''}${(0,report_markdown/* escapeMarkdown */.FV)(name)} (max ${+max.toPrecision(3)})`;
    }
    lines.push('```');
    return `${lines.join('\n')}\n${legend ? `\nLines, scaled to their largest value: ${legend}.\n` : ''}`;
}

// EXTERNAL MODULE: ./shared/report/limits.ts
var limits = __webpack_require__(8753);
;// CONCATENATED MODULE: ./shared/github/comment.ts


// One sticky PR comment per environment, found by a hidden marker and by its author, and updated in place
// (REST only, so it works with GITHUB_TOKEN, a PAT or an App token alike). The marker alone proves nothing:
// anyone can post it first, and a report written into their comment would be theirs to edit afterwards.
const markerFor = (environment) => `<!-- glidepath:${encodeURIComponent(environment)} -->`;
/** What GITHUB_TOKEN's comments are written as. */
const ACTIONS_BOT = 'github-actions[bot]';
/**
 * The login the token's comments carry. A PAT or a user-to-server token answers GET /user; an installation
 * token (GITHUB_TOKEN, a GitHub App's) is refused it, and writes as `configured` (an App's `slug[bot]`),
 * else as github-actions[bot].
 */
async function commentAuthor(client, configured) {
    if (configured)
        return { login: configured, bot: configured.endsWith('[bot]') };
    try {
        const { data } = await client.request('GET /user');
        if (typeof data.login === 'string' && data.login)
            return { login: data.login, bot: data.type === 'Bot' };
    }
    catch (e) {
        // 401, 403 and 404 (GP-GITHUB-001..003): not a user's token.
        if (!(e instanceof errors/* GlidepathError */.HT) || !['GP-GITHUB-001', 'GP-GITHUB-002', 'GP-GITHUB-003'].includes(e.code))
            throw e;
    }
    return { login: ACTIONS_BOT, bot: true };
}
/** The comment is the token's own: written by the same login (and, for a bot, by a bot account). */
function writtenBy(comment, author) {
    const login = comment.user?.login;
    if (!login || login.toLowerCase() !== author.login.toLowerCase())
        return false;
    return !author.bot || comment.user?.type === 'Bot';
}
async function upsertStickyComment(client, issue, environment, body, options = {}) {
    const marker = markerFor(environment);
    const text = (0,limits/* cut */.Jj)(`${marker}\n${body}`, limits/* LIMITS */.b1.comment, '\n\n…(truncated)');
    const author = options.author ?? (await commentAuthor(client));
    let existing;
    for await (const c of client.items('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue })) {
        if (c.body?.startsWith(marker) && writtenBy(c, author)) {
            existing = c;
            break;
        }
    }
    if (existing) {
        const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body: text });
        return { id: data.id, url: data.html_url, created: false };
    }
    if (options.existingOnly)
        return undefined;
    const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue, body: text });
    return { id: data.id, url: data.html_url, created: true };
}

// EXTERNAL MODULE: ./shared/flows/target.ts + 2 modules
var target = __webpack_require__(2542);
// EXTERNAL MODULE: ./shared/flows/resolve-first.ts
var resolve_first = __webpack_require__(6671);
// EXTERNAL MODULE: ./shared/flows/waves/members.ts + 1 modules
var members = __webpack_require__(3498);
// EXTERNAL MODULE: ./shared/flows/previews.ts
var previews = __webpack_require__(3219);
// EXTERNAL MODULE: ./shared/report/waves.ts
var report_waves = __webpack_require__(6767);
// EXTERNAL MODULE: ./shared/github/integration.ts
var integration = __webpack_require__(7858);
// EXTERNAL MODULE: ./shared/github/deployments.ts
var deployments = __webpack_require__(9596);
;// CONCATENATED MODULE: ./shared/report/delivery.ts

const median = (xs) => {
    if (!xs.length)
        return null;
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function deliveryMetrics(history, windowDays, now = Date.now()) {
    const from = now - windowDays * 86_400_000;
    const inWindow = history.filter((d) => d.createdAt >= from).sort((a, b) => a.createdAt - b.createdAt);
    const finished = inWindow.filter((d) => d.succeeded || d.state === 'failure' || d.state === 'error');
    const failed = finished.filter((d) => !d.succeeded);
    const successes = inWindow.filter((d) => d.succeeded);
    const restores = [];
    for (const f of failed) {
        const next = successes.find((s) => s.createdAt > f.createdAt);
        if (next)
            restores.push((next.finishedAt - f.finishedAt) / 60_000);
    }
    const leads = successes.filter((s) => s.commitAt !== undefined).map((s) => (s.finishedAt - s.commitAt) / 3_600_000);
    return {
        windowDays,
        deployments: inWindow.length,
        successful: successes.length,
        frequencyPerDay: +(successes.length / windowDays).toFixed(3),
        changeFailureRate: finished.length ? +(failed.length / finished.length).toFixed(3) : null,
        timeToRestoreMinutes: restores.length ? +(restores.reduce((a, b) => a + b, 0) / restores.length).toFixed(1) : null,
        leadTimeHours: leads.length ? +median(leads).toFixed(2) : null,
    };
}
function renderDeliveryMetrics(environment, m) {
    const v = (x, unit = '') => (x === null ? 'n/a' : `${x}${unit}`);
    return new md/* Markdown */.oz().heading((0,md.md) `Delivery metrics: ${environment} (last ${m.windowDays} days)`).table(['metric', 'value'], [
        ['Deployments (successful)', `${m.deployments} (${m.successful})`],
        ['Deployment frequency', `${m.frequencyPerDay} per day`],
        ['Change failure rate', m.changeFailureRate === null ? 'n/a' : `${(m.changeFailureRate * 100).toFixed(1)}%`],
        ['Time to restore (mean)', v(m.timeToRestoreMinutes, ' min')],
        ['Lead time for changes (median)', v(m.leadTimeHours, ' h')],
    ]).toString();
}

;// CONCATENATED MODULE: ./shared/flows/report.ts

















function nothingToReport(runtime, environment, why) {
    runtime.warning(`${why}; nothing to report.`);
    runtime.summary(new md/* Markdown */.oz().heading('Glidepath').para((0,md.md) `Nothing to report for ${environment}: ${why}.`).toString());
    return { skipped: false, notified: [] };
}
// A record status, as a deployment status.
const STATE_OF = {
    success: 'success', failure: 'failure', aborted: 'failure', rolled_back: 'failure', superseded: 'inactive', inactive: 'inactive', in_progress: 'in_progress',
};
/**
 * The deployment status a record calls for, given the job's result: the record decides, except that a
 * job that failed or was cancelled while the record was still in progress ended it (`failure`, `error`).
 * A job that succeeded with the record in progress (a canary awaiting approval) leaves it in progress.
 */
function deploymentStateFor(record, jobStatus) {
    if (record.status === 'in_progress') {
        if (jobStatus === 'failure')
            return 'failure';
        if (jobStatus === 'cancelled')
            return 'error';
        return undefined;
    }
    return STATE_OF[record.status];
}
/** The record to report: by id in the local state, else rebuilt from its GitHub deployment's payload. */
async function findRecord(runtime, records, deploymentId, github) {
    if (!deploymentId)
        return records[records.length - 1];
    const local = records.find((r) => r.id === deploymentId || r.deploymentId === deploymentId);
    if (local || !github || !/^\d+$/.test(deploymentId))
        return local;
    try {
        const record = await github.recordOf(deploymentId);
        if (record)
            runtime.info(`Deployment ${deploymentId} is not in the local state; its record was read from the GitHub deployment payload.`);
        return record;
    }
    catch (e) {
        runtime.warning(`Could not read deployment ${deploymentId} from GitHub: ${e.message}`);
        return undefined;
    }
}
/** One record rendered for every surface: job summary, sticky PR comment, deployment status, Slack and a JSON webhook. */
async function report(runtime, settings, first) {
    if (settings.slackWebhook)
        runtime.mask(settings.slackWebhook);
    if (settings.webhookUrl)
        runtime.mask(settings.webhookUrl);
    const targeting = await (0,target/* openTarget */.Ap)(runtime, settings, undefined, first);
    if (targeting.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, targeting.reason, resolve_first/* REPORT_OUTPUTS */.Eg);
        return { skipped: true, notified: [] };
    }
    const { store, environment, github } = targeting.target;
    const outcome = { skipped: false, notified: [] };
    let markdown;
    let text;
    let payload;
    if (environment.config.targets?.length) {
        // Waves: one table of every target (each target's own GitHub deployment has its statuses).
        const waves = await (0,members/* readWavesProgress */.E)(runtime, targeting.target);
        if (!waves)
            return nothingToReport(runtime, environment.name, `${environment.name} has no rollout on record here`);
        outcome.waves = waves;
        markdown = (0,report_waves/* renderWavesSummary */.d)(waves);
        text = `${waves.environment}: ${(0,headline/* wavesHeadline */.D)(waves)}`;
        payload = { event: 'glidepath.report', status: waves.status, waves };
    }
    else {
        await (0,target/* hydrateState */.vt)(runtime, targeting.target);
        const record = await findRecord(runtime, store.read().records, settings.deploymentId, github);
        // report runs `if: always()`: a missing record (a failed upload, a run that never deployed) is
        // reported, never a failure of its own.
        if (!record)
            return nothingToReport(runtime, environment.name, settings.deploymentId ? `no record of deployment ${settings.deploymentId} here or in its GitHub payload` : `${environment.name} has no deployment record here`);
        outcome.record = record;
        // What serves, as seen now (never only what the file says): a dead site is never reported as fine.
        const seen = await (0,target/* lookAt */.t5)(targeting.target.provider, targeting.target.provider.name, (m) => runtime.warning(m));
        const s = store.read();
        const recorded = { stable: s.stable?.version ?? null, canary: s.canary?.version ?? null };
        markdown = renderDeploySummary(record, { seen, recorded });
        const door = recorded.stable || recorded.canary ? (0,previews/* previewDoor */.LS)(runtime, targeting.target, record.url) : undefined;
        if (door)
            markdown += `\n${door}\n`;
        if (seen) {
            outcome.seen = seen;
            if (!(0,serving/* servesAsRouted */.k0)(seen))
                runtime.warning(`${environment.name}: ${(0,serving/* describeServing */.Yh)(seen)} (the record says ${s.stable?.version ?? 'nothing'} serves).`);
        }
        const canary = store.read().canary;
        if (canary?.holding?.until && canary.recordId === record.id) {
            outcome.decision = { environment: environment.name, version: canary.version, weight: canary.weight, step: canary.step, reason: canary.holding.reason, until: canary.holding.until };
            markdown += `\n${renderDecisionNeeded(outcome.decision)}`;
        }
        const wanted = deploymentStateFor(record, settings.status);
        const status = wanted ?? record.status;
        if (github && record.deploymentId && wanted) {
            // deploy, canary-step and rollback already wrote their statuses (with the run as log_url): a
            // status is written here only when GitHub's differs, e.g. a job cancelled mid-rollout.
            const id = record.deploymentId;
            await (0,integration/* tellGitHub */.X)(runtime, 'report status', async () => {
                const latest = await github.api.latestStatus(Number(id));
                if (latest?.state === wanted)
                    return runtime.info(`GitHub deployment ${id} already says ${wanted}; no status written.`);
                // A later deployment superseded this one (a rollback, a newer deploy): its story is told.
                if (latest?.state === 'inactive')
                    return runtime.info(`GitHub deployment ${id} was superseded (inactive); no status written.`);
                await github.report(id, wanted, `${record.version}: ${settings.status && settings.status !== record.status ? `job ${settings.status}, ` : ''}${record.status}${record.reason ? ` - ${record.reason}` : ''}`, record.url);
            });
        }
        // The same first sentence as the summary's, with the status a job's end may have set.
        text = `${record.environment}: ${(0,headline/* headline */.P)(record, { seen, recordedStable: recorded.stable })}${settings.status && settings.status !== 'success' ? ` (the job: ${settings.status}; GitHub: ${status})` : ''}`;
        payload = { event: 'glidepath.report', status, record };
        const d = outcome.decision;
        if (d) {
            text = `${decisionSentence(d)} Answer with ${decisionCommands(d).map((c) => `\`${c}\``).join(' or ')} on its pull request, or run canary-step with step promote or abort.`;
            payload = { event: 'glidepath.decision-needed', status, record, decision: { ...d, commands: decisionCommands(d) } };
        }
    }
    runtime.summary((0,limits/* cutBytes */.Uw)(markdown, limits/* LIMITS */.b1.summary));
    const pr = runtime.context.pr?.number;
    const wantComment = settings.comment === 'always' || (settings.comment === 'auto' && runtime.context.eventName.startsWith('pull_request'));
    if (wantComment && github && pr) {
        outcome.comment = await upsertStickyComment(github.client, pr, environment.name, markdown, { author: await commentAuthor(github.client, settings.commentAuthor) });
        runtime.info(`${outcome.comment.url ? `PR comment: ${outcome.comment.url}` : 'PR comment updated'}.`);
    }
    else if (outcome.decision && github && settings.comment !== 'never') {
        // A decision is needed and this run has no pull request (a push to main): ask on the pull request that
        // brought the commit in, where a /glidepath comment answers it.
        const record = outcome.record;
        const asked = record.sha ? await pullRequestOf(runtime, github.client, record.sha) : undefined;
        if (asked) {
            outcome.comment = await upsertStickyComment(github.client, asked, environment.name, markdown, { author: await commentAuthor(github.client, settings.commentAuthor) });
            runtime.info(`${environment.name} waits for a decision: asked on pull request #${asked} (${outcome.comment.url}).`);
        }
        else
            runtime.notice(`${environment.name} waits for a decision, and no pull request brought ${record.sha?.slice(0, 12) || 'this commit'} in: answer with canary-step (step promote or abort).`, { title: 'Glidepath' });
    }
    else if (!pr && outcome.record?.sha && github && settings.comment !== 'never' && outcome.record.steps.some((s) => s.decision === 'wait')) {
        // This canary asked for a decision on a pull request: the answer replaces the question there.
        const asked = await pullRequestOf(runtime, github.client, outcome.record.sha);
        const updated = asked ? await upsertStickyComment(github.client, asked, environment.name, markdown, { existingOnly: true, author: await commentAuthor(github.client, settings.commentAuthor) }) : undefined;
        if (updated)
            outcome.comment = updated;
    }
    else if (wantComment && settings.comment === 'always') {
        runtime.notice(github ? 'No pull request in this run; no comment was written.' : 'No GitHub token or repository; no comment was written.');
    }
    if (settings.metricsDays > 0 && github) {
        const history = await (0,deployments/* deploymentHistory */.S)(github.client, environment.name, Date.now() - settings.metricsDays * 86_400_000);
        outcome.delivery = deliveryMetrics(history, settings.metricsDays);
        runtime.summary(renderDeliveryMetrics(environment.name, outcome.delivery));
    }
    // Every surface says the same first sentence: Slack as mrkdwn-safe text, the JSON webhook as plain `text`.
    const targets = [
        ['Slack webhook', settings.slackWebhook, { text: (0,report_markdown/* slackText */.a4)(text) }],
        ['webhook', settings.webhookUrl, { ...payload, text }],
    ];
    for (const [label, url, body] of targets) {
        if (!url)
            continue;
        try {
            await postJson(url, body, { label });
            outcome.notified.push(label);
        }
        catch (e) {
            if (settings.failOnNotifyError)
                throw e;
            runtime.warning(e.headline?.() ?? String(e));
        }
    }
    return outcome;
}
/** The pull request a commit came from (merged or open), for asking where a comment can answer. */
async function pullRequestOf(runtime, client, sha) {
    try {
        const { data } = await client.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha });
        return (data.find((p) => p.merged_at) ?? data[0])?.number;
    }
    catch (e) {
        runtime.warning(`Could not find the pull request of ${sha.slice(0, 12)}: ${(0,errors/* toGlidepathError */.cL)(e).headline()}`);
        return undefined;
    }
}


/***/ })

};
