export const id = 883;
export const ids = [883];
export const modules = {

/***/ 9901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ stepTarget)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/analysis/priors.ts
var priors = __webpack_require__(2228);
// EXTERNAL MODULE: ./shared/analysis/analyse.ts
var analyse = __webpack_require__(2472);
// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var traffic_cohorts = __webpack_require__(3706);
;// CONCATENATED MODULE: ./shared/analysis/warmup.ts
// A new release's first seconds (issue 39): caches cold, connections to open, code to compile. Its
// latency then is measured but not judged, so a warming release is not aborted as a slow one; errors
// and crashes still abort at once. The warm-up ends as soon as the data says the release is warm (an
// interval in which its latency meets what it is held to: the metric's max, or the stable version's
// latency over the same interval with the allowance), or at analysis.warmup at the latest, like Argo
// Rollouts' initialDelay but adaptive. It is judged from the next interval on. Warm-up samples never
// enter a latency test, so its alpha is unchanged; a release that stays slow never meets its bound and is
// judged, and caught, once analysis.warmup has passed. Pure: values in, a verdict out.
/** Relative slack over the stable version's latency that counts as warm, at least (the allowance when larger). */
const WARM_RATIO = 0.2;
/** Milliseconds of scheduler noise a fast app's latency moves by without being cold. */
const SLACK_MS = 5;
/** Whether this interval is still warm-up; when it ended here, why. */
function warmupStep(w) {
    if (w.sinceStartMs >= w.maxMs)
        return { warming: false, ended: `its longest, analysis.warmup (${Math.round(w.maxMs / 1000)}s), passed` };
    if (w.current === null)
        return { warming: true };
    if (w.max !== undefined && w.current <= w.max)
        return { warming: false, ended: `its latency met its bound (${+w.current.toPrecision(3)} <= ${w.max})` };
    if (w.max === undefined && w.baseline !== null && w.baseline !== undefined && w.current <= w.baseline * (1 + Math.max(w.allowance, WARM_RATIO)) + SLACK_MS) {
        return { warming: false, ended: 'its latency is at the stable version\'s' };
    }
    return { warming: true };
}

// EXTERNAL MODULE: ./shared/metrics/index.ts + 6 modules
var shared_metrics = __webpack_require__(3530);
// EXTERNAL MODULE: ./shared/http/request.ts
var http_request = __webpack_require__(2094);
;// CONCATENATED MODULE: ./shared/metrics/synthetic.ts

// Evidence on demand (analysis.synthetic, issue 39): when real traffic leaves a canary step short of
// samples, the step sends its own requests, to the canary and the stable version in equal measure,
// through the router's pin (the canary's and stable's endpoints: x-glidepath-route, with a private
// preview's token), so the router counts them like any request and the comparison stays fair; no user
// sees a difference. Each interval sends the least that brings the judge the power it asks for by the
// step's end (never more than `rate` requests/s per version, the real requests the canary got counted),
// within a budget of `max` per step (the arithmetic: analysis/synthetic.ts). Requests are safe ones (GET
// or HEAD) and carry x-glidepath-synthetic: 1, so an app can leave them out of its own analytics.
const SYNTHETIC_HEADER = 'x-glidepath-synthetic';
const CONCURRENCY = 8;
class SyntheticEvidence {
    plan;
    endpoints;
    /** Requests sent this step, per version, and those that got no answer at all. */
    sent = { canary: 0, stable: 0, unanswered: 0 };
    next = 0;
    constructor(plan, endpoints) {
        this.plan = plan;
        this.endpoints = endpoints;
    }
    get total() {
        return this.sent.canary + this.sent.stable;
    }
    /**
     * Sends `perVersion` requests to each version, interleaved and spread evenly over `spanMs`; resolves
     * once every one is answered (or timed out at the span's end). The answers are the router's to count.
     */
    async send(perVersion, spanMs) {
        if (perVersion <= 0)
            return;
        const agents = (0,http_request/* keepAliveAgents */.Tk)(CONCURRENCY);
        const started = Date.now();
        const gap = spanMs / (perVersion * 2);
        const timeoutMs = Math.max(1000, spanMs);
        const inflight = new Set();
        try {
            for (let i = 0; i < perVersion * 2; i++) {
                const wait = started + i * gap - Date.now();
                if (wait > 0)
                    await new Promise((r) => setTimeout(r, wait));
                if (Date.now() - started > spanMs)
                    break;
                while (inflight.size >= CONCURRENCY)
                    await Promise.race(inflight);
                const role = i % 2 === 0 ? 'canary' : 'stable';
                const request = this.plan.requests[this.next++ % this.plan.requests.length];
                const endpoint = this.endpoints[role];
                this.sent[role]++;
                const p = (0,http_request/* httpRequest */.aj)(new URL(request.path, endpoint.url).href, {
                    method: request.method,
                    redirect: 'manual',
                    agents,
                    timeoutMs,
                    headers: { ...endpoint.headers, ...request.headers, [SYNTHETIC_HEADER]: '1', 'user-agent': 'glidepath-synthetic' },
                }).then(() => undefined, () => { this.sent.unanswered++; }).finally(() => inflight.delete(p));
                inflight.add(p);
            }
            await Promise.all(inflight);
        }
        finally {
            agents.destroy();
        }
    }
}

;// CONCATENATED MODULE: ./shared/analysis/synthetic.ts
// Evidence on demand (analysis.synthetic), the arithmetic: how many requests a canary step sends each
// version in an interval, the least that brings the judge the power it asks for by the step's end.
// Pure, so canary-step (metrics/synthetic.ts sends them) and its rehearsal (rehearse.ts, the
// benchmark) decide alike.
const DEFAULT_RATE = 2;
const DEFAULT_MAX = 600;
function syntheticPlan(cfg) {
    return {
        rate: cfg.rate ?? DEFAULT_RATE,
        max: cfg.max ?? DEFAULT_MAX,
        requests: (cfg.requests?.length ? cfg.requests : [{ path: '/' }]).map((r) => ({ path: r.path, method: r.method ?? 'GET', ...(r.headers ? { headers: r.headers } : {}) })),
    };
}
/**
 * How many requests to send each version over the next `intervalMs`. `need`: the canary requests the
 * judge says are still short of the power it needs (undefined before it has said): spread over the
 * intervals left, so the step sends the least that reaches it in time; before the judge has said, and
 * never more than, `rate` per second. The canary's real requests of the last interval count toward it;
 * the budget left (shared by both versions) caps it. Pure.
 */
function topUp(plan, intervalMs, at) {
    const ceiling = Math.ceil((plan.rate * intervalMs) / 1000);
    const wanted = at.need === undefined ? ceiling : Math.min(ceiling, Math.ceil(Math.max(0, at.need) / Math.max(1, at.intervalsLeft)));
    const left = Math.floor(Math.max(0, plan.max - at.sent) / 2);
    return Math.max(0, Math.min(wanted - Math.max(0, Math.floor(at.realCanary)), left));
}
/**
 * The judge's need is for the power to promote (0.8 against the material regression); aiming half as
 * far again past it lets a regression of that size be caught about 9 times in 10 before the canary ends.
 */
const MARGIN = 1.5;
/**
 * The canary requests the judge still lacks (analysis.synthetic): for a sequential test short of power,
 * the canary's part of the requests it says it needs; for another inconclusive metric, undefined (send
 * at the rate); none when every metric has what it needs.
 */
function canaryShortfall(results, share) {
    let need = 0;
    for (const r of results) {
        if (r.dryRun || r.verdict !== 'inconclusive')
            continue;
        const e = r.evidence;
        if (e?.requiredRequests === undefined)
            return undefined;
        need = Math.max(need, Math.ceil((e.requiredRequests - e.canaryRequests - e.baselineRequests) * share * MARGIN));
    }
    return need;
}

// EXTERNAL MODULE: ./shared/flows/target.ts + 3 modules
var flows_target = __webpack_require__(8919);
// EXTERNAL MODULE: ./shared/machine/transitions.ts
var transitions = __webpack_require__(7424);
;// CONCATENATED MODULE: ./shared/machine/step.ts
/** Where `index` leads: entering its weight, or promoting when it weighs 100. */
function enter(s, index, why, then) {
    const weight = s.steps[index].weight;
    return weight >= 100 ? { kind: 'promote', step: index, why } : { kind: 'enter', step: index, weight, why, then };
}
function nextStep(s) {
    const index = s.canary.step;
    if (s.verdict)
        return afterVerdict(s, s.verdict);
    if (!s.underway) {
        // A run died between writing the step and moving traffic: finish entering that step, never skip it.
        if (s.canary.applied === false)
            return enter(s, index, `resumed step ${index}`, 'stop');
        if (typeof s.request === 'number')
            return enter(s, s.request, `moved to step ${s.request} by request`, 'stop');
        const advancedTo = s.stepKey ? s.canary.advancedBy?.[s.stepKey] : undefined;
        if (advancedTo !== undefined)
            return { kind: 'reassert', step: index, advancedTo };
        // A canary that waited for a person past maxWait is aborted by the next run, before any judging.
        const until = s.canary.holding?.until;
        if (until && s.now >= Date.parse(until))
            return { kind: 'expire', step: index, until };
    }
    // The step whose pass promotes needs the evidence to promote; a step before it only no proven harm.
    return { kind: 'judge', step: index, final: index + 1 >= s.steps.length || s.steps[index + 1].weight >= 100 };
}
function afterVerdict(s, verdict) {
    const index = s.canary.step;
    if (verdict.decision === 'abort')
        return { kind: 'abort', step: index, reason: verdict.reason };
    if (verdict.decision === 'hold') {
        // A hold past its budget never ends the job green with traffic split (docs/state-machine.md),
        // unless the config asks a person to decide (onHold: wait), bounded by maxWait.
        if (s.policy.onHold === 'wait') {
            const since = s.canary.holding?.since ?? new Date(s.now).toISOString();
            const until = new Date(Date.parse(since) + s.policy.maxWaitMs).toISOString();
            return s.now >= Date.parse(until) ? { kind: 'expire', step: index, until } : { kind: 'wait', step: index, since, until };
        }
        return { kind: s.policy.onHold === 'abort' ? 'abort-hold' : 'hold', step: index };
    }
    const next = Math.min(index + 1, s.steps.length - 1);
    if (next === index)
        return { kind: 'promote', step: index, why: `passed the last step (${index})` };
    return enter(s, next, `step ${index} passed: ${verdict.reason}`, s.request === 'all' ? 'judge' : 'stop');
}

// EXTERNAL MODULE: ./shared/machine/phase.ts
var phase = __webpack_require__(4531);
// EXTERNAL MODULE: ./shared/flows/effects.ts
var effects = __webpack_require__(3438);
// EXTERNAL MODULE: ./shared/flows/verify.ts
var flows_verify = __webpack_require__(7775);
// EXTERNAL MODULE: ./shared/github/integration.ts + 1 modules
var integration = __webpack_require__(9038);
;// CONCATENATED MODULE: ./shared/flows/canary.ts
















