export const id = 786;
export const ids = [786];
export const modules = {

/***/ 8786:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deployWaves: () => (/* binding */ deployWaves),
/* harmony export */   rollbackWaves: () => (/* binding */ rollbackWaves),
/* harmony export */   stepWaves: () => (/* binding */ stepWaves),
/* harmony export */   teardownWaves: () => (/* binding */ teardownWaves)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4772);
/* harmony import */ var _state_waves_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2446);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8919);
/* harmony import */ var _waves_members_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3498);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8193);
/* harmony import */ var _canary_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9901);
/* harmony import */ var _rollback_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3814);









// Waves: an environment whose `targets:` (regions, clusters, hosts) roll out wave by wave. Each target is
// an environment of its own to the flows (its own state, lock, provider and GitHub deployment, named
// <environment>/<target>); this module only orchestrates them: orders the waves, bakes between them,
// halts on the first failure and rolls back by policy. The targets and the written-ahead position are
// waves/members.ts; the position moves by the pure reducer in state/waves.ts.
const errorText = (e) => (e instanceof _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT ? `${e.code}: ${e.message}` : e.message);
/** deploy on an environment with targets: wave by wave, each target with the environment's strategy. */
async function deployWaves(runtime, parent, settings, version) {
    const w = new _waves_members_js__WEBPACK_IMPORTED_MODULE_4__/* .Waves */ .n(runtime, parent, version);
    const strategy = settings.strategy ?? parent.environment.strategy;
    const onFailure = parent.environment.config.waves?.onFailure ?? 'rollback-failed';
    const bakeMs = parent.environment.durations.bake;
    const last = settings.wave ?? w.plan.length;
    if (!Number.isInteger(last) || last < 1 || last > w.plan.length) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-INPUT-001', `Input wave is ${settings.wave}, but ${w.name} has waves 1 to ${w.plan.length}.`, { fix: `Pass a wave between 1 and ${w.plan.length}, or no wave to run them all.` });
    }
    runtime.info(`Environment ${w.name} (${parent.environment.reason}) rolls ${version} out in ${w.plan.length} wave(s): ${w.plan.map((p) => `${p.number}: ${p.targets.map((t) => t.name).join(', ')}`).join('; ')}; strategy ${strategy}, bake ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(bakeMs)}, on failure ${onFailure}.`);
    if (settings.dryRun) {
        let record;
        for (const m of w.members) {
            await (0,_target_js__WEBPACK_IMPORTED_MODULE_3__/* .hydrateState */ .vt)(m.runtime, m.target);
            const planned = await (0,_deploy_js__WEBPACK_IMPORTED_MODULE_5__/* .deployTo */ .f)(m.runtime, m.target, settings, version);
            record ??= planned.record;
        }
        return { skipped: false, dryRun: true, record, environmentUrl: parent.environment.url };
    }
    const lock = await w.lock('deploy', settings.lockTimeoutMs);
    try {
        const before = w.read();
        const resuming = before && before.version === version && (before.status === 'running' || before.status === 'paused');
        const done = new Set(resuming ? before.targets.filter((t) => t.status === 'succeeded').map((t) => t.name) : []);
        await preflightAll(w, w.members.filter((m) => !done.has(m.config.name)), settings, version, strategy);
        if (resuming) {
            w.begin(before);
            runtime.notice(`Resuming the rollout of ${version} on ${w.name} at wave ${before.wave} of ${before.waves} (it ${before.status === 'paused' ? 'paused there' : 'was interrupted'}; targets already on ${version} are left as they are).`);
        }
        else {
            if (before && (before.status === 'running' || before.status === 'paused')) {
                runtime.warning(`The rollout of ${before.version} on ${w.name} stopped at wave ${before.wave} of ${before.waves}; ${version} takes over from there.`);
            }
            w.begin((0,_state_waves_js__WEBPACK_IMPORTED_MODULE_8__/* .newProgress */ .gu)({ environment: w.name, id: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)(), version, strategy, waves: w.plan.length, onFailure, at: new Date().toISOString(), targets: w.members.map((m) => ({ name: m.config.name, wave: m.wave })) }));
        }
        w.apply({ type: 'running' });
        for (const wave of w.plan) {
            const entries = w.progress.targets.filter((t) => t.wave === wave.number);
            if (entries.every((t) => t.status === 'succeeded'))
                continue;
            if (wave.number > last) {
                w.apply({ type: 'paused' });
                runtime.notice(`Waves 1 to ${last} of ${w.name} are on ${version}; the rollout pauses before wave ${wave.number} (${wave.targets.map((t) => t.name).join(', ')}) until a deploy of ${version} with wave ${wave.number} or later.`);
                break;
            }
            const bakeUntil = w.progress.bakeUntil;
            const bakeLeft = bakeUntil ? Date.parse(bakeUntil) - Date.now() : 0;
            if (bakeLeft > 0) {
                runtime.info(`Baking wave ${wave.number - 1} for ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(bakeLeft)} before wave ${wave.number} starts.`);
                await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .sleep */ .yy)(bakeLeft);
            }
            w.apply({ type: 'wave', wave: wave.number });
            runtime.info(`Wave ${wave.number} of ${w.plan.length}: ${entries.map((e) => e.name).join(', ')}.`);
            const results = await Promise.allSettled(entries.map((entry) => rollTarget(w, w.member(entry.name), settings, version, strategy)));
            const failures = entries.flatMap((entry, i) => {
                const r = results[i];
                return r.status === 'rejected' ? [{ target: entry.name, reason: errorText(r.reason) }] : [];
            });
            if (failures.length > 0) {
                w.apply({ type: 'halted', wave: wave.number, failures, at: new Date().toISOString() });
                const unreturned = await halt(w, settings);
                const now = await w.refreshServing();
                const untouched = now.targets.filter((t) => t.wave > wave.number).map((t) => t.name);
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-WAVES-001', `The rollout of ${version} on ${w.name} halted in wave ${wave.number} of ${w.plan.length}: ${failures.map((f) => `${f.target} failed (${f.reason})`).join('; ')}. ${(0,_state_waves_js__WEBPACK_IMPORTED_MODULE_8__/* .describeAfterHalt */ .Jk)(now)}${unreturned.length ? ` ${unreturned.join('; ')}.` : ''}${untouched.length ? ` Not started: ${untouched.join(', ')}.` : ''}`, {
                    fix: unreturned.length
                        ? 'Fix what stopped the returns (named above), then run rollback for the environment: the targets still on the new version return, those already back are left as they are.'
                        : 'Investigate the failed target (its record and analysis above), then deploy a fixed version; targets already on it are left as they are.',
                });
            }
            w.apply({ type: 'baking', until: wave.number < w.plan.length && bakeMs > 0 ? new Date(Date.now() + bakeMs).toISOString() : undefined });
        }
        if (w.progress.status === 'running') {
            w.apply({ type: 'finished' });
            runtime.notice(`${version} is on every target of ${w.name}: ${w.progress.targets.map((t) => t.name).join(', ')}.`);
        }
        return { skipped: false, record: lastRecord(w), environmentUrl: parent.environment.url, transition: undefined, waves: w.progress };
    }
    finally {
        await w.finish();
        lock.release();
    }
}
async function rollTarget(w, m, settings, version, strategy) {
    const name = m.config.name;
    await (0,_target_js__WEBPACK_IMPORTED_MODULE_3__/* .hydrateState */ .vt)(m.runtime, m.target);
    w.apply({ type: 'rolling', target: name, previousVersion: w.serving(m) });
    const deployed = await (0,_deploy_js__WEBPACK_IMPORTED_MODULE_5__/* .deployTo */ .f)(m.runtime, m.target, { ...settings, state: undefined }, version);
    w.apply({ type: 'deployed', target: name, transition: deployed.transition, url: deployed.environmentUrl });
    if (strategy === 'canary' && m.target.store.read().canary?.version === version) {
        const stepped = await (0,_canary_js__WEBPACK_IMPORTED_MODULE_6__/* .stepTarget */ .a)(m.runtime, m.target, canarySettings(settings, 'all'));
        if (stepped.failure)
            throw stepped.failure;
        if (stepped.decision === 'abort')
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-CANARY-003', `Canary ${version} aborted on ${m.target.environment.name}: ${stepped.reason}.`, { fix: 'See the analysis in the record.' });
    }
    if (m.target.store.read().stable?.version !== version) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-WAVES-001', `${m.target.environment.name} does not serve ${version} after its rollout.`, { fix: 'See the target\'s record.' });
    }
    w.apply({ type: 'succeeded', target: name, at: new Date().toISOString() });
}
function canarySettings(settings, step, reason) {
    return { config: settings.config, configText: settings.configText, lockTimeoutMs: settings.lockTimeoutMs, token: settings.token, timeoutMs: settings.timeoutMs, verify: settings.verify, pauseMs: settings.pauseMs, step, reason };
}
/**
 * Before the first wave moves, every target still to roll is reached and checked (its provider's
 * preflight: the connection and host key, the host's directory, the release's files), all at once: a fleet
 * never stops half-way for a reason knowable at the start. Nothing has moved when this fails.
 */
