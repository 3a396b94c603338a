export const id = 117;
export const ids = [117];
export const modules = {

/***/ 3498:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n: () => (/* binding */ Waves),
  E: () => (/* binding */ readWavesProgress)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/config/targets.ts
var targets = __webpack_require__(3923);
// EXTERNAL MODULE: ./shared/config/resolve.ts
var resolve = __webpack_require__(6433);
// EXTERNAL MODULE: ./shared/state/store.ts
var state_store = __webpack_require__(8529);
// EXTERNAL MODULE: ./shared/files/json-file.ts
var json_file = __webpack_require__(7273);
// EXTERNAL MODULE: ./shared/state/waves.ts
var waves = __webpack_require__(2446);
// EXTERNAL MODULE: ./shared/state/lock.ts
var lock = __webpack_require__(5745);
// EXTERNAL MODULE: ./shared/providers/index.ts + 4 modules
var providers = __webpack_require__(1384);
// EXTERNAL MODULE: ./shared/report/waves.ts
var report_waves = __webpack_require__(6767);
// EXTERNAL MODULE: ./shared/report/serving.ts
var serving = __webpack_require__(4221);
;// CONCATENATED MODULE: ./shared/runtime/prefixed.ts
/**
 * A runtime for one of several targets run together: its messages carry `[name]`, and its outputs and
 * summary go nowhere (each target's would overwrite the others'; the caller reports once for all).
 */
function prefixedRuntime(runtime, name) {
    const p = (m) => `[${name}] ${m}`;
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
    };
}

// EXTERNAL MODULE: ./shared/flows/target.ts + 2 modules
var target = __webpack_require__(2542);
;// CONCATENATED MODULE: ./shared/flows/waves/members.ts














class Waves {
    runtime;
    parent;
    file;
    members;
    plan;
    position;
    constructor(runtime, parent, version) {
        this.runtime = runtime;
        this.parent = parent;
        const env = parent.environment;
        this.file = (0,external_node_path_.join)(parent.store.dir, 'waves.json');
        this.plan = (0,targets/* wavesOf */.gt)(env.config);
        const carried = parent.carried;
        this.members = (env.config.targets ?? []).map((config) => {
            const environment = (0,resolve/* resolveTargetEnvironment */.VN)(env, config, (0,targets/* waveOf */.j5)(env.config, config), runtime.context, version);
            const store = new state_store/* StateStore */.fy(parent.stateDir, environment.name);
            const rt = prefixedRuntime(runtime, config.name);
            const provider = (0,providers/* createProvider */.Q)({
                environment, store, workspace: parent.workspace, stateDir: parent.stateDir, event: runtime.context,
                env: parent.env, log: { info: (m) => rt.info(m), warning: (m) => rt.warning(m) },
            });
            const target = { config: parent.config, environment, store, provider, stateDir: parent.stateDir, workspace: parent.workspace, github: parent.github, carried: carried?.targets?.[config.name], env: parent.env };
            return { config, wave: (0,targets/* waveOf */.j5)(env.config, config), target, runtime: rt };
        });
    }
    get name() {
        return this.parent.environment.name;
    }
    /** The last rollout on record (waves.json, or the state a job carried here). */
    read() {
        if ((0,external_node_fs_.existsSync)(this.file))
            return (0,json_file/* readJson */.Vh)(this.file, undefined);
        return this.parent.carried?.waves;
    }
    /** The position this run works on (set by begin). */
    get progress() {
        if (!this.position)
            throw new Error('waves: no rollout begun');
        return this.position;
    }
    /** Works on `p` from now on, and writes it ahead. */
    begin(p) {
        this.position = p;
        this.save();
        return this.progress;
    }
    /** Moves the position by one event and writes it ahead. */
    apply(e) {
        this.position = (0,waves/* advance */.np)(this.progress, e);
        this.save();
        return this.progress;
    }
    save() {
        this.position = { ...this.progress, updatedAt: new Date().toISOString() };
        this.parent.store.ensureDir();
        (0,json_file/* writeJsonAtomic */.ZJ)(this.file, this.position);
    }
    async lock(action, lockTimeoutMs) {
        const timeoutMs = lockTimeoutMs ?? this.parent.environment.durations.lockTimeout;
        return (0,lock/* acquireLock */.I)((0,external_node_path_.join)(this.parent.store.dir, 'waves.lock'), {
            timeoutMs, action, runId: this.runtime.context.runId || undefined,
            onWait: (owner) => this.runtime.info(`The waves of ${this.name} are locked by ${owner ? `${owner.action} (pid ${owner.pid})` : 'another run'}; waiting up to ${(0,duration/* formatDuration */.a3)(timeoutMs)}.`),
            onRecover: (owner) => this.runtime.warning(`Recovered a stale waves lock on ${this.name} left by ${owner.action} (pid ${owner.pid} is gone).`),
        });
    }
    member(name) {
        return this.members.find((m) => m.config.name === name);
    }
    /** Sets the `state` output: every target's state and the position, for a later job on another runner. */
    carry(p) {
        const targets = {};
        for (const m of this.members)
            if (m.target.store.exists())
                targets[m.config.name] = JSON.parse((0,state_store/* carryState */.Zk)(m.target.store.read()));
        const bundle = { schema: 1, environment: this.name, stable: null, canary: null, records: [], targets, waves: p };
        this.runtime.setOutput('state', JSON.stringify(bundle));
    }
    /**
     * Records what each target serves now: as seen on its platform where its provider can look (the
     * router's table and whether each routed release answers), beside what its state records.
     */
    async refreshServing() {
        return this.apply(await this.servingNow());
    }
    /** What each target serves now, as an event (report applies it without writing the position). */
    async servingNow() {
        const seen = await Promise.all(this.members.map((m) => (0,target/* lookAt */.t5)(m.target.provider, m.config.name, (w) => m.runtime.warning(w))));
        const recorded = this.members.map((m) => this.serving(m));
        return {
            type: 'serving',
            serving: Object.fromEntries(this.members.map((m, i) => [m.config.name, seen[i] ? seen[i].stable?.version ?? null : recorded[i]])),
            recorded: Object.fromEntries(this.members.map((m, i) => [m.config.name, recorded[i]])),
            seen: Object.fromEntries(this.members.flatMap((m, i) => (seen[i] ? [[m.config.name, { said: (0,serving/* describeServing */.Yh)(seen[i]), asRouted: (0,serving/* servesAsRouted */.k0)(seen[i]) }]] : []))),
        };
    }
    /** However the run ended: what each target serves, the summary table, the waves and state outputs. */
    async finish() {
        if (this.position) {
            const p = await this.refreshServing();
            this.runtime.summary((0,report_waves/* renderWavesSummary */.d)(p));
            this.runtime.setOutput('waves', JSON.stringify(p));
        }
        this.carry(this.position);
    }
    serving(m) {
        return m.target.store.exists() ? m.target.store.read().stable?.version ?? null : null;
    }
}
/** The last rollout of an environment with targets (waves.json, or the carried state), for report. */
async function readWavesProgress(runtime, parent) {
    const w = new Waves(runtime, parent);
    const p = w.read();
    // What each target serves as seen now, never only what the last run wrote down.
    return p ? (0,waves/* advance */.np)(p, await w.servingNow()) : undefined;
}