/** canary-step on one target (an environment, or one target of an environment's waves). */
async function stepTarget(runtime, target, settings) {
    const timeoutMs = settings.timeoutMs ?? target.environment.timeoutMs;
    const lock = await (0,flows_target/* lockTarget */.Nd)(runtime, target, 'canary-step', settings.lockTimeoutMs, timeoutMs);
    try {
        return await advance({ runtime, target, timeoutMs }, settings);
    }
    finally {
        await lock.release();
    }
}
async function advance(x, settings) {
    const { runtime, target, timeoutMs } = x;
    const { store, provider, environment } = target;
    const steps = await (0,flows_target/* canarySteps */.i0)(target);
    const state = store.read();
    const analysisLog = [];
    if (typeof settings.step === 'number' && (settings.step < 0 || settings.step >= steps.length)) {
        throw new errors/* GlidepathError */.HT('GP-CANARY-002', `Step ${settings.step} does not exist; the plan has steps 0 to ${steps.length - 1}.`, { fix: 'Pass a step index within the plan, or next.' });
    }
    const decision = (0,transitions/* decide */.L)(state, { kind: 'canary-step', step: settings.step });
    if (decision.kind === 'refuse')
        throw decision.error;
    const t = decision.transition;
    runtime.info(`Transition ${t.name}: ${t.says}.`);
    const stableRecord = state.records.find((r) => r.id === state.stable?.recordId);
    switch (t.name) {
        case 'nothing-to-abort':
            runtime.notice(`No canary in progress on ${environment.name}; nothing to abort (traffic is on ${state.stable?.version ?? 'nothing'}).`);
            return { skipped: false, decision: 'abort', weight: 0, step: null, reason: 'no canary in progress', analysis: [], transition: t.name };
        case 'complete': {
            const why = stableRecord?.initial
                ? `no canary: ${stableRecord.version} was the first deploy of ${environment.name} and went straight to 100%`
                : `no canary in progress; ${state.stable?.version} is stable${stableRecord?.strategy === 'canary' && stableRecord.kind === 'deploy' ? ' (canary already promoted)' : ''}`;
            runtime.notice(`${why}.`);
            return { skipped: false, decision: 'complete', weight: 100, step: stableRecord?.step ?? null, reason: why, analysis: [], record: stableRecord, transition: t.name };
        }
        case 'report-abort': {
            const failed = (0,phase/* phaseOf */.hU)(state).failed;
            const why = `no canary in progress: ${failed.version} ended ${failed.status}${failed.reason ? ` (${failed.reason})` : ''}`;
            return { skipped: false, decision: 'abort', weight: 0, step: failed.step, reason: why, analysis: [], record: failed, transition: t.name,
                failure: new errors/* GlidepathError */.HT('GP-CANARY-003', `Canary ${failed.version} was not promoted: ${failed.status}${failed.reason ? `: ${failed.reason}` : ''}.`, { fix: 'See the record\'s reason; deploy a fixed version.' }) };
        }
    }
    const canary = state.canary;
    const recordOf = (c) => state.records.find((r) => r.id === c.recordId);
    if (t.name === 'abort') {
        const record = await (0,effects/* abortCanary */.Fi)(x, canary, settings.reason || 'aborted by request');
        return { skipped: false, decision: 'abort', weight: 0, step: canary.step, reason: record?.reason ?? '', analysis: [], record, transition: t.name };
    }
    // Promotion, then the environment's verify window when it has one.
    const promote = async (c, r, why) => {
        const verify = (0,flows_verify/* verifyConfig */.wW)(x, settings.verify === false);
        const previous = store.read().stable;
        const baseline = verify ? await (0,flows_verify/* measurePrevious */.QI)(x, verify, previous?.version ?? null) : undefined;
        const promoted = await (0,effects/* promoteCanary */.zG)(x, c, r, why, Boolean(verify));
        return verify ? (0,flows_verify/* concludeVerify */.rD)(x, promoted, previous, await (0,flows_verify/* watch */.wB)(x, verify, c.version, baseline)) : promoted;
    };
    if (t.name === 'promote') {
        const record = await promote(canary, recordOf(canary), settings.reason || 'promoted by request');
        return { skipped: false, decision: 'promote', weight: 100, step: canary.step, reason: record.reason ?? '', analysis: [], record, transition: t.name };
    }
    const stepKey = runtime.context.runId && runtime.context.stepId ? `${runtime.context.runId}/${runtime.context.job}/${runtime.context.stepId}` : undefined;
    let current = canary;
    let record = recordOf(canary);
    const outcome = (decision, reason, failure) => ({ skipped: false, decision, weight: decision === 'promote' ? 100 : decision === 'abort' ? 0 : current.weight, step: current.step, reason, analysis: analysisLog, record, transition: t.name, failure });
    // Enters step `index`: the step is written first, then traffic moves, then it is marked applied.
    const enter = async (index, weight) => {
        current = { ...current, step: index, weight, applied: false, holding: undefined, advancedBy: stepKey ? { ...current.advancedBy, [stepKey]: index } : current.advancedBy };
        record = { ...record, step: index, weights: { stable: 100 - weight, canary: weight }, steps: [...record.steps.filter((s) => s.step !== index), { step: index, weight, at: new Date().toISOString(), ...(runtime.context.actor ? { by: runtime.context.actor } : {}) }] };
        store.saveRecord(record, { canary: current });
        await provider.setCanaryWeight(current.version, weight, timeoutMs);
        current = { ...current, applied: true };
        store.saveRecord(record, { canary: current });
        runtime.info(`Step ${index}: canary ${current.version} takes ${weight}% of traffic.`);
        const github = target.github;
        if (github && record.deploymentId)
            await (0,integration/* tellGitHub */.X)(runtime, 'canary step', () => github.progress(record.deploymentId, `Canary ${current.version} at ${weight}% (step ${index})`));
    };
    const abortWith = async (reason, failure) => {
        const aborted = await (0,effects/* abortCanary */.Fi)(x, current, reason);
        if (aborted)
            record = aborted;
        return outcome('abort', reason, failure);
    };
    // What to do next is decided apart from doing it (machine/step.ts); this loop carries each action out.
    const holdPolicy = holdPolicyOf(environment.config.canary, environment.durations.canary);
    const request = settings.step;
    // What the judge still lacks and the canary's real traffic, carried from step to step (analysis.synthetic).
    const evidence = { realCanary: 0 };
    // The verdict on the step judged last; `judged` while the decider has not seen it yet.
    let verdict = { decision: 'continue', reason: '', results: [] };
    let judged = false;
    let pauseMs = 0;
    for (let underway = false;; underway = true) {
        const action = nextStep({ canary: current, steps, request, stepKey, policy: holdPolicy, now: Date.now(), underway, verdict: judged ? verdict : undefined });
        judged = false;
        switch (action.kind) {
            case 'judge': {
                const index = action.step;
                const timing = target.environment.durations.canary.steps[index];
                pauseMs = settings.pauseMs ?? timing.pause;
                judged = true;
                verdict = await holdAndAnalyse(runtime, target, current, pauseMs, holdPolicy, action.final, record.steps.find((s) => s.step === 0)?.at ?? record.startedAt, evidence, timing.interval);
                const v = verdict;
                if (v.judgement)
                    current = { ...current, judgement: v.judgement };
                if (v.warmedUp)
                    current = { ...current, warmedUp: true };
                analysisLog.push({ step: index, results: v.results });
                record = { ...record, steps: record.steps.map((s) => (s.step === index ? { ...s, decision: v.decision, reason: v.reason, analysis: v.results, ...(v.intervals?.length ? { intervals: [...(s.intervals ?? []), ...v.intervals].slice(-MAX_INTERVALS), units: v.units } : {}), ...(v.synthetic ? { synthetic: addSynthetic(s.synthetic, v.synthetic) } : {}) } : s)) };
                if (v.synthetic)
                    runtime.info(`  Step ${index} sent ${v.synthetic.canary + v.synthetic.stable} synthetic requests (${v.synthetic.canary} to the canary, ${v.synthetic.stable} to stable${v.synthetic.unanswered ? `; ${v.synthetic.unanswered} unanswered` : ''}).`);
                store.saveRecord(record, { canary: current });
                if (v.decision === 'continue' && current.holding) {
                    current = { ...current, holding: undefined };
                    store.saveRecord(record, { canary: current });
                }
                continue;
            }
            case 'enter':
                if (current.applied === false)
                    runtime.info(`Step ${action.step} was written but its traffic change may not have happened; applying it now.`);
                await enter(action.step, action.weight);
                if (action.then === 'stop')
                    return outcome('continue', action.why);
                continue;
            case 'promote':
                current = { ...current, step: action.step };
                record = await promote(current, record, action.why);
                return outcome('promote', record.reason ?? action.why);
            case 'reassert':
                runtime.info(`This job step already advanced the canary to step ${action.advancedTo} (a re-run); it does not advance again.`);
                await provider.setCanaryWeight(current.version, current.weight, timeoutMs);
                return outcome('continue', `re-run: already advanced to step ${action.advancedTo}`);
            case 'abort':
                return abortWith(`analysis failed at step ${action.step} (${current.weight}%): ${action.reason}`, new errors/* GlidepathError */.HT('GP-CANARY-003', `Canary ${current.version} aborted at step ${action.step}: ${action.reason}`, { fix: 'Look at the analysis in the summary; the stable version serves all traffic again.' }));
            case 'expire': {
                const reason = `waited at step ${action.step} (${current.weight}%) for a decision past ${action.until} (canary.maxWait ${(0,duration/* formatDuration */.a3)(holdPolicy.maxWaitMs)}): ${current.holding?.reason ?? 'not enough evidence'}`;
                return abortWith(reason, new errors/* GlidepathError */.HT('GP-CANARY-004', `Canary ${current.version} ${reason}.`, { fix: `Nobody promoted or aborted it in time. ${HOLD_FIXES}; or decide sooner (canary-step step: promote).` }));
            }
            case 'wait': {
                const why = verdict.reason;
                current = { ...current, holding: { since: action.since, reason: why, until: action.until } };
                record = { ...record, steps: record.steps.map((s) => (s.step === action.step ? { ...s, decision: 'wait' } : s)) };
                store.saveRecord(record, { canary: current });
                const how = `decide with canary-step step: promote or step: abort (or a /glidepath promote | abort comment), or run canary-step again to judge it on more evidence; past ${action.until} the next run aborts it (canary.maxWait)`;
                runtime.notice(`Canary ${current.version} waits at step ${action.step} (${current.weight}%) for a person: ${why}. Traffic stays at ${current.weight}%; ${how}.`, { title: 'Glidepath: canary waiting for a decision' });
                return outcome('wait', `${why}; waiting for a decision until ${action.until}`);
            }
            case 'abort-hold': {
                const reason = `held at step ${action.step} (${current.weight}%) past its budget of ${(0,duration/* formatDuration */.a3)(holdPolicy.budget(pauseMs))} without enough evidence: ${verdict.reason} (onHold: abort)`;
                return abortWith(reason, new errors/* GlidepathError */.HT('GP-CANARY-004', `Canary ${current.version} ${reason}.`, { fix: `${HOLD_FIXES}; or set canary.onHold: fail to keep the canary and fail the job instead.` }));
            }
            case 'hold': {
                const why = verdict.reason;
                current = { ...current, holding: { since: new Date().toISOString(), reason: why } };
                store.saveRecord(record, { canary: current });
                runtime.warning(`Canary ${current.version} holds at step ${action.step} (${current.weight}%): ${why}`);
                return outcome('hold', why, new errors/* GlidepathError */.HT('GP-CANARY-004', `Canary ${current.version} holds at step ${action.step} with ${current.weight}% of traffic: ${why} (onHold: fail). Traffic stays split.`, { fix: `Run canary-step again once there is traffic (${HOLD_FIXES}), or abort it (canary-step step: abort, or rollback).` }));
            }
        }
    }
}
/** What a user can change when the evidence to promote is short (issue 22: holds say what to do). */
const HOLD_FIXES = 'send the canary more traffic (a larger weight, or a probe source that makes its own requests), lengthen the last step\'s pause or canary.holdTimeout, or raise the metric\'s minEffect (the smallest regression worth catching)';
function holdPolicyOf(canary, durations) {
    return { onHold: canary?.onHold ?? 'abort', budget: (pauseMs) => durations.holdTimeout ?? pauseMs, maxWaitMs: durations.maxWait };
}
const addSynthetic = (a, b) => ({ canary: (a?.canary ?? 0) + b.canary, stable: (a?.stable ?? 0) + b.stable, unanswered: (a?.unanswered ?? 0) + b.unanswered });
/** The step's synthetic evidence, where the provider names the canary's and stable's pinned endpoints; otherwise said once and left out. */
async function syntheticFor(runtime, target, cfg) {
    const [canary, stable] = await Promise.all([target.provider.canaryEndpoint?.(), target.provider.stableEndpoint?.()]);
    if (!canary || !stable) {
        runtime.warning(`analysis.synthetic: the ${target.provider.name} provider names no address where the canary and the stable version each answer, so no synthetic evidence is sent; the step judges real traffic alone.`);
        return undefined;
    }
    const plan = syntheticPlan(cfg);
    runtime.info(`Synthetic evidence on: each version topped up to ${plan.rate} requests/s while real traffic is short (at most ${plan.max} this step), through ${new URL(canary.url).origin}.`);
    return new SyntheticEvidence(plan, { canary, stable });
}
/** Points kept per step for the charts: a long hold keeps every k-th interval and the last. */
const MAX_INTERVALS = 40;
function thin(points) {
    if (points.length <= MAX_INTERVALS)
        return points;
    const k = Math.ceil(points.length / (MAX_INTERVALS - 1));
    return [...points.filter((_, i) => i % k === 0 && i !== points.length - 1), points[points.length - 1]];
}
/** One interval's values per metric: the canary's, the stable's (compare), and the bound the canary was held to. */
function intervalPoint(s, rules, measurements, results) {
    const metrics = {};
    rules.forEach((rule, i) => {
        const m = measurements.find((x) => x.metric === rule.name);
        const ev = results[i]?.evidence;
        const stable = m?.baseline?.value ?? null;
        const bound = ev ? (ev.test === 'fixed' ? ev.bound : stable !== null && Number.isFinite(ev.bound) ? stable * ev.bound : null) : rule.max ?? null;
        const round = (v) => (v === null || !Number.isFinite(v) ? null : +v.toPrecision(4));
        metrics[rule.name] = { canary: round(m && !m.error ? m.value : null), ...(rule.compare ? { stable: round(stable) } : {}), ...(bound !== null && Number.isFinite(bound) ? { bound: round(bound) } : {}) };
    });
    return { s, metrics };
}
async function holdAndAnalyse(runtime, target, canary, pauseMs, policy, final, canaryStartedAt, carry = { realCanary: 0 }, stepIntervalMs) {
    const analysis = target.environment.config.canary?.analysis;
    const rules = (0,analyse/* metricRules */.sJ)(analysis);
    if (rules.length === 0) {
        if (pauseMs > 0) {
            runtime.info(`Holding ${(0,duration/* formatDuration */.a3)(pauseMs)} (no analysis metrics configured).`);
            await (0,duration/* sleep */.yy)(pauseMs);
        }
        return { decision: 'continue', reason: 'no analysis configured', results: [] };
    }
    const intervalMs = stepIntervalMs ?? target.environment.durations.analysis.interval;
    const metrics = analysis?.metrics ?? [];
    // One source per kind and address, so that probe metrics share one sample per interval.
    const byKey = new Map();
    const sources = metrics.map((m) => {
        const key = `${m.source} ${m.url ?? ''}`;
        if (!byKey.has(key))
            byKey.set(key, (0,shared_metrics/* createMetricSource */.Q)(m, target.provider, analysis, target.environment.key));
        return byKey.get(key);
    });
    const stable = target.store.read().stable?.version ?? null;
    const cohorts = (0,traffic_cohorts/* cohortsOf */.gb)(target.environment.config.canary);
    let counters = {};
    // Sequential tests accumulate over the whole canary: alpha bounds a false abort across every step.
    // A canary's first judgement starts from what earlier canaries measured of the stable version (analysis.priors).
    let judgement = canary.judgement ?? { ...(0,analyse/* emptyJudgement */.zZ)(), ...(analysis?.priors === false ? {} : (0,priors/* priorsFor */.BL)(target.store.read().profile, stable)) };
    if (!canary.judgement && judgement.priors)
        runtime.info(`Judging from what earlier canaries measured of ${stable} (analysis.priors): ${(0,priors/* describePriors */.h0)(judgement.priors)}.`);
    let last;
    const stepMs = Math.max(pauseMs, intervalMs);
    const deadline = Date.now() + stepMs;
    const holdUntil = deadline + policy.budget(pauseMs);
    runtime.info(`Analysing every ${(0,duration/* formatDuration */.a3)(intervalMs)} for ${(0,duration/* formatDuration */.a3)(stepMs)} (counters start at zero for this step).`);
    let extended = false;
    const began = Date.now();
    const points = [];
    const units = Object.fromEntries(rules.map((r) => [r.name, r.kind === 'counts' ? 'ratio' : r.kind === 'latency' ? 'ms' : 'value']));
    // The release's warm-up (analysis.warmup): latency measured, not judged, until it settles (analysis/warmup.ts).
    const warmupMs = target.environment.durations.analysis.warmup;
    const latency = rules.filter((r) => r.kind === 'latency');
    let warm = warmupMs > 0 && !canary.warmedUp && latency.length > 0;
    let warmedUp = false;
    const endWarmup = (why, from = 'the next interval') => {
        warm = false;
        warmedUp = true;
        runtime.info(`  Warm-up of ${canary.version} over: ${why}; its latency is judged from ${from}.`);
    };
    // While warm, latency rules measure and report but decide nothing (as dry-run ones do).
    const deciding = () => (warm ? rules.map((r) => (r.kind === 'latency' ? { ...r, dryRun: true } : r)) : rules);
    // A step whose pass promotes needs every metric judged: latency still warm there holds (and is judged once warm-up ends).
    const closing = () => (final ? rules : deciding());
    // Evidence on demand (analysis.synthetic): the step's own requests top each version up while real traffic is short.
    const synthetic = analysis?.synthetic ? await syntheticFor(runtime, target, analysis.synthetic) : undefined;
    const verdict = (v) => ({ ...v, intervals: thin(points), units, ...(warmedUp ? { warmedUp } : {}), ...(synthetic?.total ? { synthetic: { ...synthetic.sent } } : {}) });
    for (;;) {
        const end = extended ? holdUntil : deadline;
        if (Date.now() >= end)
            break;
        const waitMs = Math.min(intervalMs, Math.max(0, end - Date.now()));
        const before = synthetic?.sent.canary ?? 0;
        const perVersion = synthetic ? topUp(synthetic.plan, waitMs, { need: carry.need, intervalsLeft: Math.ceil((end - Date.now()) / intervalMs), realCanary: carry.realCanary, sent: synthetic.total }) : 0;
        // Spread over most of the interval, so the last answers are in before it is measured.
        const sending = synthetic?.send(perVersion, waitMs * 0.8);
        await (0,duration/* sleep */.yy)(waitMs);
        await sending;
        const measurements = await Promise.all(metrics.map((m, i) => sources[i].measure(m, { canaryVersion: canary.version, stableVersion: stable, environment: target.environment.name, target: target.environment.target, intervalMs, compareWith: m.compare === 'stable' && stable ? stable : undefined })));
        // The canary's real requests this interval (what it was sent by the step itself taken off), for the next top-up.
        if (synthetic)
            carry.realCanary = Math.max(0, Math.max(0, ...measurements.map((m) => m.requests ?? 0)) - (synthetic.sent.canary - before));
        const share = cohorts ? (0,analyse/* observedShare */._8)(measurements, canary.weight / 100) : canary.weight / 100;
        if (warm && Date.now() - Date.parse(canaryStartedAt) >= warmupMs)
            endWarmup(`its longest, analysis.warmup (${(0,duration/* formatDuration */.a3)(warmupMs)}), passed`, 'this interval');
        const wasWarm = warm;
        last = (0,analyse/* analyse */.KH)(deciding(), measurements, counters, judgement, { canaryShare: share, intervalMs, final });
        if (wasWarm) {
            // Warm-up samples never enter a latency test or its counts: its alpha and limits see only the warm release.
            for (const r of latency) {
                if (judgement.sequential[r.name])
                    last.judgement.sequential[r.name] = judgement.sequential[r.name];
                else
                    delete last.judgement.sequential[r.name];
                if (judgement.streaks[r.name] !== undefined)
                    last.judgement.streaks[r.name] = judgement.streaks[r.name];
                else
                    delete last.judgement.streaks[r.name];
                if (counters[r.name])
                    last.counters[r.name] = counters[r.name];
                else
                    delete last.counters[r.name];
            }
            const names = new Set(latency.map((r) => r.name));
            last = { ...last, results: last.results.map((x) => (names.has(x.metric) ? { ...x, dryRun: true, detail: `warm-up, not judged: ${x.detail}` } : x)) };
            const m = measurements.find((x) => x.metric === latency[0].name);
            const step = warmupStep({ maxMs: warmupMs, sinceStartMs: Date.now() - Date.parse(canaryStartedAt), current: m && !m.error ? m.value : null, max: latency[0].max, baseline: m?.baseline?.value, allowance: latency[0].allowance });
            if (!step.warming)
                endWarmup(step.ended);
        }
        counters = last.counters;
        judgement = last.judgement;
        if (synthetic)
            carry.need = canaryShortfall(last.results, share);
        points.push({ ...intervalPoint(Math.round((Date.now() - began) / 100) / 10, rules, measurements, last.results), ...(wasWarm ? { warm: true } : {}) });
        runtime.info(`  ${last.results.map((r) => `${r.metric}: ${r.verdict} (${r.detail})${r.dryRun ? ' [dry run]' : ''}`).join('; ')}`);
        if (last.decision === 'abort')
            return verdict({ decision: 'abort', reason: last.reason, results: last.results, judgement });
        if (last.decision === 'hold')
            return verdict({ decision: 'hold', reason: last.reason, results: last.results, judgement });
        // Safety proven for every deciding metric: the step need not wait out its pause.
        const proven = (0,analyse/* provenSafe */.QF)(closing(), last.results);
        if (proven) {
            runtime.info(`Every metric is proven free of a material regression; step passes before its pause ends (${proven}).`);
            return verdict({ decision: 'continue', reason: `proven safe: ${proven}`, results: last.results, judgement });
        }
        if (extended && (0,analyse/* closeStep */.LT)(closing(), counters).decision === 'continue')
            break;
        if (Date.now() >= deadline && (0,analyse/* closeStep */.LT)(closing(), counters).decision === 'hold') {
            // Traffic-aware: when the evidence a sequential test still needs will not arrive within the hold
            // budget at this rate, waiting is pointless; the hold policy decides now.
            const left = Math.max(0, holdUntil - Date.now()) / 1000;
            const short = last.results.filter((r) => r.verdict === 'inconclusive');
            const etas = short.map((r) => r.evidence?.etaSeconds ?? (r.evidence?.status === 'short' ? Number.POSITIVE_INFINITY : undefined)).filter((t) => t !== undefined);
            const slowest = Math.max(0, ...etas);
            if (slowest > left) {
                const eta = Number.isFinite(slowest) ? `about ${slowest}s more at the current rate to judge` : 'more evidence than this traffic can bring';
                return verdict({ decision: 'hold', reason: `not enough traffic: ${eta}, ${Math.round(left)}s left in the hold budget (${short.map((r) => `${r.metric}: ${r.detail}`).join('; ')}); to decide within the pause, ${HOLD_FIXES}`, results: last.results, judgement });
            }
            if (!extended && holdUntil > deadline) {
                extended = true;
                runtime.info(`The pause ended without enough evidence; measuring up to ${(0,duration/* formatDuration */.a3)(holdUntil - deadline)} more${slowest ? ` (about ${slowest}s at this rate)` : ''} before the hold policy (onHold: ${policy.onHold}) decides.`);
            }
        }
    }
    const closed = (0,analyse/* closeStep */.LT)(closing(), counters);
    const short = (last?.results ?? []).filter((r) => r.verdict === 'inconclusive').map((r) => `${r.metric}: ${r.detail}`);
    const reason = closed.decision === 'hold' && short.length ? `${closed.reason} (${short.join('; ')}); ${HOLD_FIXES}` : closed.reason;
    return verdict({ decision: closed.decision, reason, results: last?.results ?? [], judgement });
}


