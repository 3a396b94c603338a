export const id = 948;
export const ids = [948];
export const modules = {

/***/ 6948:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  canaryStep: () => (/* binding */ canaryStep),
  deploy: () => (/* binding */ operations_deploy),
  rollback: () => (/* binding */ operations_rollback)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/flows/target.ts + 3 modules
var flows_target = __webpack_require__(8919);
// EXTERNAL MODULE: ./shared/flows/resolve-first.ts
var resolve_first = __webpack_require__(6671);
// EXTERNAL MODULE: ./shared/flows/previews.ts
var flows_previews = __webpack_require__(3219);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/flows/reap.ts
var reap = __webpack_require__(6714);
// EXTERNAL MODULE: ./shared/flows/preview-front.ts
var preview_front = __webpack_require__(5406);
// EXTERNAL MODULE: ./shared/flows/version.ts
var flows_version = __webpack_require__(7884);
// EXTERNAL MODULE: ./shared/time/windows.ts
var windows = __webpack_require__(8435);
// EXTERNAL MODULE: ./shared/report/md.ts
var md = __webpack_require__(7408);
;// CONCATENATED MODULE: ./shared/flows/windows.ts



function checkWindows(runtime, environment, override, what, now = new Date()) {
    const cfg = environment.config.windows;
    const verdict = (0,windows/* windowVerdict */.uz)(cfg, now);
    if (verdict.open)
        return undefined;
    const zone = cfg?.timezone ?? 'UTC';
    const next = verdict.next ? `next opening: ${(0,windows/* describeInstant */.l0)(verdict.next, zone)}` : 'no opening in the next year';
    if (!override) {
        throw new errors/* GlidepathError */.HT('GP-WINDOW-001', `${what} on ${environment.name} is refused: ${verdict.why}; ${next}. Nothing was changed.`, {
            fix: cfg?.override
                ? 'Run it then, or for an emergency set the override-window input to the reason (recorded and reported). Rollbacks and aborts are never blocked.'
                : `Run it then. Rollbacks and aborts are never blocked; an emergency override needs windows.override: true on environments.${environment.key}.`,
        });
    }
    if (!cfg?.override) {
        throw new errors/* GlidepathError */.HT('GP-WINDOW-002', `${what} on ${environment.name} asked to override its deploy windows (${verdict.why}), and the environment does not allow overrides. Nothing was changed.`, {
            fix: `Set windows.override: true on environments.${environment.key} to allow emergency overrides, or run it then (${next}).`,
        });
    }
    const actor = runtime.context.actor || 'unknown';
    runtime.warning(`Deploy window overridden by ${actor}: ${override} (${verdict.why}).`, { title: 'Glidepath: deploy window overridden' });
    runtime.summary(`> [!WARNING]\n> ${(0,md.md) `Deploy window overridden on ${environment.name} by ${actor}: ${override} (${verdict.why}).`}\n`);
    return { reason: override, actor, closed: verdict.why };
}

;// CONCATENATED MODULE: ./shared/flows/hold.ts

// A person's hold on an environment (`/glidepath lock`): while it stands, deploys and canary steps
// forward by anyone else are refused before anything changes. Rollbacks and aborts never are: a hold
// must not keep a broken version serving.
/** Refuses `what` when someone other than this run's actor holds the environment. */
function checkHold(runtime, target, what) {
    if (!target.store.exists())
        return;
    const hold = target.store.read().hold;
    if (!hold || hold.by === runtime.context.actor)
        return;
    const name = target.environment.name;
    throw new errors/* GlidepathError */.HT('GP-LOCK-002', `${what} refused: ${name} is held by @${hold.by} since ${hold.since}${hold.reason ? ` (${hold.reason})` : ''}.`, {
        fix: `Ask @${hold.by} to comment /glidepath unlock ${name}, or comment it yourself (anyone with write access may). Rollbacks and aborts are never blocked by a hold.`,
    });
}

// EXTERNAL MODULE: ./shared/flows/deploy.ts
var deploy = __webpack_require__(8193);
// EXTERNAL MODULE: ./shared/flows/canary.ts + 4 modules
var canary = __webpack_require__(9901);
// EXTERNAL MODULE: ./shared/flows/rollback.ts
var rollback = __webpack_require__(3814);
;// CONCATENATED MODULE: ./shared/flows/operations.ts













// The actions' operations (docs/architecture.md), loaded by entries.ts once the environment resolves:
// each opens its target once, checks what applies to the whole environment (deploy windows), then hands
// over to the waves layer (an environment with targets) or to the single-target operation. The layers
// below never import this one, nor waves the operations it orchestrates: no import cycle.
/** The waves layer, loaded only for an environment with targets (a chunk of its own). */
const waves = () => __webpack_require__.e(/* import() */ 786).then(__webpack_require__.bind(__webpack_require__, 8786));
/** deploy, once entries.ts has resolved the environment (`first`): open, gate, check windows, dispatch. */
async function operations_deploy(runtime, settings, first) {
    const known = Boolean(settings.version || settings.image || runtime.context.sha);
    const targeting = await (0,flows_target/* openTarget */.Ap)(runtime, settings, known ? (0,flows_version/* chooseVersion */.E)(settings.version, settings.image, runtime.context) : undefined, first);
    if (targeting.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, targeting.reason, [...resolve_first/* DEPLOY_OUTPUTS */.bE]);
        return { skipped: true };
    }
    const { github } = targeting.target;
    const gate = settings.teardown ? { open: true } : (0,flows_previews/* previewGate */.c9)(runtime.context, targeting.target.environment.config);
    if (!gate.open) {
        // The label that opened it came off: the preview goes. Otherwise nothing is deployed, and the outputs say why.
        if (gate.teardown && (await runs(runtime, targeting.target)))
            return (0,deploy/* teardown */.z)(runtime, targeting.target, { ...settings, teardown: true }, gate.reason);
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, gate.reason, [...resolve_first/* DEPLOY_OUTPUTS */.bE]);
        return { skipped: true };
    }
    if (settings.teardown)
        return targeting.target.environment.config.targets?.length ? (await waves()).teardownWaves(runtime, targeting.target, settings) : (0,deploy/* teardown */.z)(runtime, targeting.target, settings);
    const pr = runtime.context.pr;
    if (pr && github && runtime.context.eventName.startsWith('pull_request') && runtime.context.action !== 'closed' && (await github.pullRequestState(pr.number)) === 'closed') {
        // The PR closed while this run queued: deploying it now would resurrect a preview nobody wants.
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, `pull request #${pr.number} is closed`, [...resolve_first/* DEPLOY_OUTPUTS */.bE]);
        return { skipped: true };
    }
    const version = (0,flows_version/* chooseVersion */.E)(settings.version, settings.image, runtime.context);
    // Deploy windows and freezes: checked before anything changes (a preview's teardown never is).
    const windowOverride = checkWindows(runtime, targeting.target.environment, settings.overrideWindow, `Deploying ${version}`);
    checkHold(runtime, targeting.target, `Deploying ${version}`);
    if (windowOverride)
        settings = { ...settings, windowOverride };
    if (targeting.target.environment.config.targets?.length)
        return (await waves()).deployWaves(runtime, targeting.target, settings, version);
    if (settings.wave !== undefined) {
        throw new errors/* GlidepathError */.HT('GP-INPUT-001', `Input wave is ${settings.wave}, but ${targeting.target.environment.name} has no targets to roll out in waves.`, { fix: 'Leave wave empty, or list the environment\'s targets (docs/waves.md).' });
    }
    await makeRoomFor(runtime, targeting.target, settings);
    const outcome = await (0,deploy/* deployTo */.f)(runtime, targeting.target, settings, version);
    if (outcome.dryRun || outcome.skipped)
        return outcome;
    await (0,preview_front/* joinFront */.k)(runtime, targeting.target);
    return { ...outcome, after: await (0,flows_target/* afterwards */.Q$)(runtime, targeting.target) };
}
async function runs(runtime, target) {
    await (0,flows_target/* hydrateState */.vt)(runtime, target);
    const state = target.store.read();
    return Boolean(state.stable || state.canary);
}
/**
 * previews.max: before a new preview deploys, the previews deployed longest ago stop (or GP-PREVIEW-001
 * refuses it); with onMax: wait, it waits up to previews.maxWait for one to close, be reaped or torn down.
 */