async function preflightAll(w, todo, settings, version, strategy) {
    const results = await Promise.allSettled(todo.map(async (m) => {
        const timeoutMs = settings.timeoutMs ?? m.target.environment.timeoutMs;
        await m.target.provider.preflight({ version, previousVersion: null, image: settings.image, strategy, canaryWeight: 0, timeoutMs });
    }));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ name: todo[i].config.name, error: (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .toGlidepathError */ .cL)(r.reason) }] : []));
    if (!failed.length)
        return;
    const first = failed[0].error;
    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT(first.code, `Before any wave of ${version} on ${w.name} moved, ${failed.length} of ${todo.length} target(s) could not be readied: ${failed.map((f) => `${f.name}: ${f.error.message}`).join('; ')}. Nothing was changed on any target.`, {
        fix: failed.map((f) => f.error.fix).filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(' '),
    });
}
/**
 * After a failure: the failed targets return to what they served; under rollback-all, every target moved.
 * Whatever stops one return (a lost connection, a refused key, its own rollback failing), the others are
 * still returned, last wave first; each that could not be is recorded (return-failed) with its cause.
 */
async function halt(w, settings) {
    const p = w.progress;
    const reason = `the rollout of ${p.version} halted: ${p.reason}`;
    const back = p.targets.filter((t) => t.status === 'failed' || (p.onFailure === 'rollback-all' && (t.status === 'succeeded' || t.status === 'rolling')));
    const errors = [];
    for (const wave of [...w.plan].reverse()) {
        const batch = back.filter((t) => t.wave === wave.number);
        const results = await Promise.allSettled(batch.map((t) => returnTarget(w, t, { ...settings, reason })));
        results.forEach((r, i) => { if (r.status === 'rejected')
            errors.push(`${batch[i].name} could not be returned (${errorText(r.reason)})`); });
    }
    return errors;
}
/** Returns one target to the version it served before this rollout (or its last good one). */
async function returnTarget(w, t, settings) {
    const m = w.member(t.name);
    await (0,_target_js__WEBPACK_IMPORTED_MODULE_3__/* .hydrateState */ .vt)(m.runtime, m.target);
    const state = m.target.store.exists() ? m.target.store.read() : undefined;
    const serving = state?.stable?.version ?? null;
    const to = settings.to ?? t.previousVersion;
    if (!state?.canary && serving === to && serving !== null) {
        m.runtime.info(`${m.target.environment.name} already serves ${serving}.`);
        w.apply({ type: 'returned', target: t.name, to: serving, already: true });
        return undefined;
    }
    if (!state?.canary && to === null) {
        m.runtime.warning(`${m.target.environment.name} had nothing before ${w.progress.version} (a first deploy): there is no version to return it to, so it keeps serving ${serving ?? 'nothing'}.`);
        return undefined;
    }
    try {
        const out = await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_7__/* .rollbackTarget */ .e)(m.runtime, m.target, { ...settings, to: to ?? undefined, state: undefined });
        w.apply({ type: 'returned', target: t.name, to: out.to ?? null });
        return out;
    }
    catch (e) {
        w.apply({ type: 'return-failed', target: t.name, reason: errorText(e) });
        throw e;
    }
}
function lastRecord(w) {
    for (const m of [...w.members].reverse()) {
        if (!m.target.store.exists())
            continue;
        const r = m.target.store.read().records.at(-1);
        if (r)
            return r;
    }
    return undefined;
}
/** canary-step on an environment with targets: abort returns every moved target; otherwise the rollout goes on. */
async function stepWaves(runtime, parent, settings) {
    const w = new _waves_members_js__WEBPACK_IMPORTED_MODULE_4__/* .Waves */ .n(runtime, parent);
    if (settings.step === 'abort') {
        const out = await rollbackWaves(runtime, parent, { ...settings, reason: settings.reason || 'aborted by request' });
        return { skipped: false, decision: 'abort', weight: 0, step: null, reason: settings.reason || 'aborted by request', analysis: [], record: out.record, waves: out.waves };
    }
    const p = w.read();
    if (!p || (p.status !== 'running' && p.status !== 'paused')) {
        const why = p ? `no rollout in progress on ${w.name}: ${p.version} ${p.status}${p.reason ? ` (${p.reason})` : ''}` : `no rollout in progress on ${w.name}`;
        runtime.notice(`${why}.`);
        w.carry(p);
        if (p?.status === 'halted' || p?.status === 'rolled-back') {
            return { skipped: false, decision: 'abort', weight: 0, step: null, reason: why, analysis: [],
                failure: new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-WAVES-001', `The rollout of ${p.version} on ${w.name} did not finish: ${p.status}${p.reason ? ` (${p.reason})` : ''}.`, { fix: 'See the deploy step\'s summary; deploy a fixed version.' }) };
        }
        return { skipped: false, decision: 'complete', weight: 100, step: null, reason: why, analysis: [] };
    }
    if (settings.step === 'promote') {
        for (const m of w.members) {
            await (0,_target_js__WEBPACK_IMPORTED_MODULE_3__/* .hydrateState */ .vt)(m.runtime, m.target);
            if (m.target.store.exists() && m.target.store.read().canary?.version === p.version)
                await (0,_canary_js__WEBPACK_IMPORTED_MODULE_6__/* .stepTarget */ .a)(m.runtime, m.target, canarySettings(settings, 'promote', settings.reason));
        }
    }
    runtime.info(`Continuing the rollout of ${p.version} on ${w.name} from wave ${p.wave} of ${p.waves}.`);
    const out = await deployWaves(runtime, parent, { ...settings, strategy: p.strategy, dryRun: false, version: p.version }, p.version);
    const done = out.waves?.status === 'succeeded';
    return { skipped: false, decision: done ? 'complete' : 'continue', weight: 100, step: null, reason: done ? `${p.version} is on every target` : `paused after wave ${out.waves?.wave}`, analysis: [], record: out.record, waves: out.waves };
}
/** rollback on an environment with targets: every target the last rollout moved returns, last wave first. */
async function rollbackWaves(runtime, parent, settings) {
    const w = new _waves_members_js__WEBPACK_IMPORTED_MODULE_4__/* .Waves */ .n(runtime, parent);
    const lock = await w.lock('rollback', settings.lockTimeoutMs);
    try {
        const known = w.read();
        const reason = settings.reason || 'manual rollback';
        // No rollout on record (state lost): every target steps back to its last good version.
        const unknownHistory = !known;
        const p = w.begin(known ?? (0,_state_waves_js__WEBPACK_IMPORTED_MODULE_8__/* .newProgress */ .gu)({ environment: w.name, id: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)(), version: '(unknown)', strategy: parent.environment.strategy, waves: w.plan.length, onFailure: 'rollback-all', at: new Date().toISOString(), targets: w.members.map((m) => ({ name: m.config.name, wave: m.wave })), status: 'succeeded' }));
        if (unknownHistory)
            w.apply({ type: 'wave', wave: w.plan.length });
        const moved = p.targets.filter((t) => t.status === 'rolling' || t.status === 'succeeded' || t.status === 'failed');
        runtime.info(`Rolling ${w.name} back: ${moved.length ? moved.map((t) => t.name).join(', ') : 'no target moved'} (${reason}).`);
        const errors = [];
        let record;
        let rolledBack = false;
        for (const wave of [...w.plan].reverse()) {
            const batch = moved.filter((t) => t.wave === wave.number);
            const results = await Promise.allSettled(batch.map(async (t) => {
                if (t.previousVersion !== null || settings.to || !unknownHistory) {
                    return returnTarget(w, t, { ...settings, reason, to: settings.to ?? t.previousVersion ?? undefined });
                }
                // No rollout on record: the target's own rollback picks its last good version.
                const m = w.member(t.name);
                const out = await (0,_rollback_js__WEBPACK_IMPORTED_MODULE_7__/* .rollbackTarget */ .e)(m.runtime, m.target, { ...settings, reason, state: undefined });
                w.apply({ type: 'returned', target: t.name, to: out.to ?? null });
                return out;
            }));
            results.forEach((r, i) => {
                if (r.status === 'rejected')
                    errors.push(`${batch[i].name}: ${errorText(r.reason)}`);
                else if (r.value?.rolledBack) {
                    rolledBack = true;
                    record = r.value.record ?? record;
                }
            });
        }
        const done = w.apply({ type: 'rolled-back', reason });
        if (errors.length) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-WAVES-002', `Rolling ${w.name} back left ${errors.length} target(s) where they were: ${errors.join('; ')}.`, { fix: 'Fix what the error names and run rollback again: targets already back are left as they are.' });
        }
        return { skipped: false, rolledBack, from: done.version, to: summariseTo(done, w), record, waves: done };
    }
    finally {
        await w.finish();
        lock.release();
    }
}
/**
 * teardown on an environment with targets (a preview fleet's end): every target torn down, last wave
 * first, the targets of a wave together. A target that fails is named; the others are still torn down.
 */