/***/ }),

/***/ 8193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ deployTo),
/* harmony export */   z: () => (/* binding */ teardown)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _state_record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5975);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8919);
/* harmony import */ var _machine_transitions_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7424);
/* harmony import */ var _effects_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3438);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7775);
/* harmony import */ var _database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1257);







/** deploy to one target (an environment, or one target of an environment's waves). */
async function deployTo(runtime, target, settings, version) {
    const { environment, store, provider } = target;
    const strategy = settings.strategy ?? environment.strategy;
    const steps = strategy === 'canary' ? await (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .canarySteps */ .i0)(target) : [];
    if (strategy === 'canary' && steps.length === 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CONFIG-002', `strategy canary needs canary.steps in environments.${environment.key}.`, {
            fix: 'Add canary: { steps: [ {weight: 20, pause: 1m}, {weight: 100} ] } to the environment, or choose another strategy.',
        });
    }
    const timeoutMs = settings.timeoutMs ?? environment.timeoutMs;
    runtime.info(`Environment ${environment.name} (${environment.reason}); provider ${environment.provider}, strategy ${strategy}, version ${version}.`);
    const request = { version, previousVersion: store.read().stable?.version ?? null, image: settings.image, strategy, canaryWeight: steps[0]?.weight ?? 0, timeoutMs };
    await provider.preflight(request);
    await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .checkDatabase */ .MG)({ runtime, target, timeoutMs });
    if (settings.dryRun) {
        const planned = (0,_machine_transitions_js__WEBPACK_IMPORTED_MODULE_3__/* .decide */ .L)(store.read(), { kind: 'deploy', version, strategy });
        const what = planned.kind === 'transition' ? `${planned.transition.name}: ${planned.transition.says}` : planned.error.message;
        runtime.notice(`Dry run: would deploy ${version} to ${environment.name} with ${strategy} (previous: ${request.previousVersion ?? 'none'}; ${what}). Nothing was changed.`);
        const record = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .newRecord */ .M)({ kind: 'deploy', environment: environment.name, version, previousVersion: request.previousVersion, strategy, provider: environment.provider, url: environment.url });
        return { skipped: false, dryRun: true, record, environmentUrl: environment.url, transition: planned.kind === 'transition' ? planned.transition.name : undefined };
    }
    const lock = await (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .lockTarget */ .Nd)(runtime, target, 'deploy', settings.lockTimeoutMs, timeoutMs);
    try {
        const decision = (0,_machine_transitions_js__WEBPACK_IMPORTED_MODULE_3__/* .decide */ .L)(store.read(), { kind: 'deploy', version, strategy });
        if (decision.kind === 'refuse')
            throw decision.error;
        const t = decision.transition;
        const x = { runtime, target, timeoutMs };
        runtime.info(`Transition ${t.name}: ${t.says}.`);
        const state = store.read();
        if (t.name === 'noop' || t.name === 'resume-canary') {
            const current = state.records.find((r) => r.id === (t.name === 'noop' ? state.stable?.recordId : state.canary?.recordId));
            const healed = target.reconciled?.healed ?? [];
            runtime.notice(t.name === 'noop'
                ? healed.length ? `${version} is the stable version of ${environment.name}, but it did not serve as recorded; it does again (${healed.join('; ')}).` : `${version} is already the stable version of ${environment.name} (seen answering); nothing changed.`
                : `${version} is already the canary in flight on ${environment.name} (step ${state.canary?.step}, ${state.canary?.weight}%); it carries on from there.`);
            if (t.name === 'resume-canary' && state.canary && state.canary.applied === false) {
                await provider.setCanaryWeight(version, state.canary.weight, timeoutMs);
                store.write({ ...store.read(), canary: { ...state.canary, applied: true } });
            }
            return { skipped: false, record: current, environmentUrl: environment.url, transition: t.name };
        }
        if (t.abortFirst && state.canary) {
            runtime.warning(`Canary ${state.canary.version} was still in progress; it is aborted${t.name === 'supersede' ? ` in favour of ${version}` : ` and ${version} stays stable`}.`);
            const aborted = await (0,_effects_js__WEBPACK_IMPORTED_MODULE_4__/* .abortCanary */ .Fi)(x, state.canary, t.name === 'supersede' ? `superseded by ${version}` : `${version} was deployed again`, 'superseded');
            if (t.name === 'abort-to-stable') {
                const current = store.read().records.find((r) => r.id === store.read().stable?.recordId);
                return { skipped: false, record: current ?? aborted, environmentUrl: environment.url, transition: t.name };
            }
        }
        // Rolling and blue-green versions (and a first deploy) are watched once live, when the environment says so.
        const rollout = t.rollout ?? strategy;
        const verify = rollout === 'canary' ? undefined : (0,_verify_js__WEBPACK_IMPORTED_MODULE_5__/* .verifyConfig */ .wW)(x, settings.verify === false);
        const previous = store.read().stable;
        const baseline = verify ? await (0,_verify_js__WEBPACK_IMPORTED_MODULE_5__/* .measurePrevious */ .QI)(x, verify, previous?.version ?? null) : undefined;
        let { record, result } = await (0,_effects_js__WEBPACK_IMPORTED_MODULE_4__/* .rollOut */ .Of)(x, {
            version, image: settings.image, strategy, rollout, canaryWeight: steps[0]?.weight ?? 0,
            transition: t.name, initial: t.name === 'initial', verifying: Boolean(verify), windowOverride: settings.windowOverride,
        });
        if (verify)
            record = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_5__/* .concludeVerify */ .rD)(x, record, previous, await (0,_verify_js__WEBPACK_IMPORTED_MODULE_5__/* .watch */ .wB)(x, verify, version, baseline));
        return { skipped: false, record, environmentUrl: environment.url ?? result.url, transition: t.name };
    }
    finally {
        await lock.release();
    }
}
async function teardown(runtime, target, settings, reason) {
    const { environment } = target;
    const timeoutMs = settings.timeoutMs ?? environment.timeoutMs;
    if (settings.dryRun) {
        runtime.notice(`Dry run: would tear down ${environment.name}. Nothing was changed.`);
        return { skipped: false, dryRun: true };
    }
    const lock = await (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .lockTarget */ .Nd)(runtime, target, 'teardown', settings.lockTimeoutMs, timeoutMs);
    try {
        const record = await (0,_effects_js__WEBPACK_IMPORTED_MODULE_4__/* .tearDown */ .xQ)({ runtime, target, timeoutMs }, reason);
        return { skipped: false, record, environmentUrl: environment.url, transition: 'teardown' };
    }
    finally {
        await lock.release();
    }
}