async function makeRoomFor(runtime, target, settings) {
    const { environment, config, workspace, github } = target;
    const cfg = environment.config.previews;
    if (!cfg?.max || !runtime.context.pr)
        return;
    const known = () => (0,flows_previews/* knownPreviews */.DP)(config, environment.key, workspace, github);
    if (cfg.onMax === 'wait')
        return waitForRoom(runtime, known, environment.name, environment.key, cfg, environment.durations.previews.maxWait);
    const stop = (0,flows_previews/* makeRoom */.mk)(await known(), environment.name, cfg, environment.key);
    for (const p of stop) {
        const why = `stopped to make room for ${environment.name} (previews.max ${cfg.max}; it deployed longest ago, ${p.lastDeploy ?? 'at an unknown time'}); a push to #${p.number} deploys it again`;
        if (settings.dryRun)
            runtime.notice(`Dry run: would stop ${p.name}: ${why}.`);
        else
            await (0,reap/* stopPreview */.X)(runtime, settings, environment.key, p.number, 'open', why);
    }
}
async function waitForRoom(runtime, known, self, key, cfg, waitMs) {
    const max = cfg.max;
    const pollMs = Math.min(15_000, Math.max(250, waitMs / 20));
    const started = Date.now();
    for (let said = false;; said = true) {
        const previews = await known();
        const running = (0,flows_previews/* crowded */.D4)(previews, self, max);
        if (!running) {
            if (said)
                runtime.info(`Room for ${self} after ${(0,duration/* formatDuration */.a3)(Date.now() - started)} (previews.max ${max}).`);
            return;
        }
        const waited = Date.now() - started;
        if (waited >= waitMs) {
            try {
                (0,flows_previews/* makeRoom */.mk)(previews, self, cfg, key);
            }
            catch (e) {
                const err = e;
                throw new errors/* GlidepathError */.HT(err.code, `${err.message} It waited ${(0,duration/* formatDuration */.a3)(waited)} (previews.maxWait ${(0,duration/* formatDuration */.a3)(waitMs)}) for one to close.`, { fix: err.fix });
            }
        }
        if (!said)
            runtime.info(`${running.length} previews of ${key} run (${running.map((p) => p.name).join(', ')}), and previews.max is ${max}: ${self} waits for one to close, be reaped or torn down (previews.onMax: wait, up to ${(0,duration/* formatDuration */.a3)(waitMs)}).`);
        await (0,duration/* sleep */.yy)(pollMs);
    }
}
/** canary-step, once entries.ts has resolved the environment: deploy windows for a step forward, then dispatch. */
async function canaryStep(runtime, settings, first) {
    const targeting = await (0,flows_target/* openTarget */.Ap)(runtime, settings, undefined, first);
    if (targeting.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, targeting.reason, ['decision', 'weight', 'step', 'analysis', 'reason']);
        return { skipped: true, decision: 'complete', weight: 0, step: null, reason: targeting.reason, analysis: [] };
    }
    // A step forward (or a promotion) is a new version taking traffic: deploy windows apply. An abort never waits.
    if (settings.step !== 'abort' && (targeting.target.environment.config.targets?.length || targeting.target.store.read().canary)) {
        checkWindows(runtime, targeting.target.environment, settings.overrideWindow, `Canary step ${settings.step}`);
        checkHold(runtime, targeting.target, `Canary step ${settings.step}`);
    }
    if (targeting.target.environment.config.targets?.length)
        return (await waves()).stepWaves(runtime, targeting.target, settings);
    const outcome = await (0,canary/* stepTarget */.a)(runtime, targeting.target, settings);
    return { ...outcome, after: await (0,flows_target/* afterwards */.Q$)(runtime, targeting.target) };
}
/** rollback, once entries.ts has resolved the environment; the version rolled away from is marked so a later rollback never returns to it. */
async function operations_rollback(runtime, settings, first) {
    const targeting = await (0,flows_target/* openTarget */.Ap)(runtime, settings, undefined, first);
    if (targeting.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, targeting.reason, ['from-version', 'to-version', 'rolled-back']);
        return { skipped: true, rolledBack: false };
    }
    if (targeting.target.environment.config.targets?.length)
        return (await waves()).rollbackWaves(runtime, targeting.target, settings);
    const outcome = await (0,rollback/* rollbackTarget */.e)(runtime, targeting.target, settings);
    return { ...outcome, after: await (0,flows_target/* afterwards */.Q$)(runtime, targeting.target) };
}