async function teardownWaves(runtime, parent, settings) {
    const w = new _waves_members_js__WEBPACK_IMPORTED_MODULE_4__/* .Waves */ .n(runtime, parent);
    if (settings.dryRun) {
        runtime.notice(`Dry run: would tear down ${w.name} on ${w.members.map((m) => m.config.name).join(', ')}. Nothing was changed.`);
        return { skipped: false, dryRun: true };
    }
    const lock = await w.lock('teardown', settings.lockTimeoutMs);
    try {
        const errors = [];
        let record;
        for (const wave of [...w.plan].reverse()) {
            const batch = w.members.filter((m) => m.wave === wave.number);
            const results = await Promise.allSettled(batch.map((m) => (0,_deploy_js__WEBPACK_IMPORTED_MODULE_5__/* .teardown */ .z)(m.runtime, m.target, settings)));
            results.forEach((r, i) => {
                if (r.status === 'rejected')
                    errors.push(`${batch[i].config.name}: ${errorText(r.reason)}`);
                else
                    record = r.value.record ?? record;
            });
        }
        if (errors.length) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-WAVES-002', `Tearing ${w.name} down left ${errors.length} target(s) as they were: ${errors.join('; ')}.`, { fix: 'Fix what the error names and run the teardown again: targets already torn down are left as they are.' });
        }
        runtime.info(`Tore down ${w.name} on ${w.members.map((m) => m.config.name).join(', ')}.`);
        return { skipped: false, record, environmentUrl: parent.environment.url, transition: 'teardown' };
    }
    finally {
        await w.finish();
        lock.release();
    }
}
function summariseTo(p, w) {
    const serving = [...new Set(p.targets.map((t) => w.serving(w.member(t.name)) ?? 'nothing'))];
    return serving.length === 1 ? serving[0] : serving.join(',');
}


/***/ })

};