/***/ }),

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

/***/ 6767:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ renderWavesSummary)
/* harmony export */ });
/* harmony import */ var _md_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7408);
/* harmony import */ var _headline_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4529);
/* harmony import */ var _state_waves_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2446);



// The job summary's table of a rollout across targets: one row per target, in wave order.
const STATUS_ICON = { pending: '⏸️', rolling: '🟡', succeeded: '✅', failed: '❌', 'rolled-back': '↩️', 'rollback-failed': '⚠️' };
function renderWavesSummary(p) {
    const out = new _md_js__WEBPACK_IMPORTED_MODULE_0__/* .Markdown */ .oz().heading((0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `Waves of ${p.environment}: ${p.version} ${p.status}`).para((0,_md_js__WEBPACK_IMPORTED_MODULE_0__/* .bold */ .Cr)((0,_headline_js__WEBPACK_IMPORTED_MODULE_1__/* .wavesHeadline */ .D)(p))).para(p.reason);
    return out.table(['wave', 'target', 'status', 'was', 'serves (seen)', 'reason'], [...p.targets].sort((a, b) => a.wave - b.wave).map((t) => {
        // What the platform was seen serving where it could be seen; a record that disagrees is said beside it.
        const serves = t.seen === undefined ? (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `${t.serving ?? '(nothing)'} (recorded; not seen)` : (0,_state_waves_js__WEBPACK_IMPORTED_MODULE_2__/* .servesPlainly */ .ae)(t) ? t.serving ?? '(nothing)' : (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `${(0,_md_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(t.healthy === false ? '⚠️ ' : '')}${t.seen}`;
        const record = t.recorded !== undefined ? (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `; the record says ${t.recorded ?? 'nothing'}` : '';
        return [t.wave, t.name, (0,_md_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`${STATUS_ICON[t.status]} ${t.status}`), t.status === 'pending' ? '' : t.previousVersion ?? '(none)', (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `${serves}${record}`, t.reason ?? ''];
    })).toString();
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