/***/ }),

/***/ 3814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ rollbackTarget)
/* harmony export */ });
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7884);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8919);
/* harmony import */ var _machine_transitions_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7424);
/* harmony import */ var _machine_phase_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4531);
/* harmony import */ var _effects_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3438);





/** rollback of one target (an environment, or one target of an environment's waves). */
async function rollbackTarget(runtime, target, settings) {
    const { environment, store } = target;
    const to = settings.to ? (0,_version_js__WEBPACK_IMPORTED_MODULE_0__/* .checkVersion */ .p)(settings.to, 'to') : undefined;
    const reason = settings.reason || 'manual rollback';
    const timeoutMs = settings.timeoutMs ?? environment.timeoutMs;
    const lock = await (0,_target_js__WEBPACK_IMPORTED_MODULE_1__/* .lockTarget */ .Nd)(runtime, target, 'rollback', settings.lockTimeoutMs, timeoutMs);
    try {
        const state = store.read();
        const decision = (0,_machine_transitions_js__WEBPACK_IMPORTED_MODULE_2__/* .decide */ .L)(state, { kind: 'rollback', to });
        if (decision.kind === 'refuse')
            throw decision.error;
        const t = decision.transition;
        const x = { runtime, target, timeoutMs };
        const stable = state.stable?.version ?? null;
        runtime.info(`Transition ${t.name}: ${t.says}.`);
        if (t.name === 'noop') {
            const healed = target.reconciled?.healed ?? [];
            runtime.notice(healed.length ? `${environment.name} did not serve ${stable} as recorded; it does again (${healed.join('; ')}).` : `${environment.name} already serves ${stable} (seen answering); nothing to roll back.`);
            return { skipped: false, rolledBack: false, from: stable ?? undefined, to: stable ?? undefined, transition: t.name };
        }
        if (t.abortFirst && state.canary) {
            const canary = state.canary;
            runtime.info(`Aborting canary ${canary.version}: traffic goes back to ${stable ?? 'nothing'}.`);
            const aborted = await (0,_effects_js__WEBPACK_IMPORTED_MODULE_3__/* .abortCanary */ .Fi)(x, canary, reason, 'rolled_back');
            if (t.name === 'abort-canary')
                return { skipped: false, rolledBack: true, from: canary.version, to: stable ?? undefined, record: aborted, transition: t.name };
        }
        const toVersion = t.target;
        const phase = (0,_machine_phase_js__WEBPACK_IMPORTED_MODULE_4__/* .phaseOf */ .hU)(state);
        const from = t.name === 'repair' ? phase.failed?.version ?? stable : stable;
        runtime.info(t.name === 'repair'
            ? `${from} never became stable on ${environment.name} (${phase.failed?.status}); restoring ${toVersion}: ${reason}.`
            : `Rolling ${environment.name} back from ${from ?? 'nothing'} to ${toVersion}: ${reason}.`);
        const record = await (0,_effects_js__WEBPACK_IMPORTED_MODULE_3__/* .rollBack */ .Fu)(x, toVersion, from, reason, t.name, t.name !== 'repair');
        return { skipped: false, rolledBack: true, from: from ?? undefined, to: toVersion, record, transition: t.name };
    }
    finally {
        await lock.release();
    }
}


/***/ })

};