/***/ }),

/***/ 2883:
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
// EXTERNAL MODULE: ./shared/config/load.ts + 2 modules
var load = __webpack_require__(2779);
// EXTERNAL MODULE: ./shared/config/durations.ts
var durations = __webpack_require__(9828);
// EXTERNAL MODULE: ./shared/github/integration.ts + 1 modules
var integration = __webpack_require__(9038);
// EXTERNAL MODULE: ./shared/flows/deploy.ts
var deploy = __webpack_require__(8193);
// EXTERNAL MODULE: ./shared/flows/canary.ts + 4 modules
var canary = __webpack_require__(9901);
;// CONCATENATED MODULE: ./shared/flows/reap.ts








// Reap: previews whose pull request closed without a teardown run (a cancelled workflow, a deleted
// fork), and previews past previews.ttl since their last deploy, are found and removed (their database
// with them). Candidates come from the preview name template (e.g. pr-{{pr.number}}) matched against
// the repository's GitHub deployments and the local state directory (flows/previews.ts). Canaries that
// waited for a person (canary.onHold: wait) past their maxWait are aborted, so a scheduled reap bounds
// a wait nobody answered even when no other run comes.
async function reap(runtime, settings) {
    const workspace = runtime.context.workspace;
    const config = loadWorkspaceConfig(workspace, settings.config);
    const github = GitHubDeployments.from(runtime, settings.token);
    const previews = Object.entries(config.environments).filter(([key, env]) => env.pullRequests && env.name?.includes('{{pr.number}}') && (!settings.environment || settings.environment === key));
    if (!github && previews.length) {
        throw new GlidepathError('GP-GITHUB-001', 'reap needs a GitHub token and repository to know which pull requests are closed.', { fix: 'Run it in a workflow (the default token works) with pull-requests: read and deployments: write.' });
    }
    const reaped = await abortExpiredWaits(runtime, settings, config);
    const slept = [];
    for (const [key, env] of previews) {
        if (!github)
            break;
        const known = await knownPreviews(config, key, workspace, github);
        const left = [];
        for (const preview of known) {
            if (!preview.running)
                continue;
            const closed = (await github.pullRequestState(preview.number)) === 'closed';
            const stale = !closed && expired([preview], previewDurations(env.previews, key).ttl, Date.now()).length > 0;
            if (!closed && !stale) {
                left.push(preview);
                continue;
            }
            const why = closed ? `pull request #${preview.number} is closed` : `no deploy since ${preview.lastDeploy}, past previews.ttl ${env.previews?.ttl}`;
            if (await stopPreview(runtime, settings, key, preview.number, closed ? 'closed' : 'open', why))
                reaped.push(preview.name);
        }
        // previews.max lowered below what runs: the previews deployed longest ago go.
        const over = beyondMax(left, env.previews?.max);
        for (const preview of over) {
            const why = `previews.max is ${env.previews?.max} and ${left.length} ran; it deployed longest ago (${preview.lastDeploy ?? 'at an unknown time'}), and a push deploys it again`;
            if (await stopPreview(runtime, settings, key, preview.number, 'open', why))
                reaped.push(preview.name);
        }
        // previews.idle: those no request reached for that long sleep until the next one.
        const idle = env.previews?.idle;
        if (idle)
            for (const preview of left.filter((p) => !over.includes(p)))
                if (await sleepPreview(runtime, settings, key, preview.number, idle))
                    slept.push(preview.name);
    }
    if (slept.length)
        runtime.setOutput('slept', slept.join(','));
    runtime.info(reaped.length ? `Reaped ${reaped.length}: ${reaped.join(', ')}.` : 'No preview of a closed pull request, past its ttl or beyond previews.max, and no canary waiting past its maxWait, was found.');
    if (slept.length)
        runtime.info(`Put to sleep (previews.idle): ${slept.join(', ')}; the first request to each wakes it.`);
    return reaped;
}
/** Tears down the preview of pull request `number` in environment `key`, saying why; false when there is no such target. */
async function stopPreview(runtime, settings, key, number, state, why) {
    const scoped = (0,flows_previews/* asPullRequest */.hx)(runtime, number, state);
    const targeting = await (0,flows_target/* openTarget */.Ap)(scoped, { ...settings, environment: key });
    if (targeting.kind !== 'target')
        return false;
    runtime.info(`${targeting.target.environment.name}: ${why}; removing it.`);
    await (0,deploy/* teardown */.z)(scoped, targeting.target, { ...settings, environment: key, teardown: true, dryRun: false }, why);
    return true;
}
/** Puts the preview of pull request `number` to sleep when no request reached it for `idle`; true when it did. */
async function sleepPreview(runtime, settings, key, number, idle) {
    const scoped = asPullRequest(runtime, number, 'open');
    const targeting = await openTarget(scoped, { ...settings, environment: key });
    const sleep = targeting.kind === 'target' ? targeting.target.provider.sleep?.bind(targeting.target.provider) : undefined;
    if (targeting.kind !== 'target' || !sleep)
        return false;
    const { target } = targeting;
    const lock = await lockTarget(scoped, target, 'sleep', settings.lockTimeoutMs, target.environment.timeoutMs);
    try {
        const why = await sleep(target.environment.durations.previews.idle ?? 0);
        if (why)
            runtime.info(`${target.environment.name}: ${why}, past previews.idle ${idle}; put to sleep (its releases stopped). The first request wakes it.`);
        return Boolean(why);
    }
    finally {
        await lock.release();
    }
}
/** Canaries of single-target environments with onHold: wait whose wait ended (holding.until passed): aborted, traffic back to stable. */
async function abortExpiredWaits(runtime, settings, config) {
    const aborted = [];
    for (const [key, env] of Object.entries(config.environments)) {
        if (env.canary?.onHold !== 'wait' || env.targets?.length || (settings.environment && settings.environment !== key) || env.name?.includes('{{'))
            continue;
        const targeting = await openTarget(runtime, { ...settings, environment: key });
        if (targeting.kind !== 'target')
            continue;
        await hydrateState(runtime, targeting.target);
        const canary = targeting.target.store.read().canary;
        const until = canary?.holding?.until;
        if (!canary || !until || Date.now() < Date.parse(until))
            continue;
        runtime.info(`Canary ${canary.version} on ${targeting.target.environment.name} waited for a decision past ${until} (canary.maxWait); aborting it.`);
        await stepTarget(runtime, targeting.target, { ...settings, step: 'abort', reason: `waited for a decision past ${until} (canary.maxWait); aborted by the scheduled reap` });
        aborted.push(targeting.target.environment.name);
    }
    return aborted;
}

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
            await stopPreview(runtime, settings, environment.key, p.number, 'open', why);
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


/***/ }),

/***/ 7775:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QI: () => (/* binding */ measurePrevious),
/* harmony export */   rD: () => (/* binding */ concludeVerify),
/* harmony export */   wB: () => (/* binding */ watch),
/* harmony export */   wW: () => (/* binding */ verifyConfig)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4772);
/* harmony import */ var _state_record_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5975);
/* harmony import */ var _analysis_analyse_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2472);
/* harmony import */ var _metrics_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3530);
/* harmony import */ var _github_integration_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9038);
/* harmony import */ var _database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1257);







// Verify windows (SPEC 3.2): once a version serves all traffic (a rolling or blue-green deploy, a
// promoted canary), it is watched for `verify.window`, every `verify.interval`. Metrics with
// `compare: previous` are judged against the version that served before, measured just before the
// switch (its figures are kept with the record). A failure rolls the previous version back when
// rollback.automatic is set, and fails the step either way.
const BASELINE_WINDOW_MS = 5 * 60_000;
/** The verify section's window and interval, as the environment was resolved with them. */
function verifyDurations(x) {
    const d = x.target.environment.durations.verify;
    if (!d)
        throw new Error(`environment ${x.target.environment.name} has no verify section`);
    return d;
}
function verifyConfig(x, skip) {
    return skip ? undefined : x.target.environment.config.verify;
}
/** The version now serving is judged in the verify window; the probe source reaches it as the stable version. */
function liveView(provider) {
    return Object.assign(Object.create(provider), { canaryEndpoint: async () => (await provider.stableEndpoint?.()) ?? (await provider.canaryEndpoint?.()) });
}
function sourcesFor(x, cfg, metrics) {
    const provider = liveView(x.target.provider);
    const analysis = { prometheus: cfg.prometheus ?? x.target.environment.config.canary?.analysis?.prometheus };
    const byKey = new Map();
    return metrics.map((m) => {
        const key = `${m.source} ${m.url ?? ''}`;
        if (!byKey.has(key))
            byKey.set(key, (0,_metrics_index_js__WEBPACK_IMPORTED_MODULE_4__/* .createMetricSource */ .Q)(m, provider, analysis, x.target.environment.key));
        return byKey.get(key);
    });
}
const asBaseline = (m, label) => ({ value: m.value, requests: m.requests, events: m.events, histogram: m.histogram, label, fixed: true });
/**
 * The previous version's figures for every `compare: previous` metric, measured while it still serves
 * (just before the switch): the router's or Prometheus's last few minutes, or a probe now.
 */
async function measurePrevious(x, cfg, previous) {
    const metrics = (cfg?.metrics ?? []).filter((m) => m.compare === 'previous');
    if (!cfg || !previous || metrics.length === 0)
        return undefined;
    const windowMs = Math.min(verifyDurations(x).window, BASELINE_WINDOW_MS);
    const sources = sourcesFor(x, cfg, metrics);
    const out = {};
    await Promise.all(metrics.map(async (m, i) => {
        const got = await sources[i].measure({ ...m, compare: undefined }, { canaryVersion: previous, stableVersion: previous, environment: x.target.environment.name, target: x.target.environment.target, intervalMs: windowMs });
        if (!got.error && got.value !== null)
            out[m.name] = asBaseline(got, `${previous} before the switch`);
        else
            x.runtime.warning(`verify: could not measure ${previous} for ${m.name} before the switch (${got.error ?? 'no data'}); that metric is judged by its own bounds only.`);
    }));
    x.runtime.info(`verify: measured ${previous} before the switch: ${Object.entries(out).map(([k, b]) => `${k} ${b.value === null ? 'n/a' : b.value.toPrecision(3)} over ${b.requests ?? '?'} requests`).join('; ') || 'nothing usable'}.`);
    return out;
}
/**
 * Watches `version` for the verify window. Returns what happened; the caller records it and, on a
 * failure, restores the previous version (rollback.automatic) and fails the step.
 */
async function watch(x, cfg, version, baseline) {
    const { window: windowMs, interval: intervalMs } = verifyDurations(x);
    // A comparison with no baseline (a first deploy, a source that could not measure it) falls back to its bounds.
    const metrics = cfg.metrics
        .map((m) => (m.compare === 'previous' && !baseline?.[m.name] ? { ...m, compare: undefined } : m))
        .filter((m) => m.compare || m.min !== undefined || m.max !== undefined || m.consecutiveFailures !== undefined || m.source === 'probe');
    if (metrics.length === 0)
        return { result: 'passed', window: (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(windowMs), reason: 'nothing to judge: no baseline for the comparisons and no bounds', baseline };
    const rules = (0,_analysis_analyse_js__WEBPACK_IMPORTED_MODULE_3__/* .metricRules */ .sJ)({ minRequests: cfg.minRequests, onNoData: cfg.onNoData ?? 'pass', metrics });
    const sources = sourcesFor(x, cfg, metrics);
    x.runtime.info(`verify: watching ${version} for ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(windowMs)}, every ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(intervalMs)}.`);
    const deadline = Date.now() + windowMs;
    let counters = {};
    let judgement = (0,_analysis_analyse_js__WEBPACK_IMPORTED_MODULE_3__/* .emptyJudgement */ .zZ)();
    let last = [];
    while (Date.now() < deadline) {
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
        const measurements = await Promise.all(metrics.map(async (m, i) => {
            const got = await sources[i].measure({ ...m, compare: undefined }, { canaryVersion: version, stableVersion: version, environment: x.target.environment.name, target: x.target.environment.target, intervalMs });
            return m.compare && baseline?.[m.name] && !got.error ? { ...got, baseline: baseline[m.name] } : got;
        }));
        const r = (0,_analysis_analyse_js__WEBPACK_IMPORTED_MODULE_3__/* .analyse */ .KH)(rules, measurements, counters, judgement, { canaryShare: 1, intervalMs });
        counters = r.counters;
        judgement = r.judgement;
        last = r.results;
        x.runtime.info(`  verify: ${r.results.map((v) => `${v.metric}: ${v.verdict} (${v.detail})`).join('; ')}`);
        if (r.decision === 'abort')
            return { result: 'failed', window: (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(windowMs), reason: r.reason, baseline, analysis: r.results };
    }
    return { result: 'passed', window: (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(windowMs), reason: `no regression in ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(windowMs)}`, baseline, analysis: last };
}
/**
 * The end of a verify window: success, or a failure that restores `previous` (rollback.automatic)
 * like a failed canary: the version's record ends `failure`, the previous record is stable again.
 */
async function concludeVerify(x, record, previous, summary) {
    const { store, provider, environment, github } = x.target;
    const verify = { result: summary.result, window: summary.window, reason: summary.reason, baseline: summary.baseline, analysis: summary.analysis };
    if (summary.result === 'passed') {
        let done = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O)({ ...record, phase: 'stable', verify }, 'success');
        store.saveRecord(done, { pending: null });
        const contracted = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .contract */ .dz)(x, done);
        if (contracted) {
            done = { ...done, database: { ...done.database, contract: contracted } };
            store.saveRecord(done);
        }
        x.runtime.info(`verify: ${record.version} passed (${summary.reason}).`);
        if (github && done.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_5__/* .tellGitHub */ .X)(x.runtime, 'verified', () => github.succeed(done.deploymentId, environment, `${record.version} is live and verified (${summary.window})`));
        return done;
    }
    const automatic = environment.config.rollback?.automatic === true && previous !== null;
    const reason = `verify failed after ${record.version} went live: ${summary.reason}`;
    let undone;
    if (automatic && previous) {
        x.runtime.warning(`${reason}. Rolling back to ${previous.version} (rollback.automatic).`);
        await provider.rollback(previous.version, record.version, x.timeoutMs);
        undone = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .undoFor */ .WL)(x, record, previous.version);
    }
    const failed = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O)({ ...record, phase: 'stable', verify, ...(automatic && previous ? { rollback: { from: record.version, to: previous.version, reason } } : {}), ...(undone ? { database: { ...record.database, ...undone } } : {}) }, 'failure', reason);
    store.saveRecord(failed, { pending: null, ...(automatic && previous ? { stable: previous, standby: null } : {}) });
    if (github && failed.deploymentId)
        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_5__/* .tellGitHub */ .X)(x.runtime, 'verify failed', () => github.fail(failed.deploymentId, reason));
    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-VERIFY-001', `${reason}.${automatic && previous ? ` ${previous.version} serves again.` : ' It keeps serving: roll back with the rollback action, or set rollback.automatic.'}`, {
        fix: 'See the verify analysis in the summary; fix the regression and deploy again.',
    });
}


/***/ }),

/***/ 4531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FM: () => (/* binding */ wentLive),
/* harmony export */   hU: () => (/* binding */ phaseOf),
/* harmony export */   si: () => (/* binding */ liveVersions)
/* harmony export */ });
/** Statuses of an attempt that never kept traffic. */
const FAILED_STATUSES = ['failure', 'aborted', 'superseded'];
function phaseOf(state) {
    const stable = state.stable?.version ?? null;
    if (state.canary)
        return { name: state.canary.holding ? 'holding' : 'canary', stable, canary: state.canary };
    const latest = state.records[state.records.length - 1];
    if (!stable) {
        if (latest?.kind === 'teardown')
            return { name: 'torn-down', stable: null, canary: null };
        if (latest && latest.kind === 'deploy' && FAILED_STATUSES.includes(latest.status))
            return { name: 'failed', stable: null, canary: null, failed: latest };
        return { name: 'empty', stable: null, canary: null };
    }
    const stableRecord = state.records.find((r) => r.id === state.stable?.recordId);
    if (stableRecord?.phase === 'verifying' && stableRecord.status === 'in_progress')
        return { name: 'verifying', stable, canary: null };
    if (latest && latest.kind === 'deploy' && latest.version !== stable && FAILED_STATUSES.includes(latest.status)) {
        return { name: 'failed', stable, canary: null, failed: latest };
    }
    return { name: 'stable', stable, canary: null };
}
/**
 * Versions that went live here (served all traffic at some point) since the last teardown, newest
 * last. A teardown ends the environment's life: what ran before it is history, not a rollback target
 * (its releases, routes and namespaces are gone), so neither a named nor an implicit rollback reaches it.
 */
function liveVersions(state) {
    let seen = [];
    for (const r of state.records) {
        if (r.kind === 'teardown')
            seen = [];
        else if (wentLive(r) && !seen.includes(r.version))
            seen.push(r.version);
    }
    return seen;
}
/** A record whose version took all traffic (records older than `liveAt` count when they succeeded). */
function wentLive(r) {
    return r.kind !== 'teardown' && (Boolean(r.liveAt) || r.status === 'success');
}


/***/ }),

/***/ 7424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ decide)
/* harmony export */ });
/* unused harmony export previousGood */
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _phase_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4531);


const go = (t) => ({ kind: 'transition', transition: t });
const refuse = (error) => ({ kind: 'refuse', error });
function decide(state, command) {
    const phase = (0,_phase_js__WEBPACK_IMPORTED_MODULE_1__/* .phaseOf */ .hU)(state);
    switch (command.kind) {
        case 'deploy': return decideDeploy(phase, command.version, command.strategy);
        case 'canary-step': return decideStep(phase, command.step);
        case 'rollback': return decideRollback(state, phase, command.to);
        case 'teardown': return go({ name: 'teardown', to: 'torn-down', says: 'every release and the router stop; the record history stays' });
    }
}
function decideDeploy(phase, version, strategy) {
    const { stable, canary } = phase;
    if (canary) {
        if (version === canary.version) {
            return go({ name: 'resume-canary', to: phase.name, says: `the canary in flight is this version: nothing restarts, it stays at step ${canary.step} (${canary.weight}%)` });
        }
        if (version === stable) {
            return go({ name: 'abort-to-stable', to: 'stable', abortFirst: canary.version, says: 'the canary in flight is aborted (weight 0, stopped); the stable version keeps serving, nothing else changes' });
        }
        return go({
            name: 'supersede', to: strategy === 'canary' ? 'canary' : 'stable', abortFirst: canary.version, rollout: strategy,
            says: `the canary in flight is aborted back to stable first, then the new version ${strategy === 'canary' ? 'starts as a canary at step 0 against stable' : `rolls out (${strategy})`}`,
        });
    }
    if (!stable) {
        return go({
            name: 'initial', to: 'stable', or: ['failed'], rollout: strategy === 'canary' ? 'rolling' : strategy,
            says: 'first deploy: nothing to compare against, so the version goes straight to 100% whatever the strategy (the record says initial)',
        });
    }
    if (version === stable)
        return go({ name: 'noop', to: phase.name, says: 'the version is already stable: nothing changes and no record is written' });
    if (strategy === 'canary')
        return go({ name: 'start-canary', to: 'canary', or: ['failed'], rollout: 'canary', says: 'the version starts beside stable at the first step\'s weight (step 0)' });
    return go({ name: 'roll-out', to: 'stable', or: ['failed'], rollout: strategy, says: `the version takes all traffic once healthy (${strategy}); on failure the stable version keeps serving` });
}
function decideStep(phase, step) {
    const { canary, stable } = phase;
    if (canary) {
        if (step === 'abort')
            return go({ name: 'abort', to: 'stable', says: 'the canary goes to weight 0 first, then is stopped and recorded as aborted' });
        if (step === 'promote')
            return go({ name: 'promote', to: 'stable', says: 'the canary takes 100% and becomes stable; the old stable stops' });
        if (step === 'next')
            return go({ name: 'judge-step', to: 'canary', or: ['stable', 'holding'], says: 'the current step is judged over its pause: pass moves to the next weight (the last one promotes), fail aborts, too little evidence holds until the hold budget, then onHold decides' });
        if (step === 'all')
            return go({ name: 'judge-all', to: 'stable', or: ['holding'], says: 'every remaining step is judged in turn until promotion or abort; a hold past its budget resolves by onHold (abort by default, or fail the job)' });
        return go({ name: 'move-to-step', to: 'canary', or: ['stable'], says: `traffic moves to step ${step}'s weight without judging (a weight of 100 promotes)` });
    }
    if (step === 'abort')
        return go({ name: 'nothing-to-abort', to: phase.name, says: 'no canary in flight: nothing changes (abort is idempotent); decision abort' });
    if (phase.name === 'failed' && phase.failed) {
        if (step === 'promote') {
            return refuse(new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CANARY-001', `No canary in progress: ${phase.failed.version} ended ${phase.failed.status}${phase.failed.reason ? ` (${phase.failed.reason})` : ''}.`, {
                fix: 'Deploy a version with strategy canary before promoting.',
            }));
        }
        return go({ name: 'report-abort', to: 'failed', says: 'no canary in flight because the last one was aborted or failed: nothing changes, decision abort and the step fails with that reason' });
    }
    if (stable)
        return go({ name: 'complete', to: phase.name, says: 'no canary in flight and the stable version is live (promoted earlier, or a first deploy that went straight to 100%): decision complete, nothing changes' });
    return refuse(new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CANARY-001', 'No canary in progress and no version has gone live here.', {
        fix: 'Deploy first (deploy action); a first deploy goes straight to 100%, later deploys with strategy canary start a canary.',
    }));
}
function decideRollback(state, phase, to) {
    const { stable, canary } = phase;
    const live = (0,_phase_js__WEBPACK_IMPORTED_MODULE_1__/* .liveVersions */ .si)(state);
    if (!stable && !canary) {
        return refuse(new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-ROLLBACK-001', `${state.environment} has no version to roll back to: none has gone live${phase.name === 'torn-down' ? ' since it was torn down' : ''}; nothing was changed.`, {
            fix: 'Deploy a version first.',
        }));
    }
    if (to !== undefined && to !== stable && to !== canary?.version && !live.includes(to)) {
        const deployed = state.records.some((r) => r.version === to);
        const beforeTeardown = deployed && state.records.some((r) => r.version === to && (0,_phase_js__WEBPACK_IMPORTED_MODULE_1__/* .wentLive */ .FM)(r));
        const what = beforeTeardown ? `served ${state.environment} only before it was torn down` : `${deployed ? 'never served all traffic' : 'was never deployed'} in ${state.environment}`;
        return refuse(new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-ROLLBACK-002', `Version ${to} ${what}; nothing was changed.`, {
            fix: `Roll back to a version that went live here: ${live.filter((v) => v !== stable).join(', ') || '(none yet)'}.`,
        }));
    }
    if (canary) {
        if (to === canary.version) {
            return refuse(new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-ROLLBACK-002', `${to} is the canary in flight, not a version to roll back to; nothing was changed.`, {
                fix: 'Promote it with canary-step (step: promote), or roll back without `to` to abort it.',
            }));
        }
        if (to === undefined || to === stable)
            return go({ name: 'abort-canary', to: 'stable', abortFirst: canary.version, target: stable ?? undefined, says: 'the canary in flight is aborted (weight 0, stopped) and recorded as rolled back; stable keeps serving' });
        return go({ name: 'abort-and-roll-back', to: 'stable', abortFirst: canary.version, target: to, says: 'the canary in flight is aborted, then the environment returns to the named version' });
    }
    if (!stable)
        throw new Error('unreachable: an environment with neither stable nor canary was refused above');
    if (to === stable)
        return go({ name: 'noop', to: phase.name, target: stable, says: 'the named version is already stable: nothing changes' });
    if (to === undefined && phase.name === 'failed') {
        return go({ name: 'repair', to: 'stable', target: stable, says: 'the last attempt never kept traffic: the stable version is restored where that attempt touched it (not a step further back)' });
    }
    const target = to ?? previousGood(state, stable);
    if (!target) {
        return refuse(new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-ROLLBACK-001', `${state.environment} has no earlier good version to roll back to (it serves ${stable}); nothing was changed.`, {
            fix: 'Pass `to` with a version that went live here before, or deploy a fixed version.',
        }));
    }
    return go({ name: 'roll-back', to: 'stable', target, says: to ? 'the environment returns to the named version; the one rolled away from is marked rolled back' : 'the environment returns to the last good version before stable; the one rolled away from is marked rolled back, so a later rollback never returns to it' });
}
/** The last version that went live before `stable` and was not rolled away from since. */
function previousGood(state, stable) {
    const rolledAwayLater = new Set();
    for (let i = state.records.length - 1; i >= 0; i--) {
        const r = state.records[i];
        // A version rolled away from (it had gone live); a canary rolled back before it did is not one.
        if (r.status === 'rolled_back' && r.phase !== 'canary')
            rolledAwayLater.add(r.version);
        if (r.version === stable || r.kind === 'teardown')
            continue;
        if (r.status === 'success' && !rolledAwayLater.has(r.version))
            return r.version;
    }
    return undefined;
}


/***/ }),

/***/ 3530:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* binding */ createMetricSource)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(2094);
;// CONCATENATED MODULE: ./shared/metrics/local.ts

// The router's own counters for the canary version over the last interval (SPEC 3.1): the local router's,
// or nginx's from its access log (over SSH when nginx is on a host). Real requests, judged the same way.
class LocalMetricSource {
    router;
    constructor(router) {
        this.router = router;
    }
    async measure(metric, ctx) {
        let stats;
        try {
            stats = await this.router.stats(Math.max(1, Math.round(ctx.intervalMs / 1000)), { canary: ctx.canaryVersion, stable: ctx.compareWith ?? ctx.stableVersion });
        }
        catch (e) {
            return { metric: metric.name, value: null, error: `the router's counters are unavailable: ${(0,request/* describeFetchError */.Op)(e)}` };
        }
        const canary = figures(metric, stats.find((v) => v.version === ctx.canaryVersion));
        if (!ctx.compareWith)
            return { metric: metric.name, ...canary };
        return { metric: metric.name, ...canary, baseline: { ...figures(metric, stats.find((v) => v.version === ctx.compareWith)), label: ctx.compareWith } };
    }
}
/** One version's figures over the window: the metric's value, requests, errors and latency histogram. */
function figures(metric, s) {
    const requests = s?.requests ?? 0;
    const value = (() => {
        switch (metric.metric) {
            case 'request-count': return requests;
            case 'error-rate': return s?.errorRate ?? null;
            case 'success-rate': return s?.errorRate === null || s === undefined ? null : 1 - s.errorRate;
            case 'latency-p50': return s?.p50 ?? null;
            case 'latency-p95': return s?.p95 ?? null;
            case 'latency-p99': return s?.p99 ?? null;
            default: return null;
        }
    })();
    return { value, requests, events: s?.errors ?? 0, histogram: s?.histogram ?? [] };
}

// EXTERNAL MODULE: ./shared/template/render.ts
var render = __webpack_require__(9273);
;// CONCATENATED MODULE: ./shared/metrics/types.ts
/** The values a metric's query or URL may name ({{canary.version}}, {{interval}}...). */
function metricTemplateContext(ctx, escape = (v) => v, version = ctx.canaryVersion) {
    const secs = Math.max(1, Math.round(ctx.intervalMs / 1000));
    return {
        version: escape(version),
        canary: { version: escape(ctx.canaryVersion) },
        stable: { version: escape(ctx.stableVersion ?? '') },
        environment: escape(ctx.environment),
        ...(ctx.target === undefined ? {} : { target: escape(ctx.target) }),
        interval: `${secs}s`,
        intervalSeconds: String(secs),
    };
}

;// CONCATENATED MODULE: ./shared/metrics/prometheus.ts



// PromQL instant queries over Prometheus' HTTP API. Placeholders are escaped for a PromQL string
// literal, so a version (or anything else) can never change the query's shape.
const promqlEscape = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/'/g, "\\'");
class PrometheusMetricSource {
    address;
    timeoutMs;
    constructor(address, timeoutMs = 5000) {
        this.address = address;
        this.timeoutMs = timeoutMs;
    }
    async query(promql) {
        const url = `${this.address.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`;
        const res = await (0,request/* httpRequest */.aj)(url, { timeoutMs: this.timeoutMs, headers: { accept: 'application/json' } });
        let body;
        try {
            body = JSON.parse(res.body);
        }
        catch {
            throw new Error(`Prometheus answered ${res.status} with something that is not JSON`);
        }
        if (res.status !== 200 || body.status !== 'success')
            throw new Error(`Prometheus answered ${res.status}: ${body.error ?? body.status ?? 'no status'}`);
        const { resultType, result } = body.data ?? {};
        let raw;
        let series = 0;
        if (resultType === 'scalar' && Array.isArray(result)) {
            raw = result[1];
            series = 1;
        }
        else if (resultType === 'vector' && Array.isArray(result)) {
            series = result.length;
            raw = result[0]?.value?.[1];
        }
        else
            throw new Error(`Prometheus answered a ${resultType ?? 'missing'} result; the query must give a scalar or an instant vector`);
        if (series > 1)
            throw new Error(`the query gives ${series} series; aggregate it to one (e.g. sum(...))`);
        const value = raw === undefined ? null : Number(raw);
        return { value: value === null || Number.isNaN(value) || !Number.isFinite(value) ? null : value, series };
    }
    /** The metric's value and request count for one version ({{version}} in the queries). */
    async figures(metric, ctx, version, query) {
        const values = metricTemplateContext(ctx, promqlEscape, version);
        const { value } = await this.query((0,render/* render */.XX)(query, values, `metric ${metric.name} query`));
        if (!metric.volumeQuery)
            return { value };
        const requests = (await this.query((0,render/* render */.XX)(metric.volumeQuery, values, `metric ${metric.name} volumeQuery`))).value ?? 0;
        // An error rate over its request count gives the errors (counts for the sequential test).
        const events = metric.metric === 'error-rate' && value !== null ? Math.round(value * requests) : metric.metric === 'success-rate' && value !== null ? Math.round((1 - value) * requests) : undefined;
        return { value, requests, events };
    }
    async measure(metric, ctx) {
        try {
            const canary = await this.figures(metric, ctx, ctx.canaryVersion, metric.query);
            if (!ctx.compareWith)
                return { metric: metric.name, ...canary };
            const baseline = await this.figures(metric, ctx, ctx.compareWith, metric.baselineQuery ?? metric.query);
            return { metric: metric.name, ...canary, baseline: { ...baseline, label: ctx.compareWith } };
        }
        catch (e) {
            return { metric: metric.name, value: null, error: `prometheus: ${e.message}` };
        }
    }
}

;// CONCATENATED MODULE: ./shared/smoke/jsonpath.ts
// A small JSON path reader for `$.a.b[0].c` and `$['key with spaces']`: enough for checks and versions.
function readJsonPath(value, path) {
    if (!path.startsWith('$'))
        return { found: false };
    const parts = [];
    const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
    let rest = path.slice(1);
    let m;
    let consumed = 0;
    while ((m = re.exec(rest)) !== null) {
        if (m.index !== consumed)
            return { found: false };
        consumed = m.index + m[0].length;
        parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])));
    }
    if (consumed !== rest.length)
        return { found: false };
    rest = '';
    let cur = value;
    for (const p of parts) {
        if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, p))
            return { found: false };
        cur = cur[p];
    }
    return { found: true, value: cur };
}

;// CONCATENATED MODULE: ./shared/metrics/http.ts




// Any JSON endpoint: GET the url, read the number at `path`. A missing path or null is no data.
class HttpMetricSource {
    async measure(metric, ctx) {
        const canary = await this.read(metric, ctx, metric.url, ctx.canaryVersion);
        if (!ctx.compareWith || canary.error)
            return canary;
        const baseline = await this.read(metric, ctx, metric.baselineUrl ?? metric.url, ctx.compareWith);
        if (baseline.error)
            return { ...canary, value: null, error: `baseline ${baseline.error}` };
        return { ...canary, baseline: { value: baseline.value, label: ctx.compareWith } };
    }
    async read(metric, ctx, template, version) {
        const url = (0,render/* render */.XX)(template, metricTemplateContext(ctx, encodeURIComponent, version), `metric ${metric.name} url`);
        try {
            const res = await (0,request/* httpRequest */.aj)(url, { timeoutMs: 5000, headers: { accept: 'application/json', ...metric.headers } });
            if (res.status !== 200)
                return { metric: metric.name, value: null, error: `http: ${url.split('?')[0]} answered ${res.status}` };
            const got = readJsonPath(JSON.parse(res.body), metric.path);
            if (!got.found || got.value === null)
                return { metric: metric.name, value: null };
            const value = typeof got.value === 'number' ? got.value : typeof got.value === 'string' && got.value.trim() !== '' ? Number(got.value) : Number.NaN;
            if (Number.isNaN(value))
                return { metric: metric.name, value: null, error: `http: ${metric.path} is ${JSON.stringify(got.value)}, not a number` };
            return { metric: metric.name, value };
        }
        catch (e) {
            return { metric: metric.name, value: null, error: `http: ${e.message}` };
        }
    }
}

// EXTERNAL MODULE: ./shared/traffic/local/window.ts
var local_window = __webpack_require__(7994);
;// CONCATENATED MODULE: ./shared/metrics/probe.ts




// Analysis with no metrics system: the action itself sends a bounded number of requests to the canary
// and measures success and latency. Requests are spread over at most half the interval.
const DEFAULT_REQUESTS = 20;
const CONCURRENCY = 4;
class ProbeMetricSource {
    endpoint;
    cache = new Map();
    /** `endpoint(role)`: where the canary (or the stable version, for comparisons) alone answers. */
    constructor(endpoint) {
        this.endpoint = endpoint;
    }
    async target(metric, ctx, role) {
        if (metric.url && role === 'canary')
            return { url: (0,render/* render */.XX)(metric.url, metricTemplateContext(ctx, encodeURIComponent), `metric ${metric.name} url`), headers: {} };
        if (metric.url && role === 'stable')
            return metric.baselineUrl ? { url: (0,render/* render */.XX)(metric.baselineUrl, metricTemplateContext(ctx, encodeURIComponent, ctx.compareWith), `metric ${metric.name} baselineUrl`), headers: {} } : undefined;
        const found = await this.endpoint(role);
        if (!found || !metric.path)
            return found;
        return { ...found, url: new URL(metric.path, found.url).href };
    }
    async sample(metric, ctx, role = 'canary') {
        // Several probe metrics in one interval share one sample (per target).
        const target = await this.target(metric, ctx, role);
        if (!target)
            throw new Error(role === 'canary' ? 'no canary URL: set the metric\'s url' : 'no baseline URL: set the metric\'s baselineUrl');
        const cached = this.cache.get(target.url);
        if (cached && Date.now() - cached.at < ctx.intervalMs / 2)
            return cached.results;
        const count = Math.min(metric.requests ?? DEFAULT_REQUESTS, 1000);
        const spacing = Math.max(0, ctx.intervalMs / 2 / Math.max(1, count / CONCURRENCY));
        const agents = (0,request/* keepAliveAgents */.Tk)(CONCURRENCY);
        const results = [];
        let next = 0;
        try {
            await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
                while (next < count) {
                    next++;
                    const started = performance.now();
                    try {
                        const res = await (0,request/* httpRequest */.aj)(target.url, { agents, timeoutMs: Math.max(1000, ctx.intervalMs), headers: { ...target.headers, ...metric.headers } });
                        results.push({ ok: res.status < 500, ms: performance.now() - started });
                    }
                    catch {
                        results.push({ ok: false, ms: performance.now() - started });
                    }
                    if (spacing)
                        await new Promise((r) => setTimeout(r, spacing));
                }
            }));
        }
        finally {
            agents.destroy();
        }
        this.cache.set(target.url, { at: Date.now(), results });
        return results;
    }
    async measure(metric, ctx) {
        try {
            const [canary, baseline] = await Promise.all([this.sample(metric, ctx), ctx.compareWith ? this.sample(metric, ctx, 'stable') : undefined]);
            const figures = probeFigures(metric, canary);
            return { metric: metric.name, ...figures, ...(baseline ? { baseline: { ...probeFigures(metric, baseline), label: ctx.compareWith } } : {}) };
        }
        catch (e) {
            return { metric: metric.name, value: null, error: `probe: ${e.message}` };
        }
    }
}
/** A probe sample's figures: the metric's value, requests, failures and latency histogram. */
function probeFigures(metric, results) {
    {
        const n = results.length;
        const failures = results.filter((r) => !r.ok).length;
        const ms = results.map((r) => r.ms).sort((a, b) => a - b);
        const q = (p) => (n ? ms[Math.min(n - 1, Math.ceil(p * n) - 1)] : null);
        const value = (() => {
            switch (metric.metric ?? 'error-rate') {
                case 'request-count': return n;
                case 'error-rate': return n ? failures / n : null;
                case 'success-rate': return n ? 1 - failures / n : null;
                case 'latency-p50': return q(0.5);
                case 'latency-p95': return q(0.95);
                case 'latency-p99': return q(0.99);
                default: return null;
            }
        })();
        const buckets = new Map();
        for (const r of results) {
            const b = (0,local_window/* bucketOf */.AU)(r.ms);
            buckets.set(b, (buckets.get(b) ?? 0) + 1);
        }
        const histogram = [...buckets].sort((a, b) => a[0] - b[0]).map(([b, count]) => [Number((0,local_window/* bucketUpperMs */.z5)(b).toPrecision(4)), count]);
        return { value, requests: n, events: failures, histogram };
    }
}

;// CONCATENATED MODULE: ./shared/metrics/index.ts





// The metric source registry: a new source is one file plus one case here.
function createMetricSource(metric, provider, analysis, environmentKey) {
    switch (metric.source) {
        case 'local':
            {
                // The local router in front (the local provider, compose without nginx), or nginx with its access log.
                const counters = provider.routerCounters?.();
                if (counters)
                    return new LocalMetricSource(counters);
            }
            throw new errors/* GlidepathError */.HT('GP-CONFIG-002', `Metric ${metric.name}: source local reads the counters of the router in front, and environment ${environmentKey}'s router keeps none.`, {
                fix: 'Use source local with the local router (provider local, or compose without nginx) or with nginx and traffic.nginx.accessLog, or source probe, prometheus or http.',
            });
        case 'prometheus':
            return new PrometheusMetricSource((metric.url ?? analysis?.prometheus?.address));
        case 'http':
            return new HttpMetricSource();
        case 'probe':
            return new ProbeMetricSource((role) => (role === 'canary' ? provider.canaryEndpoint?.() : provider.stableEndpoint?.()));
    }
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AU: () => (/* binding */ bucketOf),
/* harmony export */   nF: () => (/* binding */ TrafficStats),
/* harmony export */   z5: () => (/* binding */ bucketUpperMs)
/* harmony export */ });
/* unused harmony export quantile */
// Per-version request statistics of the local router, in fixed buckets (no object per request):
// cumulative counters for Prometheus, and a ring of 250 ms time slots, each with exact request and error
// counts and a log-spaced latency histogram, so analysis can ask "over the last interval" for any
// version (the canary and its baseline alike) and get exact counts and percentiles to within a bucket.
/** Prometheus histogram buckets (seconds) of glidepath_request_duration_seconds. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SLOT_MS = 250;
const SLOTS = 2400; // ten minutes of history
const MAX_WINDOW_MS = SLOT_MS * (SLOTS - 1);
// Latency buckets: 0.1 ms * 2^(i/4), four per doubling (19% wide), up to about 60 s.
const HIST_MIN_MS = 0.1;
const PER_DOUBLING = 4;
const HIST = 80;
const CODES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'];
function bucketOf(ms) {
    if (!(ms > HIST_MIN_MS))
        return 0;
    return Math.min(HIST - 1, Math.ceil(Math.log2(ms / HIST_MIN_MS) * PER_DOUBLING));
}
function bucketUpperMs(i) {
    return HIST_MIN_MS * 2 ** (i / PER_DOUBLING);
}
class Series {
    role;
    codes = new Float64Array(CODES.length);
    errorsTotal = 0;
    promBuckets = new Float64Array(LATENCY_BUCKETS_S.length);
    sum = 0;
    count = 0;
    lastSlot = 0;
    slotOf = new Float64Array(SLOTS).fill(-1);
    requests = new Uint32Array(SLOTS);
    errors = new Uint32Array(SLOTS);
    hist = new Uint32Array(SLOTS * HIST);
    constructor(role) {
        this.role = role;
    }
    record(slot, status, ms, error) {
        const i = slot % SLOTS;
        if (this.slotOf[i] !== slot) {
            this.slotOf[i] = slot;
            this.requests[i] = 0;
            this.errors[i] = 0;
            this.hist.fill(0, i * HIST, (i + 1) * HIST);
        }
        this.requests[i]++;
        if (error) {
            this.errors[i]++;
            this.errorsTotal++;
        }
        this.hist[i * HIST + bucketOf(ms)]++;
        this.lastSlot = slot;
        this.codes[status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : 5]++;
        const secs = ms / 1000;
        for (let b = 0; b < LATENCY_BUCKETS_S.length; b++)
            if (secs <= LATENCY_BUCKETS_S[b])
                this.promBuckets[b]++;
        this.sum += secs;
        this.count++;
    }
    window(fromSlot, toSlot) {
        const hist = new Float64Array(HIST);
        let requests = 0;
        let errors = 0;
        for (let slot = Math.max(fromSlot, toSlot - SLOTS + 1); slot <= toSlot; slot++) {
            const i = slot % SLOTS;
            if (this.slotOf[i] !== slot)
                continue;
            requests += this.requests[i];
            errors += this.errors[i];
            for (let b = 0; b < HIST; b++)
                hist[b] += this.hist[i * HIST + b];
        }
        return { requests, errors, hist };
    }
}
/** The q-quantile of a bucketed histogram, interpolated within its bucket (ms). */
function quantile(hist, total, q) {
    if (total <= 0)
        return null;
    const rank = q * total;
    let seen = 0;
    for (let b = 0; b < hist.length; b++) {
        const n = hist[b];
        if (n === 0)
            continue;
        if (seen + n >= rank) {
            const lo = b === 0 ? 0 : bucketUpperMs(b - 1);
            const hi = bucketUpperMs(b);
            return lo + (hi - lo) * Math.min(1, Math.max(0, (rank - seen) / n));
        }
        seen += n;
    }
    return bucketUpperMs(hist.length - 1);
}
class TrafficStats {
    clock;
    series = new Map();
    constructor(clock = Date.now) {
        this.clock = clock;
    }
    record(version, role, status, ms, error) {
        const slot = Math.floor(this.clock() / SLOT_MS);
        let s = this.series.get(version);
        if (!s) {
            this.evict(slot);
            s = new Series(role);
            this.series.set(version, s);
        }
        s.role = role;
        s.record(slot, status, ms, error);
    }
    /** Versions with no request for longer than the history are dropped (their memory with them). */
    evict(slot) {
        for (const [v, s] of this.series)
            if (slot - s.lastSlot > SLOTS)
                this.series.delete(v);
    }
    window(sinceMs, now = this.clock()) {
        const toSlot = Math.floor(now / SLOT_MS);
        const fromSlot = toSlot - Math.max(1, Math.round(Math.min(sinceMs, MAX_WINDOW_MS) / SLOT_MS)) + 1;
        const out = [];
        for (const [version, s] of this.series) {
            const w = s.window(fromSlot, toSlot);
            if (w.requests === 0)
                continue;
            const histogram = [];
            w.hist.forEach((n, b) => { if (n)
                histogram.push([Number(bucketUpperMs(b).toPrecision(4)), n]); });
            out.push({
                version, role: s.role, requests: w.requests, errors: w.errors, errorRate: w.errors / w.requests,
                p50: quantile(w.hist, w.requests, 0.5), p95: quantile(w.hist, w.requests, 0.95), p99: quantile(w.hist, w.requests, 0.99), histogram,
            });
        }
        return out;
    }
    prometheus() {
        const esc = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
        const out = [
            '# HELP glidepath_requests_total Requests through the Glidepath local router.',
            '# TYPE glidepath_requests_total counter',
        ];
        for (const [v, c] of this.series)
            c.codes.forEach((n, i) => { if (n)
                out.push(`glidepath_requests_total{version="${esc(v)}",role="${c.role}",code="${CODES[i]}"} ${n}`); });
        out.push('# HELP glidepath_request_errors_total Requests answered 5xx or not answered.', '# TYPE glidepath_request_errors_total counter');
        for (const [v, c] of this.series)
            out.push(`glidepath_request_errors_total{version="${esc(v)}",role="${c.role}"} ${c.errorsTotal}`);
        out.push('# HELP glidepath_request_duration_seconds Request latency through the router.', '# TYPE glidepath_request_duration_seconds histogram');
        for (const [v, c] of this.series) {
            const l = `version="${esc(v)}",role="${c.role}"`;
            LATENCY_BUCKETS_S.forEach((b, i) => out.push(`glidepath_request_duration_seconds_bucket{${l},le="${b}"} ${c.promBuckets[i]}`));
            out.push(`glidepath_request_duration_seconds_bucket{${l},le="+Inf"} ${c.count}`);
            out.push(`glidepath_request_duration_seconds_sum{${l}} ${c.sum}`);
            out.push(`glidepath_request_duration_seconds_count{${l}} ${c.count}`);
        }
        return `${out.join('\n')}\n`;
    }
}


/***/ })

};
