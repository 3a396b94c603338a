export const id = 351;
export const ids = [351];
export const modules = {

/***/ 2472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KH: () => (/* binding */ analyse),
/* harmony export */   LT: () => (/* binding */ closeStep),
/* harmony export */   QF: () => (/* binding */ provenSafe),
/* harmony export */   _8: () => (/* binding */ observedShare),
/* harmony export */   hj: () => (/* binding */ PRIOR_MIN_REQUESTS),
/* harmony export */   sJ: () => (/* binding */ metricRules),
/* harmony export */   zZ: () => (/* binding */ emptyJudgement)
/* harmony export */ });
/* unused harmony exports priorRatio, DEFAULT_MIN_EFFECT, judge, materialOf */
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4772);
/* harmony import */ var _sequential_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2082);


/**
 * The canary's share of requests as measured (canary and baseline counts of the same interval), else
 * `fallback` (its weight). With affinity, match or mirror the weight is a share of clients, not of
 * requests, so plans and ETAs use what the canary actually served.
 */
function observedShare(measurements, fallback) {
    for (const m of measurements) {
        const c = m.requests;
        const b = m.baseline?.requests;
        if (c !== undefined && b !== undefined && c + b > 0)
            return c / (c + b);
    }
    return fallback;
}
/** A prior counts once it has seen this many requests. */
const PRIOR_MIN_REQUESTS = 200;
/** A latency prior weighs at most this many requests in the reference (the reference decays per interval). */
const PRIOR_HISTOGRAM_WEIGHT = 1000;
/**
 * The material regression's ratio over the null, as a prior tells it: for errors, from the prior's rate
 * (Jeffreys' estimate, so no errors reads as a small rate); for latency, the planned ratio of slow shares,
 * whose thresholds the prior's histogram now sets from the first interval.
 */
function priorRatio(rule, prior, rho0) {
    if (!prior || prior.requests < PRIOR_MIN_REQUESTS)
        return undefined;
    if (rule.kind === 'latency')
        return prior.histogram?.length ? rule.detectRatio : undefined;
    if (rule.kind !== 'counts')
        return undefined;
    const rate = (prior.events + 0.5) / (prior.requests + 1);
    return materialOf(rule, (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .emptySequential */ .Pt)(), rho0, rate).canaryRate / (rate * rho0);
}
/** A latency prior as the reference's starting point: scaled down to PRIOR_HISTOGRAM_WEIGHT requests. */
function priorReference(prior) {
    const h = prior?.histogram;
    if (!h || prior.requests < PRIOR_MIN_REQUESTS)
        return undefined;
    const total = h.reduce((s, [, n]) => s + n, 0);
    if (total <= 0)
        return undefined;
    const scale = Math.min(1, PRIOR_HISTOGRAM_WEIGHT / total) / _sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .REFERENCE_DECAY */ .Hg;
    return h.map(([upper, n]) => [upper, n * scale]);
}
const emptyJudgement = () => ({ sequential: {}, streaks: {} });
function metricRules(analysis) {
    return (analysis?.metrics ?? []).map((m) => ruleOf(m, analysis ?? {}));
}
function bound(v) {
    if (v === undefined)
        return undefined;
    return typeof v === 'number' ? v : (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(v);
}
function parsePercent(v, fallback) {
    if (v === undefined)
        return fallback;
    if (typeof v === 'number')
        return v;
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    return m ? Number(m[1]) / 100 : Number(v);
}
const QUANTILES = { 'latency-p50': 0.5, 'latency-p95': 0.95, 'latency-p99': 0.99 };
/**
 * Defaults for minEffect: 5 points of errors is what a 5-20 requests/s site can rule out within minute-long
 * pauses (a smaller floor makes such a site wait for evidence it cannot get; a busier one sets 1%), and a
 * slowdown under 10 ms is scheduler noise, not a regression.
 */
const DEFAULT_MIN_EFFECT = { counts: 0.05, latency: 10 };
function ruleOf(m, a) {
    const isRate = m.metric === 'error-rate' || m.metric === 'success-rate' || m.metric?.startsWith('latency');
    const kind = m.metric === 'error-rate' || m.metric === 'success-rate' ? 'counts' : m.metric?.startsWith('latency') ? 'latency' : 'value';
    return {
        compare: m.compare,
        test: m.test ?? (m.compare ? 'sequential' : 'fixed'),
        alpha: m.alpha ?? 0.05,
        allowance: parsePercent(m.maxIncrease, 0),
        difference: m.maxDifference === undefined ? undefined : bound(m.maxDifference),
        consecutiveFailures: m.consecutiveFailures ?? (m.compare && (m.test ?? 'sequential') === 'fixed' ? 1 : undefined),
        kind,
        quantile: m.metric ? QUANTILES[m.metric] : undefined,
        detectRatio: 1 + parsePercent(m.detectIncrease, 1),
        minEffect: kind === 'latency' ? (bound(m.minEffect) ?? DEFAULT_MIN_EFFECT.latency) : parsePercent(m.minEffect, DEFAULT_MIN_EFFECT.counts),
        power: m.power ?? _sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .TARGET_POWER */ .sG,
        name: m.name,
        min: bound(m.min),
        // A probe with no metric is a health check: any failed request fails the interval.
        max: bound(m.max) ?? (m.source === 'probe' && !m.metric ? 0 : undefined),
        failureLimit: m.failureLimit ?? a.failureLimit ?? 0,
        inconclusiveLimit: m.inconclusiveLimit ?? a.inconclusiveLimit ?? Number.POSITIVE_INFINITY,
        errorLimit: m.errorLimit ?? a.errorLimit ?? 4,
        minRequests: m.minRequests ?? a.minRequests ?? (isRate ? 1 : 0),
        onNoData: a.onNoData ?? 'hold',
        dryRun: m.dryRun ?? false,
        unit: m.metric?.startsWith('latency') ? 'ms' : '',
    };
}
const emptyCounters = () => ({ pass: 0, fail: 0, inconclusive: 0, error: 0 });
function judge(rule, m, judgement, opts = {}) {
    if (rule.compare && m && !m.error && judgement)
        return judgeAgainstBaseline(rule, m, judgement, opts);
    const base = { metric: rule.name, value: m?.value ?? null, requests: m?.requests, dryRun: rule.dryRun };
    if (!m)
        return { ...base, verdict: 'error', detail: 'no measurement was taken' };
    if (m.error)
        return { ...base, verdict: 'error', detail: m.error };
    const noData = m.value === null || Number.isNaN(m.value);
    const tooFew = m.requests !== undefined && m.requests < rule.minRequests;
    if (noData || tooFew) {
        const why = tooFew ? `${m.requests} request(s), below minRequests ${rule.minRequests}` : 'no data';
        if (rule.onNoData === 'fail')
            return { ...base, value: noData ? null : m.value, verdict: 'fail', detail: `${why} (onNoData: fail)` };
        if (rule.onNoData === 'pass')
            return { ...base, value: noData ? null : m.value, verdict: 'pass', detail: `${why} (onNoData: pass)` };
        return { ...base, value: noData ? null : m.value, verdict: 'inconclusive', detail: why };
    }
    const v = m.value;
    const fmt = (n) => `${Number.isInteger(n) ? String(n) : n.toPrecision(3)}${rule.unit}`;
    if (rule.max !== undefined && v > rule.max)
        return { ...base, verdict: 'fail', detail: `${fmt(v)} > max ${fmt(rule.max)}` };
    if (rule.min !== undefined && v < rule.min)
        return { ...base, verdict: 'fail', detail: `${fmt(v)} < min ${fmt(rule.min)}` };
    return { ...base, verdict: 'pass', detail: `${fmt(v)} within ${rule.min !== undefined ? `min ${fmt(rule.min)}` : ''}${rule.min !== undefined && rule.max !== undefined ? ', ' : ''}${rule.max !== undefined ? `max ${fmt(rule.max)}` : ''}` };
}
/**
 * One interval: judge every metric, add to the step's counters (they reset each step), and decide.
 * A metric aborts when its failures exceed failureLimit or its errors exceed errorLimit; dry-run
 * metrics are judged and reported but never decide.
 */
function analyse(rules, measurements, previous = {}, judgementIn = emptyJudgement(), opts = {}) {
    const counters = {};
    const results = [];
    const reasons = [];
    const judgement = { sequential: { ...judgementIn.sequential }, streaks: { ...judgementIn.streaks }, ...(judgementIn.priors ? { priors: judgementIn.priors } : {}) };
    let decision = 'continue';
    for (const rule of rules) {
        const measurement = measurements.find((m) => m.metric === rule.name);
        const c = { ...(previous[rule.name] ?? emptyCounters()) };
        const stepRequests = (c.requests ?? 0) + (measurement && !measurement.error ? measurement.requests ?? 0 : 0);
        const result = judge(rule, measurement, judgement, { ...opts, stepRequests });
        if (stepRequests > 0)
            c.requests = stepRequests;
        c[result.verdict]++;
        counters[rule.name] = c;
        results.push(result);
        if (rule.dryRun)
            continue;
        // A comparison names its test in every reason, whichever bound ended the step.
        const label = rule.compare ? `${rule.name} (${rule.test} test against ${rule.compare})` : rule.name;
        if (rule.consecutiveFailures !== undefined && !(rule.compare && rule.test === 'sequential')) {
            // Failing intervals in a row: the step fails only at consecutiveFailures ("> 3 consecutive health check failures").
            if (!rule.compare)
                judgement.streaks[rule.name] = result.verdict === 'fail' ? (judgement.streaks[rule.name] ?? 0) + 1 : result.verdict === 'pass' ? 0 : judgement.streaks[rule.name] ?? 0;
            if (result.verdict === 'fail' && (judgement.streaks[rule.name] ?? 0) < rule.consecutiveFailures)
                continue;
            if (result.verdict === 'fail') {
                decision = 'abort';
                reasons.push(`${label} failed ${judgement.streaks[rule.name]} interval(s) in a row (consecutiveFailures ${rule.consecutiveFailures}): ${result.detail}`);
                continue;
            }
        }
        if (rule.compare && result.verdict === 'fail') {
            decision = 'abort';
            reasons.push(`${label}: ${result.detail}`);
        }
        else if (c.fail > rule.failureLimit) {
            decision = 'abort';
            reasons.push(`${rule.name} failed ${c.fail} time(s), over failureLimit ${rule.failureLimit}: ${result.detail}`);
        }
        else if (c.error > rule.errorLimit) {
            decision = 'abort';
            reasons.push(`${rule.name} could not be measured ${c.error} time(s), over errorLimit ${rule.errorLimit}: ${result.detail}`);
        }
        else if (c.inconclusive > rule.inconclusiveLimit && decision !== 'abort') {
            decision = 'hold';
            reasons.push(`${rule.name} inconclusive ${c.inconclusive} time(s), over inconclusiveLimit ${rule.inconclusiveLimit}: ${result.detail}`);
        }
    }
    return { decision, reason: reasons.join('; ') || 'all metrics within bounds', results, counters, judgement };
}
/** At the end of a step's pause: continue only if every deciding metric passed at least once. */
function closeStep(rules, counters) {
    const unproven = rules.filter((r) => !r.dryRun && (counters[r.name]?.pass ?? 0) === 0);
    if (unproven.length) {
        return { decision: 'hold', reason: `no passing measurement for ${unproven.map((r) => r.name).join(', ')} in this step (too little traffic or no data); holding, never a silent pass` };
    }
    return { decision: 'continue', reason: 'every metric passed in this step' };
}
/** Every deciding metric passed on an always-valid bound (sequential comparisons only): says which, or undefined. */
function provenSafe(rules, results) {
    const deciding = rules.filter((r) => !r.dryRun);
    if (deciding.length === 0)
        return undefined;
    const safe = deciding.map((r) => results.find((x) => x.metric === r.name)).filter((x) => x?.evidence?.status === 'safe' && !x.dryRun);
    if (safe.length < deciding.length)
        return undefined;
    return safe.map((x) => `${x?.metric}: bound ${((x?.evidence?.upperBound ?? 0) * 100).toFixed(2)}% < ${((x?.evidence?.materialRate ?? 0) * 100).toFixed(2)}%`).join('; ');
}
const fmtRatio = (r) => (r === null || r === undefined ? 'n/a' : Number.isFinite(r) ? `${r.toFixed(2)}x` : 'inf');
/**
 * A metric judged against its baseline over the same interval. `sequential`: the counts go into the
 * metric's e-process (kept across intervals and steps); it fails the moment the e-value reaches
 * 1/alpha, passes once the step has the evidence planned to detect the configured regression, and is
 * inconclusive until then. `fixed`: this interval's value against the baseline's plus the allowance.
 */
function judgeAgainstBaseline(rule, m, judgement, opts) {
    const base = { metric: rule.name, value: m.value, requests: m.requests, dryRun: rule.dryRun };
    const b = m.baseline;
    if (!b)
        return { ...base, verdict: 'error', detail: 'the source measured no baseline' };
    const canaryRequests = m.requests ?? 0;
    const baselineRequests = b.requests ?? 0;
    if (rule.test === 'fixed') {
        if (m.value === null || b.value === null || canaryRequests < rule.minRequests) {
            return { ...base, verdict: 'inconclusive', detail: `no comparison this interval (${m.value === null ? 'no canary data' : b.value === null ? 'no baseline data' : `${canaryRequests} request(s), below minRequests ${rule.minRequests}`})` };
        }
        const boundValue = rule.difference !== undefined ? b.value + rule.difference : b.value * (1 + rule.allowance);
        const evidence = { test: 'fixed', baseline: b.value, bound: boundValue, canaryRequests, baselineRequests };
        const fmt = (n) => `${Number.isInteger(n) ? String(n) : n.toPrecision(3)}${rule.unit}`;
        if (m.value > boundValue) {
            judgement.streaks[rule.name] = (judgement.streaks[rule.name] ?? 0) + 1;
            return { ...base, verdict: 'fail', evidence, detail: `${fmt(m.value)} > ${fmt(boundValue)} (baseline ${b.label ?? 'stable'} ${fmt(b.value)}${rule.difference !== undefined ? ` + ${fmt(rule.difference)}` : ` + ${Math.round(rule.allowance * 100)}%`}); ${judgement.streaks[rule.name]} failing interval(s) in a row of ${rule.consecutiveFailures}` };
        }
        judgement.streaks[rule.name] = 0;
        return { ...base, verdict: 'pass', evidence, detail: `${fmt(m.value)} within ${fmt(boundValue)} (baseline ${b.label ?? 'stable'} ${fmt(b.value)})` };
    }
    if (b.fixed)
        return judgeAgainstRate(rule, m, b, judgement, opts);
    const prior = judgement.sequential[rule.name] ?? (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .emptySequential */ .Pt)();
    const history = judgement.priors?.[rule.name];
    const reference = rule.kind === 'latency' && b.histogram ? (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .updateReference */ .Xp)(prior.reference ?? priorReference(history), b.histogram) : undefined;
    const pair = rule.kind === 'latency'
        ? (m.histogram && b.histogram ? (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .slowCounts */ .U5)(m.histogram, b.histogram, rule.quantile ?? 0.95, rule.allowance, rule.minEffect, reference) : null)
        : m.events !== undefined && b.events !== undefined ? { canaryRequests, canaryEvents: m.events, baselineRequests, baselineEvents: b.events } : null;
    // Histograms that are there but empty on a side: an interval without traffic to compare, not a fault.
    const quiet = !pair && rule.kind === 'latency' && m.histogram !== undefined && b.histogram !== undefined;
    if (!pair && !quiet)
        return { ...base, verdict: 'error', detail: `the source gave no ${rule.kind === 'latency' ? 'latency histograms' : 'event counts'} for a sequential test` };
    const counted = pair ?? { canaryRequests: 0, canaryEvents: 0, baselineRequests: 0, baselineEvents: 0 };
    // Latency: the allowance is already in the slow threshold, so the ratio tested is 1.
    const rho0 = rule.kind === 'latency' ? 1 : 1 + rule.allowance;
    const state = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .updateCounts */ .yO)(prior, counted, rho0);
    if (reference)
        state.reference = reference;
    if (rule.kind === 'latency' && m.histogram)
        state.recent = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .updateReference */ .Xp)(prior.recent, m.histogram);
    judgement.sequential[rule.name] = state;
    return canaryVerdict(rule, base, state, rho0, counted.canaryRequests + counted.baselineRequests, b.label ?? 'stable', b.value, { ...opts, stepRequests: opts.stepRequests ?? counted.canaryRequests }, history);
}
/** A material regression for this rule, given what the baseline has shown (issue 22: relative or absolute, the larger). */
function materialOf(rule, state, rho0, baselineRate) {
    if (rule.kind === 'latency') {
        // The slow share over the null's threshold; the baseline's share over its own quantile is 1 - q.
        const share = 1 - (rule.quantile ?? 0.95);
        return { baselineRate: share, canaryRate: Math.min(1, share * rule.detectRatio), label: `${fmtRatio(rule.detectRatio)} stable's slow share` };
    }
    const rb = baselineRate ?? (state.baseline.requests > 0 ? state.baseline.events / state.baseline.requests : 0);
    const relative = rb * rho0 * rule.detectRatio;
    const absolute = rb + rule.minEffect;
    const canaryRate = Math.min(1, Math.max(relative, absolute));
    return { baselineRate: rb, canaryRate, label: relative >= absolute ? `${fmtRatio(rho0 * rule.detectRatio)} the stable error rate` : `+${pct(rule.minEffect)} errors over stable (minEffect)` };
}
const pct = (x) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
function statsOf(rule, state, e, alpha, label, interval, estimate) {
    const what = rule.kind === 'latency' ? `slow share (over the ${Math.round((rule.quantile ?? 0.95) * 100)}th percentile x${(1 + rule.allowance).toFixed(2)}${rule.minEffect > 0 ? ` or +${rule.minEffect}ms` : ''})` : 'error rate';
    return `${what} ${rule.compare === 'previous' ? 'new' : 'canary'}/${label} ${fmtRatio(estimate)} [${interval ? interval.map((x) => fmtRatio(x)).join(', ') : 'n/a'}], e=${e.toPrecision(3)} (abort at ${(1 / alpha).toPrecision(3)}), ${state.canary.requests}+${state.baseline.requests} requests`;
}
/**
 * The verdict of a sequential comparison with stable, evidence counted both ways: harm proven fails at
 * once (e-value at 1/alpha); safety proven passes at once (always-valid bounds, alpha/2 each on the
 * canary's rate and the baseline's, exclude a material regression); otherwise the last step passes once
 * the test so far would have caught a material regression with the rule's power (default TARGET_POWER), and a step before it once
 * it has its minRequests.
 */
function canaryVerdict(rule, base, state, rho0, perInterval, label, baselineValue, opts, prior) {
    const alpha = rule.alpha;
    const weights = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .mixtureWeights */ .IN)(rule.detectRatio, priorRatio(rule, prior, rho0));
    const e = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .eValue */ .di)(state, weights);
    const estimate = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .ratioEstimate */ .S3)(state);
    const interval = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .ratioInterval */ .zr)(state, alpha);
    const material = materialOf(rule, state, rho0);
    const [, canaryUpper] = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .rateBounds */ .sw)(state.canary.events, state.canary.requests, rule.kind === 'latency' ? alpha : alpha / 2);
    // The material rate at the lowest baseline rate the data allow (latency: the baseline's share is fixed by construction).
    // A prior of the same stable version bounds its rate from below too (the better of the two bounds).
    const lowest = () => Math.max((0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .rateBounds */ .sw)(state.baseline.events, state.baseline.requests, alpha / 2)[0], prior && prior.requests >= PRIOR_MIN_REQUESTS ? (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .rateBounds */ .sw)(prior.events, prior.requests, alpha / 2)[0] : 0);
    const materialRate = rule.kind === 'latency' ? material.canaryRate : materialOf(rule, state, rho0, lowest()).canaryRate;
    const power = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .powerOf */ .f)((0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .exposureSeen */ .hf)(state), rho0, alpha, material, weights);
    const have = state.canary.requests + state.baseline.requests;
    const evidence = {
        test: 'sequential', baseline: baselineValue, bound: rho0, eValue: e, pValue: Math.min(1, 1 / e), estimate, interval,
        canaryRequests: state.canary.requests, baselineRequests: state.baseline.requests, power, material: material.label, upperBound: canaryUpper, materialRate,
    };
    const stats = statsOf(rule, state, e, alpha, label, interval, estimate);
    const harm = rule.kind === 'latency' ? `slower than ${label} by more than ${Math.round(rule.allowance * 100)}%${rule.minEffect > 0 ? ` (and ${rule.minEffect}ms)` : ''} at p${Math.round((rule.quantile ?? 0.95) * 100)}` : `worse than ${label} by more than ${Math.round((rho0 - 1) * 100)}%`;
    if (e >= 1 / alpha)
        return { ...base, verdict: 'fail', evidence: { ...evidence, status: 'harm' }, detail: `${harm}: ${stats}` };
    const what = rule.kind === 'latency' ? 'slow share' : 'error rate';
    if (state.canary.requests > 0 && canaryUpper < materialRate) {
        return { ...base, verdict: 'pass', evidence: { ...evidence, status: 'safe' }, detail: `no material regression: the canary's ${what} is at most ${pct(canaryUpper)} (always-valid bound), under the ${pct(materialRate)} that ${material.label} would be at the least: ${stats}` };
    }
    if (power >= rule.power) {
        return { ...base, verdict: 'pass', evidence: { ...evidence, status: 'powered' }, detail: `no regression: ${stats}; the test would have caught ${material.label} (${pct(material.canaryRate)}) with probability ${power.toFixed(2)}` };
    }
    if (opts.final === false && (opts.stepRequests ?? 0) >= Math.max(1, rule.minRequests)) {
        return { ...base, verdict: 'pass', evidence: { ...evidence, status: 'step' }, detail: `no harm proven at this step (${opts.stepRequests} canary request(s), minRequests ${Math.max(1, rule.minRequests)}; promotion will need power ${rule.power} against ${material.label} (${pct(material.canaryRate)}), now ${power.toFixed(2)}): ${stats}` };
    }
    const more = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .requestsForPower */ .ZJ)((0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .exposureSeen */ .hf)(state), opts.canaryShare ?? 0.5, rho0, alpha, material, weights, rule.power);
    evidence.requiredRequests = Number.isFinite(more) ? have + more : undefined;
    if (Number.isFinite(more) && perInterval > 0 && opts.intervalMs)
        evidence.etaSeconds = Math.ceil((more / perInterval) * (opts.intervalMs / 1000));
    const need = Number.isFinite(more) ? `~${more} more requests${evidence.etaSeconds !== undefined ? `, ~${evidence.etaSeconds}s at this rate` : ''}` : 'more traffic than this split can bring';
    return { ...base, verdict: 'inconclusive', evidence: { ...evidence, status: 'short' }, detail: `not enough evidence yet to promote (power ${power.toFixed(2)} of ${rule.power} to catch ${material.label}, ${pct(material.canaryRate)}; ${need}): ${stats}` };
}
/**
 * Verify against the previous version's figures measured before the switch. That measurement is a
 * sample too, so alpha is split: half bounds the previous rate from above (Clopper-Pearson), half is the
 * e-value's threshold against that bound. A false abort needs the previous rate above its bound or the
 * e-value over 2/alpha, each at most alpha/2 likely.
 */
function judgeAgainstRate(rule, m, b, judgement, opts) {
    const base = { metric: rule.name, value: m.value, requests: m.requests, dryRun: rule.dryRun };
    const alpha = rule.alpha / 2;
    let obs = null;
    let rate = 0;
    if (rule.kind === 'latency' && m.histogram && b.histogram) {
        const q = rule.quantile ?? 0.95;
        const pair = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .slowCounts */ .U5)(m.histogram, b.histogram, q, rule.allowance, rule.minEffect);
        if (pair) {
            obs = { requests: pair.canaryRequests, events: pair.canaryEvents };
            rate = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .rateUpperBound */ .bc)(pair.baselineEvents, pair.baselineRequests, alpha);
        }
    }
    else if (rule.kind === 'counts' && m.events !== undefined && b.events !== undefined && (b.requests ?? 0) > 0) {
        obs = { requests: m.requests ?? 0, events: m.events };
        rate = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .rateUpperBound */ .bc)(b.events, b.requests, alpha);
    }
    if (!obs)
        return { ...base, verdict: 'error', detail: `the source gave no ${rule.kind === 'latency' ? 'latency histograms' : 'event counts'} for a sequential test` };
    const rho0 = rule.kind === 'latency' ? 1 : 1 + rule.allowance;
    const state = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .updateAgainstRate */ .zj)(judgement.sequential[rule.name] ?? (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .emptySequential */ .Pt)(), obs, rate, rho0);
    state.baseline = { requests: b.requests ?? 0, events: b.events ?? 0 };
    judgement.sequential[rule.name] = state;
    // The regression planned for: the relative one, or minEffect over the previous rate when that is larger.
    const ratio = rule.kind === 'counts' ? Math.max(rule.detectRatio, 1 + rule.minEffect / (rho0 * Math.max(rate, 1e-6))) : rule.detectRatio;
    const required = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .requestsToDetectRate */ .Bz)({ alpha, rho0, ratio, rate: Math.max(rate, MIN_PLANNED_RATE) });
    return verifyVerdict(rule, base, state, rho0, required, state.canary.requests, obs.requests, b.label ?? 'the previous version', b.value, opts, alpha);
}
/** Verify (compare: previous) only ever aborts: a pass here says the window has seen the evidence it planned for. */
function verifyVerdict(rule, base, state, rho0, required, have, perInterval, label, baselineValue, opts, alpha = rule.alpha) {
    const e = (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .eValue */ .di)(state);
    const evidence = {
        test: 'sequential', baseline: baselineValue, bound: rho0, eValue: e, pValue: Math.min(1, rule.alpha / alpha / e), estimate: (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .ratioEstimate */ .S3)(state), interval: (0,_sequential_js__WEBPACK_IMPORTED_MODULE_1__/* .ratioInterval */ .zr)(state, rule.alpha),
        canaryRequests: state.canary.requests, baselineRequests: state.baseline.requests, requiredRequests: required,
    };
    const stats = statsOf(rule, state, e, alpha, label, evidence.interval ?? null, evidence.estimate ?? null);
    if (e >= 1 / alpha)
        return { ...base, verdict: 'fail', evidence, detail: `worse than ${label} by more than ${Math.round((rho0 - 1) * 100)}%: ${stats}` };
    if (have >= required)
        return { ...base, verdict: 'pass', evidence, detail: `no regression: ${stats}` };
    if (perInterval > 0 && opts.intervalMs)
        evidence.etaSeconds = Math.ceil(((required - have) / perInterval) * (opts.intervalMs / 1000));
    return { ...base, verdict: 'inconclusive', evidence, detail: `not enough evidence yet (${have} of ~${required} requests to detect ${fmtRatio(rule.detectRatio * rho0)}${evidence.etaSeconds !== undefined ? `, ~${evidence.etaSeconds}s more at this rate` : ''}): ${stats}` };
}
/** Sequential error-rate tests plan for at least this baseline rate (a perfect baseline would need infinite traffic). */
const MIN_PLANNED_RATE = 0.005;


/***/ }),

/***/ 2228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BL: () => (/* binding */ priorsFor),
/* harmony export */   h0: () => (/* binding */ describePriors),
/* harmony export */   iU: () => (/* binding */ profileAfter)
/* harmony export */ });
/* harmony import */ var _sequential_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2082);
/* harmony import */ var _analyse_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2472);


/** A profile forgets beyond this many requests (older counts scaled down), so it follows a version that drifts. */
const PROFILE_REQUESTS = 50_000;
/** The side of a canary's tests that measured `version`: the canary's own counts when promoted, stable's when aborted. */
function sideOf(state, promoted) {
    const latency = state.reference !== undefined || state.recent !== undefined;
    if (promoted)
        return latency ? { requests: state.canary.requests, events: 0, ...(state.recent ? { histogram: state.recent } : {}) } : { requests: state.canary.requests, events: state.canary.events };
    return latency ? { requests: state.baseline.requests, events: 0, ...(state.reference ? { histogram: state.reference } : {}) } : { requests: state.baseline.requests, events: state.baseline.events };
}
function merged(older, newer) {
    if (!older)
        return newer;
    const keep = Math.min(1, Math.max(0, PROFILE_REQUESTS - newer.requests) / Math.max(1, older.requests));
    const histogram = newer.histogram && older.histogram ? (0,_sequential_js__WEBPACK_IMPORTED_MODULE_0__/* .updateReference */ .Xp)(older.histogram.map(([u, n]) => [u, n * keep]), newer.histogram) : (newer.histogram ?? older.histogram);
    return { requests: Math.round(older.requests * keep) + newer.requests, events: Math.round(older.events * keep * 100) / 100 + newer.events, ...(histogram ? { histogram } : {}) };
}
/**
 * The environment's profile once a canary ends: a promoted canary's own measurements describe the new
 * stable version; an aborted one's baseline side adds to what is known of the stable version that stays.
 */
function profileAfter(previous, judgement, outcome, at) {
    const version = outcome.promoted ? outcome.canary : outcome.stable;
    if (!version || !judgement)
        return previous;
    const same = previous?.version === version;
    const metrics = same ? { ...previous.metrics } : {};
    for (const [name, state] of Object.entries(judgement.sequential)) {
        const side = sideOf(state, outcome.promoted);
        if (side.requests > 0)
            metrics[name] = merged(metrics[name], side);
    }
    if (Object.keys(metrics).length === 0)
        return same ? previous : null;
    return { version, metrics, at };
}
/** The priors a canary starts with: the profile's metrics that have seen enough, when it describes the version now stable. */
function priorsFor(profile, stable) {
    if (!profile || !stable || profile.version !== stable)
        return {};
    const enough = Object.entries(profile.metrics).filter(([, p]) => p.requests >= _analyse_js__WEBPACK_IMPORTED_MODULE_1__/* .PRIOR_MIN_REQUESTS */ .hj);
    return enough.length ? { priors: Object.fromEntries(enough) } : {};
}
/** The priors in words, for the log: "errors: 41 errors in 5,210 requests; latency: 5,210 requests". */
function describePriors(priors) {
    return Object.entries(priors).map(([name, p]) => `${name}: ${p.histogram ? `${p.requests} requests' latencies` : `${p.events} error(s) in ${p.requests} requests`}`).join('; ');
}


/***/ }),

/***/ 2082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bz: () => (/* binding */ requestsToDetectRate),
/* harmony export */   Hg: () => (/* binding */ REFERENCE_DECAY),
/* harmony export */   IN: () => (/* binding */ mixtureWeights),
/* harmony export */   Pt: () => (/* binding */ emptySequential),
/* harmony export */   S3: () => (/* binding */ ratioEstimate),
/* harmony export */   U5: () => (/* binding */ slowCounts),
/* harmony export */   Xp: () => (/* binding */ updateReference),
/* harmony export */   ZJ: () => (/* binding */ requestsForPower),
/* harmony export */   bc: () => (/* binding */ rateUpperBound),
/* harmony export */   di: () => (/* binding */ eValue),
/* harmony export */   f: () => (/* binding */ powerOf),
/* harmony export */   hf: () => (/* binding */ exposureSeen),
/* harmony export */   sG: () => (/* binding */ TARGET_POWER),
/* harmony export */   sw: () => (/* binding */ rateBounds),
/* harmony export */   yO: () => (/* binding */ updateCounts),
/* harmony export */   zj: () => (/* binding */ updateAgainstRate),
/* harmony export */   zr: () => (/* binding */ ratioInterval)
/* harmony export */ });
/* unused harmony exports RATIO_GRID, incompleteBeta, histogramQuantile, requestsToDetect, normalCdf */
// Anytime-valid sequential tests for judging a canary against its baseline (Lindon, Sanden, Shirikian,
// "Rapid Regression Detection in Software Deployments through Sequential Testing", KDD 2022). Pure
// functions: counts in, an e-value out. The e-value is a product of likelihood ratios over the
// intervals, mixed over a grid of alternatives; under the null (canary no worse than the baseline by
// more than the allowance) it is a nonnegative supermartingale, so by Ville's inequality the chance it
// ever reaches 1/alpha, however often it is looked at, is at most alpha. Kayenta's fixed-horizon
// Mann-Whitney test has no such guarantee when it is re-checked every interval.
/**
 * Alternatives mixed over, as multiples of the null ratio: a regression of 25% up to a hundred times. The
 * large ratios matter when the baseline hardly ever errs: then a regression is a canary that errs where
 * stable does not, and only they let each of its errors count for nearly all it is worth.
 */
const RATIO_GRID = [1.25, 1.5, 2, 3, 5, 10, 30, 100];
/** How much of the baseline's earlier histogram each interval keeps (an effective memory of five intervals). */
const REFERENCE_DECAY = 0.8;
/** The baseline's reference histogram after one more interval: the earlier one decayed, plus this one. */
function updateReference(previous, interval) {
    const merged = new Map();
    for (const [upper, n] of previous ?? [])
        if (n * REFERENCE_DECAY >= 0.01)
            merged.set(upper, n * REFERENCE_DECAY);
    for (const [upper, n] of interval)
        merged.set(upper, (merged.get(upper) ?? 0) + n);
    return [...merged].sort((a, b) => a[0] - b[0]).map(([upper, n]) => [upper, Math.round(n * 100) / 100]);
}
function emptySequential() {
    return { logLr: RATIO_GRID.map(() => 0), canary: { requests: 0, events: 0 }, baseline: { requests: 0, events: 0 }, intervals: 0, exposure: [] };
}
/** A record written with a smaller grid gets the new alternatives at 0 (their evidence starts now). */
function grid(logLr) {
    return logLr.length >= RATIO_GRID.length ? [...logLr] : [...logLr, ...RATIO_GRID.slice(logLr.length).map(() => 0)];
}
function exposureOf(state) {
    if (state.exposure)
        return state.exposure;
    const { canary, baseline } = state;
    const total = canary.requests + baseline.requests;
    return total > 0 ? [[Math.round((canary.requests / total) * 100) / 100, canary.requests, baseline.requests]] : [];
}
function addExposure(state, nc, nb) {
    const exposure = exposureOf(state).map((e) => [...e]);
    if (nc + nb <= 0)
        return exposure;
    const share = Math.round((nc / (nc + nb)) * 100) / 100;
    const bucket = exposure.find((e) => e[0] === share);
    if (bucket) {
        bucket[1] += nc;
        bucket[2] += nb;
    }
    else
        exposure.push([share, nc, nb]);
    return exposure;
}
/**
 * Adds one interval to a count test of H0: rate(canary) <= rho0 * rate(baseline). Given the interval's
 * total events, the canary's share is Binomial(total, p) with p = n_c*rho / (n_c*rho + n_b), so the
 * requests split (the canary's weight) may change from interval to interval. Each grid component's
 * likelihood ratio (rho1 = rho0 * g against rho0) has expectation at most 1 under H0.
 */
function updateCounts(state, obs, rho0) {
    const next = {
        logLr: grid(state.logLr),
        canary: { requests: state.canary.requests + obs.canaryRequests, events: state.canary.events + obs.canaryEvents },
        baseline: { requests: state.baseline.requests + obs.baselineRequests, events: state.baseline.events + obs.baselineEvents },
        intervals: state.intervals + 1,
        exposure: addExposure(state, Math.max(0, obs.canaryRequests), Math.max(0, obs.baselineRequests)),
    };
    const nc = obs.canaryRequests;
    const nb = obs.baselineRequests;
    if (nc <= 0 || nb <= 0 || obs.canaryEvents + obs.baselineEvents <= 0)
        return next;
    const p0 = (nc * rho0) / (nc * rho0 + nb);
    RATIO_GRID.forEach((g, k) => {
        const rho1 = rho0 * g;
        const p1 = (nc * rho1) / (nc * rho1 + nb);
        next.logLr[k] += obs.canaryEvents * Math.log(p1 / p0) + obs.baselineEvents * Math.log((1 - p1) / (1 - p0));
    });
    return next;
}
/**
 * The mixture e-value: equal weights over the grid unless given. Any fixed weights summing to 1 keep it an
 * e-process; weights on the alternatives that matter make those cheaper to detect.
 */
function eValue(state, weights) {
    const logLr = state.logLr;
    const w = weights ?? logLr.map(() => 1 / logLr.length);
    const max = Math.max(...logLr);
    const sum = logLr.reduce((s, l, k) => s + (w[k] ?? 0) * Math.exp(l - max), 0);
    return Math.exp(max + Math.log(sum));
}
/**
 * Mixture weights for a canary judged against stable: more than a share of its own for the planned
 * regression (detectRatio times the null) and for the largest ratio (a canary that errs where stable does
 * not, which is what minEffect catches when stable hardly errs), the rest spread evenly. Fixed by the rule,
 * so the same for every interval of a canary.
 *
 * With a prior (the stable version's error rate from earlier canaries), the material regression's ratio is
 * known before the canary's first request: half the weight goes to it. The weights are still fixed before
 * the canary's data, so the mixture stays an e-process whatever the prior says; a wrong prior costs power,
 * never a false abort.
 */
function mixtureWeights(detectRatio, materialRatio) {
    const nearest = (ratio) => RATIO_GRID.reduce((best, g, k) => (Math.abs(Math.log(g / ratio)) < Math.abs(Math.log(RATIO_GRID[best] / ratio)) ? k : best), 0);
    const last = RATIO_GRID.length - 1;
    const weights = RATIO_GRID.map(() => 0);
    const known = materialRatio !== undefined && materialRatio > 1 ? (Number.isFinite(materialRatio) ? nearest(materialRatio) : last) : undefined;
    const shares = known === undefined ? [[nearest(detectRatio), 0.35], [last, 0.25]] : [[known, 0.5], [nearest(detectRatio), 0.15], [last, 0.15]];
    for (const [k, w] of shares)
        weights[k] += w;
    const rest = RATIO_GRID.map((_, k) => k).filter((k) => weights[k] === 0);
    const left = 1 - weights.reduce((a, b) => a + b, 0);
    for (const k of rest)
        weights[k] += left / rest.length;
    return weights;
}
/** The canary's rate over the baseline's, from the accumulated counts (null when the baseline has no rate). */
function ratioEstimate(state) {
    const { canary, baseline } = state;
    if (canary.requests <= 0 || baseline.requests <= 0)
        return null;
    const rb = baseline.events / baseline.requests;
    const rc = canary.events / canary.requests;
    if (rb === 0)
        return rc === 0 ? 1 : Number.POSITIVE_INFINITY;
    return rc / rb;
}
/**
 * A (1 - alpha) interval for that ratio: Clopper-Pearson on the canary's share of all events, mapped
 * back to a ratio through the overall requests split. Shown with the decision; the decision itself
 * rests on the e-value alone.
 */
function ratioInterval(state, alpha) {
    const { canary, baseline } = state;
    const events = canary.events + baseline.events;
    if (canary.requests <= 0 || baseline.requests <= 0 || events <= 0)
        return null;
    const [lo, hi] = clopperPearson(canary.events, events, alpha);
    const toRatio = (p) => (p >= 1 ? Number.POSITIVE_INFINITY : (p / (1 - p)) * (baseline.requests / canary.requests));
    return [toRatio(lo), toRatio(hi)];
}
/**
 * A one-sided (1 - alpha) upper confidence bound for a rate measured as `events` out of `requests`
 * (Clopper-Pearson). Verify judges the new version against this bound rather than the point estimate:
 * the previous version's rate was measured once, before the switch, so it is uncertain too, and a test
 * against the point estimate as if it were known aborts good versions far more often than alpha.
 */
function rateUpperBound(events, requests, alpha) {
    if (requests <= 0)
        return 1;
    const x = Math.min(Math.max(0, Math.round(events)), requests);
    if (x >= requests)
        return 1;
    // Verify asks the same question every interval (one baseline per window): remember the last answer.
    const key = `${x}/${requests}/${alpha}`;
    if (lastBound.key !== key)
        Object.assign(lastBound, { key, value: betaQuantile(1 - alpha, x + 1, requests - x) });
    return lastBound.value;
}
const lastBound = { key: '', value: 1 };
function clopperPearson(x, n, alpha) {
    const lo = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
    const hi = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
    return [lo, hi];
}
/** Inverse of the regularized incomplete beta function, by bisection (plenty for display). */
function betaQuantile(q, a, b) {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (incompleteBeta(mid, a, b) < q)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}
function logGamma(x) {
    const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
    let y = x;
    const t = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
    let s = 1.000000000190015;
    for (const ci of c)
        s += ci / ++y;
    return -t + Math.log((2.5066282746310005 * s) / x);
}
/** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes). */
function incompleteBeta(x, a, b) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    const cf = (xx, aa, bb) => {
        let c = 1;
        let d = 1 - ((aa + bb) * xx) / (aa + 1);
        if (Math.abs(d) < 1e-30)
            d = 1e-30;
        d = 1 / d;
        let h = d;
        for (let m = 1; m <= 300; m++) {
            const m2 = 2 * m;
            let aa2 = (m * (bb - m) * xx) / ((aa + m2 - 1) * (aa + m2));
            d = 1 + aa2 * d;
            if (Math.abs(d) < 1e-30)
                d = 1e-30;
            c = 1 + aa2 / c;
            if (Math.abs(c) < 1e-30)
                c = 1e-30;
            d = 1 / d;
            h *= d * c;
            aa2 = (-(aa + m) * (aa + bb + m) * xx) / ((aa + m2) * (aa + m2 + 1));
            d = 1 + aa2 * d;
            if (Math.abs(d) < 1e-30)
                d = 1e-30;
            c = 1 + aa2 / c;
            if (Math.abs(c) < 1e-30)
                c = 1e-30;
            d = 1 / d;
            const del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 3e-12)
                break;
        }
        return h;
    };
    return x < (a + 1) / (a + b + 2) ? (front * cf(x, a, b)) / a : 1 - (front * cf(1 - x, b, a)) / b;
}
/**
 * Latency as counts: a request is slow when it takes longer than (1 + allowance) times the baseline's
 * q-quantile over the same interval (or that quantile plus minEffect, when larger). Under H0 (the canary no slower than the baseline scaled by the
 * allowance) the canary's share of slow requests is at most the baseline's share above its own
 * quantile, so the count test applies with rho0 = 1. Histograms are [upper bound ms, count] buckets;
 * counts inside a bucket are split linearly, the same way for both versions.
 */
function slowCounts(canary, baseline, q, allowance, minEffectMs = 0, reference) {
    const nb = baseline.reduce((s, [, n]) => s + n, 0);
    const nc = canary.reduce((s, [, n]) => s + n, 0);
    if (nb <= 0 || nc <= 0)
        return null;
    // The baseline's quantile from a longer look at it when given (a few intervals of a quiet site say more
    // than one); both versions are then counted against the same thresholds, so the test holds as before.
    const quantile = histogramQuantile(reference ?? baseline, q);
    if (quantile === null)
        return null;
    // A slowdown under minEffect is not worth catching: the threshold is the larger of the two allowances.
    const threshold = Math.max(quantile * (1 + allowance), quantile + minEffectMs);
    return { canaryRequests: nc, canaryEvents: countAbove(canary, threshold), baselineRequests: nb, baselineEvents: countAbove(baseline, quantile) };
}
function bounds(h) {
    const sorted = [...h].sort((a, b) => a[0] - b[0]);
    return sorted.map(([upper, n], i) => [i === 0 ? Math.min(upper, upper / 1.19) : sorted[i - 1][0], upper, n]);
}
function histogramQuantile(h, q) {
    const total = h.reduce((s, [, n]) => s + n, 0);
    if (total <= 0)
        return null;
    const rank = q * total;
    let seen = 0;
    for (const [lo, hi, n] of bounds(h)) {
        if (seen + n >= rank)
            return lo + (hi - lo) * Math.min(1, Math.max(0, (rank - seen) / n));
        seen += n;
    }
    return bounds(h).at(-1)?.[1] ?? null;
}
function countAbove(h, threshold) {
    let above = 0;
    for (const [lo, hi, n] of bounds(h)) {
        if (lo >= threshold)
            above += n;
        else if (hi > threshold)
            above += (n * (hi - threshold)) / (hi - lo);
    }
    return above;
}
/**
 * Traffic-aware planning: about how many requests, in all, a step needs to detect a regression of
 * `ratio` times the null at level alpha with roughly even odds or better, given the baseline's event
 * rate and the canary's share of traffic. The expected log-likelihood ratio per event must reach
 * log(1/alpha): events needed = log(1/alpha) / KL(p1 || p0).
 */
function requestsToDetect(opts) {
    const w = Math.min(0.99, Math.max(0.01, opts.canaryShare));
    const rate = Math.max(opts.baselineRate, 1e-4);
    const rho1 = opts.rho0 * opts.ratio;
    const p0 = (w * opts.rho0) / (w * opts.rho0 + (1 - w));
    const p1 = (w * rho1) / (w * rho1 + (1 - w));
    const kl = p1 * Math.log(p1 / p0) + (1 - p1) * Math.log((1 - p1) / (1 - p0));
    const events = Math.log(1 / opts.alpha) / kl;
    const eventsPerRequest = rate * (w * rho1 + (1 - w));
    return Math.ceil(events / eventsPerRequest);
}
/**
 * Adds one interval to a test against a known rate (verify, `compare: previous`: an upper confidence
 * bound on the previous version's rate measured before the switch): events ~ Poisson(requests * rate_new),
 * H0: rate_new <= rho0 * rate. Each grid component's Poisson likelihood ratio has expectation 1 at the
 * null's boundary and less inside it.
 */
function updateAgainstRate(state, obs, rate, rho0) {
    const next = {
        logLr: grid(state.logLr),
        canary: { requests: state.canary.requests + obs.requests, events: state.canary.events + obs.events },
        baseline: state.baseline,
        intervals: state.intervals + 1,
    };
    const base = Math.max(rate, 1e-6) * obs.requests;
    if (obs.requests <= 0)
        return next;
    RATIO_GRID.forEach((g, k) => {
        const rho1 = rho0 * g;
        next.logLr[k] += obs.events * Math.log(rho1 / rho0) - (rho1 - rho0) * base;
    });
    return next;
}
/** Requests a test against a known rate needs to detect `ratio` times the null at level alpha. */
function requestsToDetectRate(opts) {
    const rho1 = opts.rho0 * opts.ratio;
    const perRequest = Math.max(opts.rate, 1e-4) * (rho1 * Math.log(rho1 / opts.rho0) - (rho1 - opts.rho0));
    return Math.ceil(Math.log(1 / opts.alpha) / perRequest);
}
// ---------------------------------------------------------------------------------------------------
// Evidence both ways (issue 22): besides proving harm, the judge proves safety (an always-valid bound
// that excludes a material regression) and knows its power (whether what it has seen would have caught
// a material regression with high probability).
/** The power a final promotion needs: the test so far would have caught a material regression this often. */
const TARGET_POWER = 0.8;
/**
 * An always-valid (1 - alpha) confidence sequence for a rate measured as `events` out of `requests`:
 * Robbins' beta-binomial mixture martingale with Jeffreys' prior. The set {p : M_n(p) < 1/alpha} holds the
 * true rate at every n at once with probability at least 1 - alpha (Ville's inequality), so it may be
 * looked at after every interval. Counts may be fractional (slow shares split inside a histogram bucket).
 */
function rateBounds(events, requests, alpha) {
    const n = Math.max(0, requests);
    if (n <= 0)
        return [0, 1];
    const s = Math.min(Math.max(0, events), n);
    const prior = 0.5;
    const logMixture = logBeta(prior + s, prior + n - s) - logBeta(prior, prior);
    const logM = (p) => logMixture - (s > 0 ? s * Math.log(p) : 0) - (n - s > 0 ? (n - s) * Math.log(1 - p) : 0);
    const limit = Math.log(1 / alpha);
    const hat = s / n;
    const search = (inside, outside) => {
        let a = inside;
        let b = outside;
        for (let i = 0; i < 60; i++) {
            const mid = (a + b) / 2;
            if (logM(mid) < limit)
                a = mid;
            else
                b = mid;
        }
        return a;
    };
    const lo = s <= 0 ? 0 : search(hat, 0);
    const hi = s >= n ? 1 : search(hat, 1);
    return [lo, hi];
}
function logBeta(a, b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
}
/** Standard normal distribution function (Abramowitz and Stegun 26.2.17, error under 1e-7). */
function normalCdf(z) {
    const t = 1 / (1 + 0.2316419 * Math.abs(z));
    const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
    const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return z >= 0 ? 1 - tail : tail;
}
/**
 * The probability that the count test (mixture e-value against rho0, threshold 1/alpha) rejects by now
 * had the canary regressed as `alt` says, given the requests it has seen at each traffic split. Each
 * grid component's log likelihood ratio is a sum over Poisson event counts; its mean and variance give a
 * normal approximation, and the mixture reaches 1/alpha whenever a component of weight w reaches
 * 1/(w alpha) (the mixture is at least w times each), so the best component's chance is a conservative answer.
 */
function powerOf(exposure, rho0, alpha, alt, weights) {
    let best = 0;
    for (const [k, g] of RATIO_GRID.entries()) {
        const threshold = Math.log(1 / ((weights?.[k] ?? 1 / RATIO_GRID.length) * alpha));
        let mean = 0;
        let variance = 0;
        for (const [, nc, nb] of exposure) {
            if (nc <= 0 || nb <= 0)
                continue;
            const p0 = (nc * rho0) / (nc * rho0 + nb);
            const p1 = (nc * rho0 * g) / (nc * rho0 * g + nb);
            const a = Math.log(p1 / p0);
            const b = Math.log((1 - p1) / (1 - p0));
            const lc = nc * alt.canaryRate;
            const lb = nb * alt.baselineRate;
            mean += lc * a + lb * b;
            variance += lc * a * a + lb * b * b;
        }
        if (variance <= 0)
            continue;
        best = Math.max(best, normalCdf((mean - threshold) / Math.sqrt(variance)));
    }
    return best;
}
/**
 * More requests (canary and baseline together, at the canary's current share) the test needs before its
 * power against `alt` reaches `target`; Infinity when no amount within reason would do.
 */
function requestsForPower(exposure, share, rho0, alpha, alt, weights, target = TARGET_POWER) {
    const w = Math.min(0.99, Math.max(0.01, share));
    const withMore = (x) => powerOf([...exposure, [w, x * w, x * (1 - w)]], rho0, alpha, alt, weights);
    if (withMore(0) >= target)
        return 0;
    let hi = 64;
    while (withMore(hi) < target) {
        hi *= 2;
        if (hi > 1e10)
            return Number.POSITIVE_INFINITY;
    }
    let lo = 0;
    for (let i = 0; i < 40 && hi - lo > 1; i++) {
        const mid = (lo + hi) / 2;
        if (withMore(mid) >= target)
            hi = mid;
        else
            lo = mid;
    }
    return Math.ceil(hi);
}
/** The exposure a state has seen (older records: the totals at one share). */
function exposureSeen(state) {
    return exposureOf(state);
}


/***/ }),

/***/ 1257:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MG: () => (/* binding */ checkDatabase),
/* harmony export */   WL: () => (/* binding */ undoFor),
/* harmony export */   _r: () => (/* binding */ migrate),
/* harmony export */   dz: () => (/* binding */ contract),
/* harmony export */   eg: () => (/* binding */ backupBefore),
/* harmony export */   mz: () => (/* binding */ openPreviewDatabase),
/* harmony export */   tI: () => (/* binding */ dropPreviewDatabase)
/* harmony export */ });
// The flows' door to the database lifecycle. The lifecycle (and its PostgreSQL client code) is loaded
// only for an environment with a database section, as a chunk of its own, so an action whose
// environment has none neither carries it in its start-up bundle nor parses it. Without a database
// section each of these is what the lifecycle itself answers then: nothing.
const lifecycle = (x) => (x.target.environment.config.database ? __webpack_require__.e(/* import() */ 114).then(__webpack_require__.bind(__webpack_require__, 5114)) : undefined);
/** Before anything is written: a database section whose connection cannot work is refused up front. */
async function checkDatabase(x) {
    ;
    (await lifecycle(x))?.checkDatabase(x);
}
async function backupBefore(x, record) {
    return (await lifecycle(x))?.backupBefore(x, record);
}
async function migrate(x, record, starting) {
    return (await lifecycle(x))?.migrate(x, record, starting);
}
async function undoFor(x, from, to) {
    return (await lifecycle(x))?.undoFor(x, from, to);
}
async function contract(x, record) {
    return (await lifecycle(x))?.contract(x, record);
}
/** A preview's own database (previews.database): made before the migrations of its first deploy. */
async function openPreviewDatabase(x) {
    return x.target.environment.config.previews?.database ? (await __webpack_require__.e(/* import() */ 474).then(__webpack_require__.bind(__webpack_require__, 6093))).openPreviewDatabase(x) : undefined;
}
/** ...and dropped with the preview's teardown. */
async function dropPreviewDatabase(x) {
    return x.target.environment.config.previews?.database ? (await __webpack_require__.e(/* import() */ 474).then(__webpack_require__.bind(__webpack_require__, 6093))).dropPreviewDatabase(x) : undefined;
}


/***/ }),

/***/ 4351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handleComment: () => (/* binding */ handleComment)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/config/load.ts + 2 modules
var load = __webpack_require__(2779);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
;// CONCATENATED MODULE: ./shared/process/git.ts



/**
 * The commit a checkout holds (`git rev-parse HEAD` in it), or undefined when the folder is not a checkout's
 * root (no .git of its own, as in a CLI run outside a repository) or git cannot say.
 */
async function gitHead(workspace) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(workspace, '.git')))
        return undefined;
    try {
        const r = await (0,run/* runProgram */.mB)('git', ['rev-parse', '--verify', 'HEAD'], { cwd: workspace, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' }, timeoutMs: 10_000, label: 'git rev-parse HEAD' });
        const sha = r.stdout.trim();
        return r.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./shared/config/resolve.ts
var resolve = __webpack_require__(6433);
// EXTERNAL MODULE: ./shared/github/client.ts
var github_client = __webpack_require__(6317);
// EXTERNAL MODULE: ./shared/runtime/context.ts
var context = __webpack_require__(3538);
// EXTERNAL MODULE: ./shared/flows/version.ts
var flows_version = __webpack_require__(7884);
// EXTERNAL MODULE: ./shared/flows/resolve-first.ts
var resolve_first = __webpack_require__(6671);
;// CONCATENATED MODULE: ./shared/flows/entries.ts


// The actions' entries: read the config and resolve the environment, and only then load the operations
// (operations.ts and everything under it: state, providers, the judge, GitHub) in a chunk of their own. A
// run that resolves to no environment never loads them, so it starts at the bare toolkit action's speed.
const operations = () => __webpack_require__.e(/* import() */ 883).then(__webpack_require__.bind(__webpack_require__, 2883));
/**
 * deploy: resolve the environment, lock it, write an in-progress record, roll the version out with the
 * environment's strategy and record the result. On failure the previous version keeps serving.
 */
async function deploy(runtime, settings) {
    const known = Boolean(settings.version || settings.image || runtime.context.sha);
    const first = (0,resolve_first/* resolveFirst */.hn)(runtime, settings, known ? (0,flows_version/* chooseVersion */.E)(settings.version, settings.image, runtime.context) : undefined);
    if (first.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, first.reason, resolve_first/* DEPLOY_OUTPUTS */.bE);
        return { skipped: true };
    }
    return (await operations()).deploy(runtime, settings, first);
}
/**
 * canary-step: advances the environment's canary (SPEC section 5). Step state is written before traffic
 * changes; a re-run of the same job step resumes its step instead of advancing again.
 */
async function canaryStep(runtime, settings) {
    const first = (0,resolve_first/* resolveFirst */.hn)(runtime, settings);
    if (first.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, first.reason, ['decision', 'weight', 'step', 'analysis', 'reason']);
        return { skipped: true, decision: 'complete', weight: 0, step: null, reason: first.reason, analysis: [] };
    }
    return (await operations()).canaryStep(runtime, settings, first);
}
/**
 * rollback: a canary in flight is aborted (its traffic back to stable); otherwise the environment
 * returns to the last good version before the current one, or to `to`.
 */
async function rollback(runtime, settings) {
    const first = (0,resolve_first/* resolveFirst */.hn)(runtime, settings);
    if (first.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, first.reason, ['from-version', 'to-version', 'rolled-back']);
        return { skipped: true, rolledBack: false };
    }
    return (await operations()).rollback(runtime, settings, first);
}
/** report: the environment's state as a sticky comment, a summary and notifications. */
async function report(runtime, settings) {
    if (settings.slackWebhook)
        runtime.mask(settings.slackWebhook);
    if (settings.webhookUrl)
        runtime.mask(settings.webhookUrl);
    const first = resolveFirst(runtime, settings);
    if (first.kind === 'none') {
        reportNoEnvironment(runtime, first.reason, REPORT_OUTPUTS);
        return { skipped: true, notified: [] };
    }
    return (await Promise.all(/* import() */[__webpack_require__.e(117), __webpack_require__.e(403)]).then(__webpack_require__.bind(__webpack_require__, 1403))).report(runtime, settings, first);
}

// EXTERNAL MODULE: ./shared/flows/target.ts + 2 modules
var flows_target = __webpack_require__(2542);
// EXTERNAL MODULE: ./shared/flows/fork.ts
var fork = __webpack_require__(6358);
// EXTERNAL MODULE: ./shared/runtime/runtime.ts
var runtime_runtime = __webpack_require__(5917);
// EXTERNAL MODULE: ./shared/flows/comment-event.ts
var comment_event = __webpack_require__(3032);
// EXTERNAL MODULE: ./shared/config/schema-validate.ts
var schema_validate = __webpack_require__(6585);
// EXTERNAL MODULE: ./node_modules/marked/lib/marked.esm.js
var marked_esm = __webpack_require__(8022);
;// CONCATENATED MODULE: ./shared/github/comment-text.ts

// A comment is read as GitHub renders it (GFM, by a kept CommonMark parser), so only what a reader sees as
// a line of the comment's own prose can act: a line of a top-level paragraph. Fenced and indented code, HTML
// blocks and comments, block quotes, lists, headings, and anything folded in <details> never act, nor a
// line that starts inside an inline code span or HTML comment.
const MASK = '\u0000';
/** The first line of the comment's prose that starts with `prefix` (followed by nothing or a space). */
function proseLineStartingWith(body, prefix) {
    let tokens;
    try {
        tokens = new marked_esm/* Lexer */.JG({ gfm: true }).lex(body);
    }
    catch {
        return undefined;
    }
    let folded = 0;
    for (const token of tokens) {
        if (token.type === 'html') {
            folded += (token.raw.match(/<details\b/gi) ?? []).length - (token.raw.match(/<\/details\s*>/gi) ?? []).length;
            if (folded < 0)
                folded = 0;
            continue;
        }
        if (token.type !== 'paragraph' || folded > 0)
            continue;
        const raw = token.text;
        const masked = maskInline(raw, token.tokens ?? []);
        const lines = raw.split('\n');
        const maskedLines = masked.split('\n');
        for (let i = 0; i < lines.length; i++) {
            const seen = maskedLines[i]?.trim() ?? '';
            if (seen === prefix || seen.startsWith(`${prefix} `) || seen.startsWith(`${prefix}\t`))
                return lines[i].trim();
        }
    }
    return undefined;
}
/** `raw` with every inline code span and inline HTML (comments included) blanked, line breaks kept. */
function maskInline(raw, tokens) {
    let out = '';
    let cursor = 0;
    for (const t of tokens) {
        const at = raw.indexOf(t.raw, cursor);
        if (at < 0)
            continue;
        out += raw.slice(cursor, at);
        if (t.type === 'codespan' || t.type === 'html')
            out += t.raw.replace(/[^\n]/g, MASK);
        else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length)
            out += maskInline(t.raw, t.tokens);
        else
            out += t.raw;
        cursor = at + t.raw.length;
    }
    return out + raw.slice(cursor);
}

;// CONCATENATED MODULE: ./shared/flows/command-parse.ts





// The grammar of `/glidepath` commands in comments (docs/commands.md): a comment is untrusted text,
// parsed here into a closed set of words and checked against the environments the config names. What a
// command does, and who may ask for it, is command.ts's.
const COMMANDS = ['deploy', 'promote', 'abort', 'rollback', 'status', 'lock', 'unlock', 'help'];
const USAGE = [
    '/glidepath deploy [to <environment>] [override <reason>]',
    '/glidepath promote [<environment>]',
    '/glidepath abort [<environment>] [<reason>]',
    '/glidepath rollback [<environment>] [to <version>] [<reason>]',
    '/glidepath status [<environment>]',
    '/glidepath lock [<environment>] [<reason>]',
    '/glidepath unlock [<environment>]',
];
const MAX_LINE = 300;
const MAX_REASON = 200;
/** The comment's command: the first line of its prose (as GitHub renders it) that starts with /glidepath. */
function commandLine(body) {
    return proseLineStartingWith(body, comment_event/* COMMAND_PREFIX */.T);
}
function notUnderstood(message) {
    return new errors/* GlidepathError */.HT('GP-COMMAND-001', message, { fix: `Comment one of:\n${USAGE.join('\n')}` });
}
const freeText = (words) => {
    const text = words.join(' ').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    return text ? text.slice(0, MAX_REASON) : undefined;
};
/** Parses a command line against the environments the config names; throws GP-COMMAND-001 with the usage. */
function parseCommand(line, environments) {
    if (line.length > MAX_LINE)
        throw notUnderstood(`The command is ${line.length} characters long (at most ${MAX_LINE}).`);
    if (!line.startsWith(comment_event/* COMMAND_PREFIX */.T))
        throw notUnderstood(`"${line.slice(0, 40)}" does not start with ${comment_event/* COMMAND_PREFIX */.T}.`);
    const words = line.slice(comment_event/* COMMAND_PREFIX */.T.length).trim().split(/\s+/).filter(Boolean);
    const word = (words.shift() ?? 'help').toLowerCase();
    if (!COMMANDS.includes(word)) {
        const suggestion = (0,schema_validate/* didYouMean */.au)(word, COMMANDS);
        throw notUnderstood(`"${comment_event/* COMMAND_PREFIX */.T} ${word.slice(0, 40)}" is not a command${suggestion ? `; did you mean ${comment_event/* COMMAND_PREFIX */.T} ${suggestion}?` : '.'}`);
    }
    const name = word;
    const command = { name, line };
    const known = (w) => (w !== undefined && environments.includes(w) ? w : undefined);
    const takeEnvironment = () => {
        if (known(words[0]))
            command.environment = words.shift();
    };
    const noMore = () => {
        if (words.length)
            throw notUnderstood(`"${words.join(' ').slice(0, 60)}" after ${comment_event/* COMMAND_PREFIX */.T} ${name} is not understood${name === 'deploy' || name === 'promote' || name === 'status' || name === 'unlock' ? ` (environments: ${environments.join(', ')})` : ''}.`);
    };
    switch (name) {
        case 'deploy':
            if (words[0] === 'to') {
                words.shift();
                const env = words.shift();
                if (!known(env)) {
                    const suggestion = env ? (0,schema_validate/* didYouMean */.au)(env, environments) : undefined;
                    throw notUnderstood(`${env ? `"${env.slice(0, 60)}" is not an environment of this repository` : `${comment_event/* COMMAND_PREFIX */.T} deploy to needs an environment`}${suggestion ? `; did you mean ${suggestion}?` : ''} (environments: ${environments.join(', ')}).`);
                }
                command.environment = env;
            }
            else
                takeEnvironment();
            if (words[0] === 'override') {
                words.shift();
                command.override = freeText(words.splice(0));
                if (!command.override)
                    throw notUnderstood(`${comment_event/* COMMAND_PREFIX */.T} deploy ... override needs a reason (it is recorded and reported).`);
            }
            noMore();
            break;
        case 'rollback':
            takeEnvironment();
            if (words[0] === 'to') {
                words.shift();
                const version = words.shift() ?? '';
                try {
                    command.version = (0,flows_version/* checkVersion */.p)(version, 'rollback to');
                }
                catch (e) {
                    throw notUnderstood((0,errors/* toGlidepathError */.cL)(e).message);
                }
            }
            command.reason = freeText(words.splice(0));
            break;
        case 'abort':
        case 'lock':
            takeEnvironment();
            command.reason = freeText(words.splice(0));
            break;
        case 'promote':
        case 'status':
        case 'unlock':
            takeEnvironment();
            noMore();
            break;
        case 'help':
            break;
    }
    return command;
}
/** What a comment event carries, read defensively from the payload. */

// EXTERNAL MODULE: ./shared/report/markdown.ts
var markdown = __webpack_require__(216);
;// CONCATENATED MODULE: ./shared/flows/command.ts













const WRITERS = new Set(['admin', 'maintain', 'write']);
const DECISION_FIX = 'Pass the check phase\'s decision output, unchanged, as the run phase\'s decision input for the same comment (as .github/workflows/comment.yml does).';
function readDecision(raw, event) {
    let d;
    try {
        d = JSON.parse(raw);
    }
    catch {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-004', 'The decision input is not the JSON the check phase writes.', { fix: DECISION_FIX });
    }
    const ok = d && d.v === 1 && typeof d.comment === 'number' && typeof d.login === 'string' && typeof d.command === 'string' && COMMANDS.includes(d.command) &&
        typeof d.environment === 'string' && typeof d.sha === 'string' && /^[0-9a-f]{40,64}$/.test(d.sha) && typeof d.config === 'string';
    if (!ok)
        throw new errors/* GlidepathError */.HT('GP-COMMAND-004', 'The decision input is not the JSON the check phase writes (a field is missing or of the wrong kind).', { fix: DECISION_FIX });
    if (d.comment !== event.id) {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-004', `The decision input was made for comment ${d.comment}, not for this run's comment ${event.id}.`, { fix: DECISION_FIX });
    }
    return d;
}
/**
 * Without a decision, the run phase reads the policy from the workspace, which must then still be the
 * commit the event ran on (the default branch's, for issue_comment): a workspace moved to the pull request's
 * head would let the pull request's own config choose where its deploy goes.
 */
async function workspaceAtEventCommit(runtime) {
    const head = await gitHead(runtime.context.workspace);
    if (head === undefined || !runtime.context.sha || head === runtime.context.sha)
        return;
    throw new errors/* GlidepathError */.HT('GP-COMMAND-004', `The workspace holds commit ${head.slice(0, 12)}, not the default branch's ${runtime.context.sha.slice(0, 12)} this comment's run started on: its config cannot decide a command.`, {
        fix: 'Run the command action with phase: check on the default branch\'s checkout first, then check out the pull request\'s head and pass the check\'s decision output to phase: run (.github/workflows/comment.yml does).',
    });
}
/** Acts on one `issue_comment` event. Refusals are answered and return allowed false; a failed operation is answered, then thrown. */
async function handleComment(runtime, settings) {
    const ctx = runtime.context;
    if (ctx.eventName !== 'issue_comment') {
        throw new errors/* GlidepathError */.HT('GP-INPUT-001', `The command action answers issue_comment events; this run is a ${ctx.eventName || 'unknown'} event.`, {
            fix: 'Call it from a workflow with on: issue_comment: types: [created] (workflows-examples/comment-commands).',
        });
    }
    const event = (0,comment_event/* commentEvent */.K)(ctx.payload);
    const line = event ? commandLine(event.body) : undefined;
    if (!event || !line) {
        runtime.info('The comment holds no /glidepath command; nothing to do.');
        return { allowed: false };
    }
    if (event.action !== 'created') {
        runtime.notice(`An ${event.action || 'unknown'} comment never acts (only a new one does): ${line.slice(0, 80)}`, { title: 'Glidepath' });
        return { allowed: false };
    }
    const token = settings.commandToken ?? settings.token;
    if (!token) {
        throw new errors/* GlidepathError */.HT('GP-GITHUB-001', 'The command action needs a token to check the commenter\'s permission and to answer.', {
            fix: 'Leave the token input at its default (github.token) with permissions: { issues: write, pull-requests: write, deployments: write, contents: read }.',
        });
    }
    const client = new github_client/* GitHubClient */.j({ token, apiUrl: ctx.apiUrl, repository: ctx.repository, onRetry: (m) => runtime.warning(m) });
    const answer = new Answer(runtime, client, event, settings.phase);
    await answer.react('eyes');
    let command;
    try {
        if (!event.isPullRequest)
            throw notUnderstood(`${comment_event/* COMMAND_PREFIX */.T} commands are answered on pull requests; #${event.issue} is an issue.`);
        await authorise(client, event.login);
        const workspace = ctx.workspace;
        // The policy (environments, branch table, windows, freezes) is the default branch's: read from its
        // checkout by the check phase and carried to the run as the decision, never read again from a workspace
        // that may now hold the pull request's head.
        const decided = settings.decision !== undefined ? readDecision(settings.decision, event) : undefined;
        if (!decided && settings.phase === 'run')
            await workspaceAtEventCommit(runtime);
        const configText = decided?.config ?? (0,load/* readConfigText */.im)(workspace, settings.config);
        const config = (0,load/* loadWorkspaceConfig */._u)(workspace, settings.config, configText);
        command = parseCommand(line, Object.keys(config.environments));
        if (decided && (decided.command !== command.name || decided.login !== event.login)) {
            throw new errors/* GlidepathError */.HT('GP-COMMAND-004', `The decision passed to the run phase is for ${comment_event/* COMMAND_PREFIX */.T} ${decided.command} by @${decided.login}, not this comment's ${comment_event/* COMMAND_PREFIX */.T} ${command.name} by @${event.login}.`, { fix: DECISION_FIX });
        }
        if (command.name === 'help') {
            if (settings.phase === 'check')
                return { command, allowed: true };
            await answer.reply(`Glidepath commands (writers only; a fork's pull request deploys only where previews.forks allows it):\n\n\`\`\`\n${USAGE.join('\n')}\n\`\`\``);
            return { command, allowed: true, reply: answer.last };
        }
        const pr = await pullRequest(client, event.issue);
        if (command.name === 'deploy' && pr.state !== 'open')
            throw notUnderstood(`#${event.issue} is ${pr.state}: only an open pull request deploys.`);
        // The run deploys the commit the check phase saw (and the workflow checked out), even if the pull request moved since.
        const head = decided ? { ...pr, headSha: decided.sha } : pr;
        const asPr = asPullRequestRun(runtime, event, head);
        const environment = decided?.environment ?? command.environment ?? settings.environment ?? defaultEnvironment(runtime, config, asPr.context, command);
        // A fork's code deploys only to a preview whose config (the default branch's) allows it, without secrets (flows/fork.ts).
        const forkDenied = command.name === 'deploy' && pr.fromFork ? (0,fork/* forkRefusal */.b)(environment, config.environments[environment] ?? {}) : undefined;
        if (forkDenied) {
            throw new errors/* GlidepathError */.HT('GP-COMMAND-003', `#${event.issue} comes from a fork: ${forkDenied}. Nothing was deployed.`, {
                fix: 'Push the branch to this repository (a maintainer can) and comment again; or, to preview forks on a writer\'s word, set previews.forks: command on the pull-request environment (its release then sees only previews.forkSecrets of the runner\'s variables).',
            });
        }
        const resolved = (0,resolve/* resolveEnvironment */.g9)(config, asPr.context, environment);
        if (command.name === 'deploy' && pr.fromFork)
            runtime.warning(`Deploying a fork's code (#${event.issue}, ${head.headSha.slice(0, 12)}, pinned when @${event.login} asked) to ${environment}: it sees ${config.environments[environment]?.previews?.forkSecrets?.length ? `only ${config.environments[environment]?.previews?.forkSecrets?.join(', ')} of the runner's secrets` : 'none of the runner\'s secrets'}.`, { title: 'Glidepath: a fork\'s preview' });
        const outcome = {
            command, allowed: true, environment, sha: head.headSha, ref: `refs/heads/${pr.headRef}`,
            environmentName: resolved.kind === 'resolved' ? resolved.environment.name : environment,
        };
        runtime.info(`@${event.login} asked: ${comment_event/* COMMAND_PREFIX */.T} ${command.name} on ${environment}${command.name === 'deploy' ? ` (${pr.headRef} at ${head.headSha.slice(0, 12)})` : ''}.`);
        if (settings.phase === 'check') {
            return { ...outcome, decision: JSON.stringify({ v: 1, comment: event.id, login: event.login, command: command.name, environment, sha: head.headSha, config: configText }) };
        }
        const done = await dispatch(asPr, { ...settings, environment, configText }, command, event);
        await answer.reply(`✅ \`${comment_event/* COMMAND_PREFIX */.T} ${command.name}\` on **${environment}** by @${event.login}: ${done.text}`);
        await answer.react('rocket');
        return { ...outcome, reply: answer.last, result: done.result };
    }
    catch (e) {
        const err = (0,errors/* toGlidepathError */.cL)(e);
        // A refusal is the commenter's (not understood, no access, a fork); a decision that does not hold is the workflow's, and fails the step.
        const refused = err.code.startsWith('GP-COMMAND-') && err.code !== 'GP-COMMAND-004';
        await answer.reply(`${refused ? '🚫' : '❌'} ${(0,markdown/* codeSpan */.SS)(line.slice(0, 120))} by @${event.login}: **${err.code}** ${(0,markdown/* escapeMarkdown */.FV)(err.message)}${err.fix ? `\n\n${err.fix.includes('\n') ? (0,markdown/* codeBlock */.DV)(err.fix) : (0,markdown/* escapeMarkdown */.FV)(err.fix)}` : ''}`);
        await answer.react(refused ? '-1' : 'confused');
        if (refused) {
            runtime.warning(`${err.code}: ${err.message}`, { title: 'Glidepath command refused' });
            return { command, allowed: false, refusal: err, reply: answer.last };
        }
        throw err;
    }
}
/** Reactions and replies; in the check phase only refusals are answered (the run phase answers the rest). */
class Answer {
    runtime;
    client;
    event;
    phase;
    last;
    constructor(runtime, client, event, phase) {
        this.runtime = runtime;
        this.client = client;
        this.event = event;
        this.phase = phase;
    }
    async react(content) {
        if (this.phase === 'check' && content === 'rocket')
            return;
        try {
            await this.client.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { comment_id: this.event.id, content });
        }
        catch (e) {
            this.runtime.warning(`Could not react to the comment: ${(0,errors/* toGlidepathError */.cL)(e).headline()}`);
        }
    }
    async reply(text) {
        const run = (0,context/* runUrl */.Vp)(this.runtime.context);
        const body = `${text}${run ? `\n\n[Run](${run})` : ''}`;
        this.last = body;
        await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.event.issue, body });
    }
}
/** Write access, asked of the API: the author association in the payload says nothing about a team's grant. */
async function authorise(client, login) {
    if (!login || login.endsWith('[bot]')) {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-002', `${login || 'An unknown user'} is a bot: bots never run ${comment_event/* COMMAND_PREFIX */.T} commands.`, { fix: 'A person with write access comments the command.' });
    }
    let data;
    try {
        ;
        ({ data } = await client.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: login }));
    }
    catch (e) {
        // 404: GitHub knows no such collaborator (a deleted account, an outside user): no access, a refusal like any other.
        if ((0,errors/* toGlidepathError */.cL)(e).code !== 'GP-GITHUB-003')
            throw e;
        data = { permission: 'none' };
    }
    const permission = data.role_name ?? data.permission ?? 'none';
    if (!WRITERS.has(permission) && !WRITERS.has(data.permission ?? '')) {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-002', `@${login} has ${permission} access to this repository; ${comment_event/* COMMAND_PREFIX */.T} commands need write access.`, {
            fix: 'Ask someone with write access to comment the command, or ask a maintainer for write access.',
        });
    }
}
async function pullRequest(client, number) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number });
    const head = data.head.repo?.full_name;
    const base = data.base.repo?.full_name;
    return { headRef: data.head.ref, headSha: data.head.sha, baseRef: data.base.ref, state: data.state, title: data.title ?? '', fromFork: !head || !base || head !== base };
}
/** The run as if the pull request's own event had started it, by the commenter: the branch table, the head SHA, the records' actor. */
function asPullRequestRun(runtime, event, pr) {
    const context = {
        ...runtime.context,
        eventName: 'pull_request',
        // A writer's comment, not a push: previews.on tells the two apart (command).
        action: 'command',
        ref: `refs/heads/${pr.headRef}`,
        sha: pr.headSha,
        branch: pr.headRef,
        tag: undefined,
        actor: event.login,
        pr: { number: event.issue, title: pr.title, headRef: pr.headRef, headSha: pr.headSha, baseRef: pr.baseRef, state: pr.state, merged: false, fromFork: pr.fromFork },
    };
    return (0,runtime_runtime/* withContext */.eQ)(runtime, context);
}
function defaultEnvironment(runtime, config, ctx, command) {
    const resolution = (0,resolve/* resolveEnvironment */.g9)(config, ctx);
    if (resolution.kind === 'resolved') {
        runtime.info(`Environment ${resolution.environment.key}: ${resolution.environment.reason}.`);
        return resolution.environment.key;
    }
    throw notUnderstood(`Name the environment: ${resolution.reason} (environments: ${Object.keys(config.environments).join(', ')}), for example ${comment_event/* COMMAND_PREFIX */.T} ${command.name}${command.name === 'deploy' ? ' to' : ''} ${Object.keys(config.environments)[0] ?? '<environment>'}.`);
}
async function dispatch(runtime, settings, command, event) {
    // Named (by the comment or the input), or resolved again by the pull request's branch: the log says which.
    const common = { config: settings.config, configText: settings.configText, environment: settings.environment, lockTimeoutMs: settings.lockTimeoutMs, token: settings.token, state: settings.state };
    const why = (reason, fallback) => `${reason ?? fallback} (${comment_event/* COMMAND_PREFIX */.T} ${command.name} by @${event.login})`;
    switch (command.name) {
        case 'deploy': {
            const outcome = await deploy(runtime, { ...common, version: settings.version, image: settings.image, timeoutMs: settings.timeoutMs, dryRun: false, overrideWindow: command.override });
            const r = outcome.record;
            if (!r)
                return { text: 'nothing to deploy.' };
            return { text: r.phase === 'canary' ? `canary ${r.version} started at ${r.weights.canary}% of traffic; \`${comment_event/* COMMAND_PREFIX */.T} promote\` or \`${comment_event/* COMMAND_PREFIX */.T} abort\` decides it, or the next canary step.` : `${r.version} is live${outcome.environmentUrl ? ` at ${outcome.environmentUrl}` : ''}.`, result: r.version };
        }
        case 'promote':
        case 'abort': {
            const outcome = await canaryStep(runtime, { ...common, step: command.name, reason: command.name === 'abort' ? why(command.reason, 'aborted') : undefined, timeoutMs: settings.timeoutMs });
            return { text: `${outcome.decision}: ${(0,markdown/* escapeMarkdown */.FV)(outcome.reason)}`, result: outcome.decision };
        }
        case 'rollback': {
            const outcome = await rollback(runtime, { ...common, to: command.version, reason: why(command.reason, 'rolled back'), timeoutMs: settings.timeoutMs });
            return { text: outcome.rolledBack ? `rolled back from ${outcome.from ?? 'nothing'} to ${outcome.to}.` : `${outcome.to ?? 'nothing'} already serves; nothing changed.`, result: outcome.to };
        }
        case 'status':
            return { text: await command_status(runtime, common) };
        case 'lock':
        case 'unlock':
            return { text: await holdOrRelease(runtime, common, command, event.login, settings.timeoutMs) };
        case 'help':
            return { text: USAGE.join('; ') };
    }
}
async function openNamed(runtime, settings) {
    const targeting = await (0,flows_target/* openTarget */.Ap)(runtime, settings);
    if (targeting.kind === 'none')
        throw notUnderstood(`No environment: ${targeting.reason}.`);
    return targeting.target;
}
async function command_status(runtime, settings) {
    const target = await openNamed(runtime, settings);
    await (0,flows_target/* hydrateState */.vt)(runtime, target);
    const s = target.store.read();
    const last = s.records.at(-1);
    const lines = [
        `stable **${s.stable?.version ?? 'none'}**`,
        s.canary ? `canary **${s.canary.version}** at ${s.canary.weight}% (step ${s.canary.step})${s.canary.holding?.until ? `, waiting for a decision until ${s.canary.holding.until}` : ''}` : 'no canary',
        ...(s.standby ? [`standby ${s.standby.version}`] : []),
        ...(s.hold ? [`held by @${s.hold.by} since ${s.hold.since}${s.hold.reason ? ` (${(0,markdown/* escapeMarkdown */.FV)(s.hold.reason)})` : ''}`] : []),
        ...(last ? [`last: ${last.kind} of ${(0,markdown/* escapeMarkdown */.FV)(last.version)} ${last.status}${last.actor ? ` by @${last.actor}` : ''}${last.reason ? `, ${(0,markdown/* escapeMarkdown */.FV)(last.reason)}` : ''}`] : []),
    ];
    return lines.join('; ') + '.';
}
async function holdOrRelease(runtime, settings, command, login, timeoutMs) {
    const target = await openNamed(runtime, settings);
    const name = target.environment.name;
    const lock = await (0,flows_target/* lockTarget */.Nd)(runtime, target, command.name, settings.lockTimeoutMs, timeoutMs ?? target.environment.timeoutMs);
    try {
        const state = target.store.read();
        if (command.name === 'unlock') {
            if (!state.hold)
                return `${name} was not held; nothing changed.`;
            target.store.write({ ...state, hold: null });
            return `${name} is no longer held (it was held by @${state.hold.by}${state.hold.reason ? `: ${(0,markdown/* escapeMarkdown */.FV)(state.hold.reason)}` : ''}).`;
        }
        if (state.hold && state.hold.by !== login) {
            throw new errors/* GlidepathError */.HT('GP-LOCK-002', `${name} is already held by @${state.hold.by} since ${state.hold.since}${state.hold.reason ? ` (${state.hold.reason})` : ''}.`, {
                fix: `Ask @${state.hold.by} to comment ${comment_event/* COMMAND_PREFIX */.T} unlock ${name} first.`,
            });
        }
        target.store.write({ ...state, hold: { by: login, reason: command.reason ?? '', since: new Date().toISOString() } });
        return `${name} is held by @${login}${command.reason ? ` (${(0,markdown/* escapeMarkdown */.FV)(command.reason)})` : ''}: deploys and promotions by anyone else are refused until \`${comment_event/* COMMAND_PREFIX */.T} unlock ${name}\`; rollbacks and aborts never are.`;
    }
    finally {
        await lock.release();
    }
}


/***/ }),

/***/ 3438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fi: () => (/* binding */ abortCanary),
/* harmony export */   Fu: () => (/* binding */ rollBack),
/* harmony export */   OB: () => (/* binding */ endRollbackWindow),
/* harmony export */   Of: () => (/* binding */ rollOut),
/* harmony export */   js: () => (/* binding */ recoverInterrupted),
/* harmony export */   xQ: () => (/* binding */ tearDown),
/* harmony export */   zG: () => (/* binding */ promoteCanary)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _state_record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5975);
/* harmony import */ var _runtime_context_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3538);
/* harmony import */ var _github_integration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7858);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4772);
/* harmony import */ var _database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1257);
/* harmony import */ var _preview_front_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5406);
/* harmony import */ var _analysis_priors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2228);








const now = () => new Date().toISOString();
function intent(x, op, version, recordId) {
    return { op, version, from: x.target.store.read().stable?.version ?? null, recordId, startedAt: now(), pid: process.pid };
}
/**
 * The intent, written before anything changes, goes to the target too where the provider keeps the state
 * there (a host over SSH, a cluster): a run killed on a runner that is then gone leaves it where the next
 * run, on a fresh runner, reads it and finishes or undoes the operation.
 */
async function mirrorIntent(x) {
    const { provider, store } = x.target;
    if (!provider.saveState)
        return;
    try {
        await provider.saveState(store.read());
    }
    catch (e) {
        x.runtime.warning(`Could not write the intent to the ${provider.name} target: ${(0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e).headline()}`);
    }
}
/** The run's actor for a step record, when there is one. */
const actorOf = (x) => (x.runtime.context.actor ? { by: x.runtime.context.actor } : {});
function withDatabase(x, record, change) {
    const next = { ...record, database: { ...record.database, ...change } };
    x.target.store.saveRecord(next);
    return next;
}
/** Weight 0 first, then the canary is stopped; then the record says why. Safe to run twice. */
async function abortCanary(x, canary, reason, status = 'aborted') {
    const { store, provider, environment, github } = x.target;
    const state = store.read();
    store.write({ ...state, pending: intent(x, 'abort', canary.version, canary.recordId) });
    await mirrorIntent(x);
    if (status === 'aborted')
        await stepBack(x, canary);
    await provider.abort(canary.version, x.timeoutMs);
    const stable = store.read().stable?.version ?? null;
    const record = state.records.find((r) => r.id === canary.recordId);
    const automatic = environment.config.rollback?.automatic === true || status === 'rolled_back';
    const undone = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .undoFor */ .WL)(x, record, stable);
    const done = record
        ? (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)({ ...record, weights: { stable: 100, canary: 0 }, rollback: automatic ? { from: canary.version, to: stable ?? '', reason } : record.rollback, ...(undone ? { database: { ...record.database, ...undone } } : {}) }, status, reason)
        : undefined;
    // What this canary measured of the stable version that stays is history for the next one's judge.
    const profile = (0,_analysis_priors_js__WEBPACK_IMPORTED_MODULE_5__/* .profileAfter */ .iU)(store.read().profile, canary.judgement, { promoted: false, canary: canary.version, stable }, now());
    if (done)
        store.saveRecord(done, { canary: null, pending: null, profile });
    else
        store.write({ ...store.read(), canary: null, pending: null, profile });
    x.runtime.info(`Canary ${canary.version} ${status === 'superseded' ? 'superseded' : status === 'rolled_back' ? 'rolled back' : 'aborted'} on ${environment.name}: ${reason}. Traffic is back on ${stable ?? 'nothing'}.`);
    if (github && done?.deploymentId)
        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'abort', () => github.fail(done.deploymentId, `Canary ${canary.version} ${status === 'superseded' ? 'superseded' : 'aborted'}: ${reason}`));
    return done;
}
/**
 * canary.abort.steps: the canary's share moves back to stable in steps (its weights below the canary's,
 * highest first, a pause apart) before the abort takes the rest; a stable that is not ready stops it
 * first (the provider's abort then says why and keeps the split).
 */
async function stepBack(x, canary) {
    const cfg = x.target.environment.config.canary?.abort;
    const weights = (cfg?.steps ?? []).filter((w) => w < canary.weight);
    if (!weights.length)
        return;
    const observed = x.target.provider.observe ? await x.target.provider.observe().catch(() => undefined) : undefined;
    if (observed?.stable && !observed.stable.healthy) {
        x.runtime.warning(`Stable ${observed.stable.version} does not answer: the abort does not step back (canary.abort.steps); it moves back at once, once stable is ready.`);
        return;
    }
    // A canary that stopped answering is not kept on the way back.
    if (observed?.canary && !observed.canary.healthy)
        return;
    const pauseMs = x.target.environment.durations.canary.abortPause;
    x.runtime.info(`Abort of ${canary.version}: its ${canary.weight}% moves back in steps (${weights.map((w) => `${w}%`).join(', then ')}, then 0%), ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatDuration */ .a3)(pauseMs)} apart (canary.abort.steps).`);
    for (const w of weights) {
        await x.target.provider.setCanaryWeight(canary.version, w, x.timeoutMs);
        x.runtime.info(`  Abort: the canary ${canary.version} at ${w}%.`);
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .sleep */ .yy)(pauseMs);
    }
}
/**
 * rollback.window: how long the previous version keeps running after it stops serving (0: stopped at
 * once), when the provider runs its releases itself. Returns when the window ends, or undefined.
 */
function rollbackWindowEnd(x) {
    const ms = x.target.environment.durations.rollbackWindow;
    if (ms === undefined)
        return undefined;
    if (!x.target.provider.keepsPrevious) {
        x.runtime.info(`rollback.window does not apply to the ${x.target.provider.name} provider (it does not run the releases itself); the previous version is not kept.`);
        return undefined;
    }
    return ms > 0 ? new Date(Date.now() + ms).toISOString() : undefined;
}
/** What the state keeps warm after a version went live: a blue-green standby, or the previous version for the rollback window. */
function standbyAfter(kept, until, strategy) {
    if (!kept)
        return null;
    return strategy === 'blue-green' ? { version: kept } : { version: kept, ...(until ? { until } : {}) };
}
function sayKept(x, kept) {
    x.runtime.info(`${kept.version} keeps running without traffic until ${kept.until} (rollback.window): a rollback to it within the window is one router switch.`);
}
/** The canary takes 100% and becomes stable. */
async function promoteCanary(x, canary, record, reason, verifying = false) {
    const { store, provider, environment, github } = x.target;
    store.saveRecord(record, { canary: { ...canary, weight: 100, applied: false }, pending: intent(x, 'promote', canary.version, record.id) });
    await mirrorIntent(x);
    // Within a rollback window the old stable keeps running: a rollback is then one router switch.
    const until = rollbackWindowEnd(x);
    const previous = store.read().stable?.version;
    await provider.promote(canary.version, x.timeoutMs, until ? { keepPrevious: true } : undefined);
    const kept = until && previous && previous !== canary.version ? { version: previous, until } : null;
    if (kept)
        sayKept(x, kept);
    const steps = environment.config.canary?.steps ?? [];
    const final = { step: steps.length - 1, weight: 100, at: now(), decision: 'promote', reason, ...actorOf(x) };
    // The canary's own measurements describe the version that is stable from now on.
    const profile = (0,_analysis_priors_js__WEBPACK_IMPORTED_MODULE_5__/* .profileAfter */ .iU)(store.read().profile, canary.judgement, { promoted: true, canary: canary.version, stable: previous ?? null }, now());
    const promoted = { ...record, liveAt: now(), step: steps.length - 1, weights: { stable: 100, canary: 0 }, steps: [...record.steps.filter((s) => s.step !== final.step), final], reason, ...(kept ? { rollbackWindow: kept } : {}) };
    if (verifying) {
        const live = { ...promoted, phase: 'verifying' };
        store.saveRecord(live, { canary: null, stable: { version: canary.version, recordId: live.id }, standby: kept, profile, pending: intent(x, 'verify', canary.version, live.id) });
        x.runtime.info(`Canary ${canary.version} promoted (${reason}); its verify window starts.`);
        if (github && live.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'verifying', () => github.progress(live.deploymentId, `Canary ${canary.version} promoted; verifying`));
        return live;
    }
    let done = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)({ ...promoted, phase: 'stable' }, 'success', reason);
    store.saveRecord(done, { canary: null, stable: { version: canary.version, recordId: done.id }, standby: kept, profile, pending: null });
    const contracted = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .contract */ .dz)(x, done);
    if (contracted)
        done = withDatabase(x, done, { contract: contracted });
    if (github && done.deploymentId)
        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'promote', () => github.succeed(done.deploymentId, environment, `Canary ${canary.version} promoted to 100%`));
    x.runtime.info(`Canary ${canary.version} promoted: it is now the stable version of ${environment.name} (${reason}).`);
    return done;
}
/**
 * A new version onto the platform: the record and the intent first, then the GitHub deployment (a
 * refused token stops here, before anything changes), then the provider. On failure the provider has
 * left the previous version serving; the record says why.
 */
async function rollOut(x, plan) {
    const { store, provider, environment, github } = x.target;
    const ctx = x.runtime.context;
    const previous = store.read().stable?.version ?? null;
    let record = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .newRecord */ .M)({
        kind: 'deploy', environment: environment.name, version: plan.version, previousVersion: previous,
        image: plan.image, strategy: plan.strategy, provider: environment.provider, url: environment.url,
        ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: (0,_runtime_context_js__WEBPACK_IMPORTED_MODULE_7__/* .runUrl */ .Vp)(ctx), transition: plan.transition,
        ...(plan.initial ? { initial: true, reason: 'first deploy: nothing to compare against, so it went straight to 100%' } : {}),
        ...(plan.windowOverride ? { windowOverride: plan.windowOverride } : {}),
    });
    const { ttl, idle } = environment.durations.previews;
    if (ttl !== undefined && ctx.pr)
        record = { ...record, expiresAt: new Date(Date.parse(record.startedAt) + ttl).toISOString() };
    if (idle !== undefined && ctx.pr)
        record = { ...record, sleepsAfter: (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatDuration */ .a3)(idle) };
    store.saveRecord(record, { pending: intent(x, 'deploy', plan.version, record.id) });
    await mirrorIntent(x);
    if (github) {
        try {
            record = { ...record, deploymentId: await github.start(record, environment, plan.initial ? `First deploy of ${plan.version}: straight to 100%` : `Deploying ${plan.version} with ${plan.rollout}`) };
            store.saveRecord(record);
        }
        catch (e) {
            const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e);
            store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)(record, 'failure', `${err.code}: ${err.message}`), { pending: null });
            throw err;
        }
    }
    let result;
    const until = plan.rollout === 'rolling' ? rollbackWindowEnd(x) : undefined;
    try {
        // The database first: a preview's own made, a backup before anything changes, then migrations before any traffic moves.
        const preview = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .openPreviewDatabase */ .mz)(x);
        if (preview)
            record = withDatabase(x, record, { preview });
        const backup = preview?.created ? undefined : await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .backupBefore */ .eg)(x, record);
        if (backup)
            record = withDatabase(x, record, { backup });
        const migration = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .migrate */ ._r)(x, record, (intent) => { record = withDatabase(x, record, { migration: intent }); });
        if (migration)
            record = withDatabase(x, record, { migration });
    }
    catch (e) {
        const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e);
        store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)(record, 'failure', `${err.code}: ${err.message}`), { pending: null });
        if (github && record.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'failure', () => github.fail(record.deploymentId, `${err.code}: ${err.message}`));
        throw err;
    }
    try {
        result = await provider.deploy({ version: plan.version, previousVersion: previous, image: plan.image, strategy: plan.rollout, canaryWeight: plan.canaryWeight, timeoutMs: x.timeoutMs, ...(until ? { keepPrevious: true } : {}) });
    }
    catch (e) {
        const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e);
        // The previous version serves again: the schema goes back to what it expects (down, restore).
        let undone;
        try {
            undone = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .undoFor */ .WL)(x, record, previous);
        }
        catch (dbError) {
            x.runtime.warning(`After the failed rollout: ${(0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(dbError).headline()}`);
        }
        // A standby of the same version was restarted for this deploy, and the failure stopped it.
        const standby = store.read().standby;
        store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)(undone ? { ...record, database: { ...record.database, ...undone } } : record, 'failure', `${err.code}: ${err.message}`), { pending: null, ...(standby?.version === plan.version ? { standby: null } : {}) });
        if (github && record.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'failure', () => github.fail(record.deploymentId, `${err.code}: ${err.message}`));
        throw err;
    }
    const standby = standbyAfter(result.standby, until, plan.rollout);
    if (standby?.until)
        sayKept(x, { version: standby.version, until: standby.until });
    record = { ...record, slot: result.slot, ...(result.resources?.length ? { resources: result.resources } : {}), ...(standby?.until ? { rollbackWindow: { version: standby.version, until: standby.until } } : {}) };
    if (plan.rollout === 'canary') {
        record = { ...record, phase: 'canary', step: 0, weights: { stable: 100 - plan.canaryWeight, canary: plan.canaryWeight },
            steps: [{ step: 0, weight: plan.canaryWeight, at: now(), decision: 'continue', reason: 'canary started', ...actorOf(x) }] };
        // A standby of the same version was restarted as the canary: it is no longer a standby.
        const warm = store.read().standby;
        store.saveRecord(record, { canary: { version: plan.version, recordId: record.id, weight: plan.canaryWeight, step: 0, applied: true }, standby: warm?.version === plan.version ? null : warm ?? null, pending: null });
        x.runtime.info(`Canary ${plan.version} started at step 0 with ${plan.canaryWeight}% of traffic; advance it with canary-step.`);
        if (github && record.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'canary started', () => github.progress(record.deploymentId, `Canary ${plan.version} at ${plan.canaryWeight}% (step 0)`));
        return { record, result };
    }
    if (plan.verifying) {
        record = { ...record, phase: 'verifying', liveAt: now(), weights: { stable: 100, canary: 0 } };
        store.saveRecord(record, { stable: { version: plan.version, recordId: record.id }, canary: null, standby, pending: intent(x, 'verify', plan.version, record.id) });
        x.runtime.info(`${plan.version} is live on ${environment.name}; its verify window starts.`);
        if (github && record.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'verifying', () => github.progress(record.deploymentId, `${plan.version} is live; verifying`));
        return { record, result };
    }
    record = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)({ ...record, phase: 'stable', liveAt: now(), weights: { stable: 100, canary: 0 } }, 'success');
    store.saveRecord(record, { stable: { version: plan.version, recordId: record.id }, canary: null, standby, pending: null });
    x.runtime.info(plan.initial ? `${plan.version} is live on ${environment.name}: first deploy, straight to 100% (${plan.strategy === 'canary' ? 'a canary needs a stable version to compare against' : plan.strategy}).` : `${plan.version} is live on ${environment.name}.`);
    if (github && record.deploymentId)
        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'success', () => github.succeed(record.deploymentId, environment, plan.initial ? `${plan.version} is live (first deploy, straight to 100%)` : `${plan.version} is live (${plan.rollout})`, environment.url ?? result.url));
    return { record, result };
}
/** The environment serves `to` again instead of `from`; the version rolled away from is marked. */
async function rollBack(x, to, from, reason, transition, markRolledAway) {
    const { store, environment, github } = x.target;
    const ctx = x.runtime.context;
    const state = store.read();
    let record = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .newRecord */ .M)({
        kind: 'rollback', environment: environment.name, version: to, previousVersion: from,
        strategy: environment.strategy, provider: environment.provider, url: environment.url, reason, transition,
        rollback: { from: from ?? '', to, reason }, ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: (0,_runtime_context_js__WEBPACK_IMPORTED_MODULE_7__/* .runUrl */ .Vp)(ctx),
    });
    store.saveRecord(record, { pending: intent(x, 'rollback', to, record.id) });
    await mirrorIntent(x);
    if (github) {
        const sha = [...state.records].reverse().find((r) => r.version === to && r.sha)?.sha;
        try {
            record = { ...record, sha: sha ?? record.sha, deploymentId: await github.start({ ...record, sha: sha ?? record.sha }, environment, `Rolling back to ${to}: ${reason}`) };
            store.saveRecord(record);
        }
        catch (e) {
            const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e);
            store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)(record, 'failure', `${err.code}: ${err.message}`), { pending: null });
            throw err;
        }
    }
    return completeRollback(x, record, from, markRolledAway);
}
async function completeRollback(x, record, from, markRolledAway) {
    const { store, provider, environment, github } = x.target;
    const to = record.version;
    try {
        await provider.rollback(to, from, x.timeoutMs);
    }
    catch (e) {
        const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e);
        store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)(record, 'failure', `${err.code}: ${err.message}`), { pending: null });
        if (github && record.deploymentId)
            await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'rollback failure', () => github.fail(record.deploymentId, `${err.code}: ${err.message}`));
        throw err;
    }
    // The version rolled away from took its migrations with it: undone once traffic is back on `to`.
    const fromRecord = [...store.read().records].reverse().find((r) => r.kind === 'deploy' && r.version === from && r.database);
    const undone = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .undoFor */ .WL)(x, fromRecord, to);
    if (fromRecord && undone)
        store.saveRecord({ ...fromRecord, database: { ...fromRecord.database, ...undone } });
    const done = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)({ ...record, phase: 'stable', liveAt: now(), ...(undone ? { database: undone } : {}) }, 'success');
    if (github && done.deploymentId)
        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'rollback success', () => github.succeed(done.deploymentId, environment, `Rolled back to ${to}: ${record.reason ?? ''}`));
    const next = store.saveRecord(done, { stable: { version: to, recordId: done.id }, standby: null, pending: null });
    if (markRolledAway && from) {
        const bad = [...next.records].reverse().find((r) => r.version === from && r.status === 'success' && r.id !== done.id);
        if (bad)
            store.saveRecord({ ...bad, status: 'rolled_back', reason: `rolled back to ${to}: ${record.reason ?? ''}` });
    }
    x.runtime.info(`${to} serves ${environment.name} again.`);
    return done;
}
/** Everything the environment runs stops; its history stays. Safe to run twice. */
async function tearDown(x, reason = 'environment torn down') {
    const { store, provider, environment, github } = x.target;
    const state = store.read();
    const current = state.canary?.version ?? state.stable?.version ?? null;
    let record = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .newRecord */ .M)({ kind: 'teardown', environment: environment.name, version: current ?? '', previousVersion: current, strategy: environment.strategy, provider: environment.provider, url: environment.url, reason: 'teardown', transition: 'teardown' });
    store.saveRecord(record, { pending: intent(x, 'teardown', current ?? '', record.id) });
    await mirrorIntent(x);
    await (0,_preview_front_js__WEBPACK_IMPORTED_MODULE_4__/* .leaveFront */ .D)(x.runtime, x.target);
    await provider.teardown(x.timeoutMs);
    const preview = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .dropPreviewDatabase */ .tI)(x);
    if (preview)
        record = { ...record, database: { preview } };
    if (github)
        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'teardown', async () => x.runtime.info(`Marked ${await github.deactivateAll(environment, reason)} GitHub deployment(s) of ${environment.name} inactive.`));
    record = (0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)({ ...record, weights: { stable: 0, canary: 0 } }, 'inactive', reason);
    const next = store.saveRecord(record, { stable: null, canary: null, standby: null, pending: null });
    for (const r of next.records)
        if (r.status === 'success' || r.status === 'in_progress')
            store.saveRecord({ ...r, status: 'inactive' });
    x.runtime.info(`${environment.name} is torn down${current ? ` (it ran ${current})` : ''}.`);
    return record;
}
/**
 * A run that died mid-operation left its intent in the state. Under the lock, the next run finishes
 * what can only go forward (rollback, promote, abort, teardown: their target is known and safe) and
 * undoes a deploy (the version never finished its checks, so the stable version is restored). Then,
 * after any interrupted run (an intent left, a lock whose holder is gone), whatever the provider runs
 * beyond what the state names is stopped.
 */
async function recoverInterrupted(x, staleLock = false) {
    const { store, provider, environment, github } = x.target;
    const state = store.read();
    const p = state.pending;
    if (!p && !staleLock && state.canary?.applied !== false)
        return;
    // A dead run's commands go first: nothing it started may still be placing a version while this run recovers.
    await provider.stopStrays?.();
    if (p) {
        const record = state.records.find((r) => r.id === p.recordId);
        x.runtime.warning(`${p.op === 'abort' ? 'An' : 'A'} ${p.op} of ${p.version || environment.name} on ${environment.name} was interrupted (its run, pid ${p.pid}, stopped before finishing); ${p.op === 'deploy' ? 'undoing it' : 'finishing it'} first.`);
        switch (p.op) {
            case 'deploy': {
                if (state.canary?.recordId === p.recordId || state.stable?.recordId === p.recordId)
                    break;
                const stable = state.stable?.version ?? null;
                const asCanary = record?.strategy === 'canary' && !record.initial;
                if (asCanary)
                    await provider.abort(p.version, x.timeoutMs);
                else if (stable)
                    await provider.rollback(stable, p.version, x.timeoutMs);
                else
                    await provider.teardown(x.timeoutMs);
                // A standby survives only an undone canary of another version: the deploy restarted a standby of
                // its own version, and a rollback to the stable version keeps nothing else running.
                if (state.standby && (!asCanary || state.standby.version === p.version))
                    store.write({ ...store.read(), standby: null });
                try {
                    const undone = await (0,_database_on_demand_js__WEBPACK_IMPORTED_MODULE_6__/* .undoFor */ .WL)(x, record, stable);
                    if (record && undone)
                        Object.assign(record, { database: { ...record.database, ...undone } });
                }
                catch (e) {
                    x.runtime.warning(`Undoing the interrupted deploy's migrations: ${(0,_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toGlidepathError */ .cL)(e).headline()}`);
                }
                if (record) {
                    store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)(record, 'failure', `interrupted: the run deploying ${p.version} stopped before it finished; ${stable ? `${stable} was restored` : 'nothing had gone live'}`));
                    if (github && record.deploymentId)
                        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'interrupted deploy', () => github.fail(record.deploymentId, `Interrupted before it finished; ${stable ?? 'nothing'} serves`, 'error'));
                }
                break;
            }
            case 'rollback':
                if (record && record.status === 'in_progress')
                    await completeRollback(x, record, p.from, true);
                break;
            case 'promote':
                if (state.canary && record)
                    await promoteCanary(x, state.canary, record, 'promotion interrupted and completed by the next run');
                break;
            case 'abort':
                if (state.canary)
                    await abortCanary(x, state.canary, 'abort interrupted and completed by the next run');
                break;
            case 'teardown':
                await tearDown(x, 'teardown interrupted and completed by the next run');
                break;
            case 'verify':
                // The version went live; only its watch was cut short. It stays, and the record says so.
                if (record && record.status === 'in_progress') {
                    store.saveRecord((0,_state_record_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O)({ ...record, phase: 'stable', verify: { result: 'interrupted', window: '', reason: 'the run watching it stopped before the verify window ended' } }, 'success', 'verify window interrupted; the version stays live'));
                    if (github && record.deploymentId)
                        await (0,_github_integration_js__WEBPACK_IMPORTED_MODULE_2__/* .tellGitHub */ .X)(x.runtime, 'verify interrupted', () => github.succeed(record.deploymentId, environment, `${record.version} is live (verify window interrupted)`));
                }
                break;
        }
        const after = store.read();
        if (after.pending)
            store.write({ ...after, pending: null });
    }
    const named = namedVersions(store.read());
    await provider.prune?.(named);
}
/**
 * A rollback window that ended: the version kept for it is no longer named, and stops (under the lock, at
 * the start of the first run after the window; nothing runs between runs to stop it sooner).
 */
async function endRollbackWindow(x) {
    const { store, provider } = x.target;
    const warm = store.read().standby;
    if (!warm?.until || Date.parse(warm.until) > Date.now())
        return;
    store.write({ ...store.read(), standby: null });
    x.runtime.info(`The rollback window of ${warm.version} ended at ${warm.until}: it is stopped now.`);
    await provider.prune?.(namedVersions(store.read()));
}
/** The versions the state says should be running. */
function namedVersions(state) {
    return [state.stable?.version, state.canary?.version, state.standby?.version].filter((v) => Boolean(v));
}


/***/ }),

/***/ 6358:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ processEnv),
/* harmony export */   b: () => (/* binding */ forkRefusal)
/* harmony export */ });
// A fork's pull request and its preview (previews.forks: command): a fork's own events never open one;
// a writer's /glidepath deploy comment may, to a pull-request environment that allows it; and then the
// fork's code (its release, the config's scripts run on it, its migrations) sees none of the runner's
// secrets unless previews.forkSecrets names them.
// The runner's variables a fork's preview always gets (previews.forks: command): what a program needs
// to run and the run's public facts; never a token, a secret or the preview secret.
const FORK_SAFE = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TERM|CI|RUNNER_(OS|ARCH|TEMP)|GITHUB_(ACTIONS|REPOSITORY|REPOSITORY_OWNER|SHA|REF|REF_NAME|HEAD_REF|BASE_REF|RUN_ID|RUN_NUMBER|RUN_ATTEMPT|SERVER_URL|EVENT_NAME|ACTOR|WORKSPACE|JOB|WORKFLOW))$/;
/**
 * The runner's variables a preview's processes (its release, the config's scripts, its database steps)
 * get: never the preview secret, from which every preview's token is made (Glidepath reads it itself);
 * for a fork's preview only the safe few and previews.forkSecrets (a fork's code is a stranger's).
 * Other environments get `env` unchanged.
 */
function processEnv(ctx, config, env) {
    const previews = config.previews;
    if (!previews || !config.pullRequests)
        return env;
    const secret = previews.secretEnv ?? 'GLIDEPATH_PREVIEW_SECRET';
    const allowed = new Set(previews.forkSecrets ?? []);
    const fork = Boolean(ctx.pr?.fromFork);
    return Object.fromEntries(Object.entries(env).filter(([k]) => k !== secret && (!fork || FORK_SAFE.test(k) || allowed.has(k))));
}
/** Why a writer's /glidepath deploy on a fork's pull request may not deploy to this environment; undefined when it may. */
function forkRefusal(key, config) {
    const p = config.previews;
    if (!config.pullRequests)
        return `a fork's code only ever deploys to a pull-request preview, and ${key} is not one`;
    if (p?.forks !== 'command')
        return `environments.${key}.previews.forks is not command, so a fork's pull request never gets a preview`;
    const urlEnv = config.database?.postgres?.urlEnv ?? 'DATABASE_URL';
    if (config.database && !p.forkSecrets?.includes(urlEnv))
        return `${key}'s previews have a database, whose steps would run the fork's migrations, and previews.forkSecrets does not list ${urlEnv}`;
    return undefined;
}


/***/ }),

/***/ 5406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ leaveFront),
/* harmony export */   k: () => (/* binding */ joinFront)
/* harmony export */ });
/* harmony import */ var _template_render_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9273);
/* harmony import */ var _config_resolve_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6433);
/* harmony import */ var _traffic_local_front_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2211);



function frontOf(target) {
    const host = target.environment.config.previews?.host;
    return host ? new _traffic_local_front_js__WEBPACK_IMPORTED_MODULE_2__/* .PreviewFront */ .G(target.stateDir, target.environment.key, host) : undefined;
}
/** After a preview's deploy: it answers at its host name through the front; says where. */
async function joinFront(runtime, target) {
    const front = frontOf(target);
    const own = front && (0,_traffic_local_front_js__WEBPACK_IMPORTED_MODULE_2__/* .ownRouterUrl */ .v)(target.store.dir);
    if (!front || !own)
        return undefined;
    const { environment } = target;
    const host = (0,_template_render_js__WEBPACK_IMPORTED_MODULE_0__/* .render */ .XX)(environment.config.previews?.host?.name, (0,_config_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .templateContext */ .WX)(runtime.context, (0,_config_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .environmentFields */ .pj)(environment)), `environments.${environment.key}.previews.host.name`).toLowerCase();
    await front.join({ name: environment.name, host, url: own }, (m) => runtime.info(m));
    runtime.info(`${environment.name} answers at ${host} through the preview front ${front.url} (also with the header x-glidepath-preview-name: ${environment.name}, or under ${front.url}/${environment.name}/).`);
    return host;
}
/** With a preview's teardown: out of the front (which stops when the last preview leaves). */
async function leaveFront(runtime, target) {
    const front = frontOf(target);
    if (front && (await front.leave(target.environment.name, (m) => runtime.info(m))))
        runtime.info(`${target.environment.name} left the preview front ${front.url}.`);
}


/***/ }),

/***/ 6671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eg: () => (/* binding */ REPORT_OUTPUTS),
/* harmony export */   bE: () => (/* binding */ DEPLOY_OUTPUTS),
/* harmony export */   hn: () => (/* binding */ resolveFirst),
/* harmony export */   pU: () => (/* binding */ reportNoEnvironment)
/* harmony export */ });
/* unused harmony export parseStepRequest */
/* harmony import */ var _config_load_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2779);
/* harmony import */ var _config_resolve_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6433);
/* harmony import */ var _report_md_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7408);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7364);




function resolveFirst(runtime, settings, version) {
    const config = (0,_config_load_js__WEBPACK_IMPORTED_MODULE_0__/* .loadWorkspaceConfig */ ._u)(runtime.context.workspace, settings.config, settings.configText);
    const resolution = (0,_config_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveEnvironment */ .g9)(config, runtime.context, settings.environment, version);
    return resolution.kind === 'none' ? { kind: 'none', reason: resolution.reason } : { kind: 'resolved', config, environment: resolution.environment };
}
/** Nothing to do here: a notice, every output empty, skipped true, and a one-line summary. */
function reportNoEnvironment(runtime, reason, outputs) {
    runtime.notice(`Nothing to deploy: ${reason}.`, { title: 'Glidepath' });
    for (const o of outputs)
        runtime.setOutput(o, '');
    runtime.setOutput('skipped', 'true');
    runtime.summary(new _report_md_js__WEBPACK_IMPORTED_MODULE_3__/* .Markdown */ .oz().heading('Glidepath').para((0,_report_md_js__WEBPACK_IMPORTED_MODULE_3__.md) `Nothing to do: ${reason}.`).toString());
}
/** The outputs report sets (empty when there is nothing to report on). */
const REPORT_OUTPUTS = ['comment-id', 'comment-url'];
/** The outputs deploy sets (all empty when it deploys nothing). */
const DEPLOY_OUTPUTS = ['environment', 'environment-url', 'deployment-id', 'version', 'previous-version', 'strategy', 'record', 'transition'];
/** canary-step's step input: next, all, promote, abort or a step index. */
function parseStepRequest(raw) {
    const v = raw.trim() || 'next';
    if (v === 'next' || v === 'all' || v === 'promote' || v === 'abort')
        return v;
    if (/^[0-9]+$/.test(v))
        return Number(v);
    throw new GlidepathError('GP-CANARY-002', `step "${v}" is not a canary step.`, { fix: 'Use next, all, promote, abort or a step index (0, 1, ...).' });
}


/***/ }),

/***/ 2542:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q$: () => (/* binding */ afterwards),
  i0: () => (/* binding */ canarySteps),
  vt: () => (/* binding */ hydrateState),
  Nd: () => (/* binding */ lockTarget),
  t5: () => (/* binding */ lookAt),
  Ap: () => (/* binding */ openTarget)
});

// UNUSED EXPORTS: DEFAULT_STATE_DIR

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/flows/resolve-first.ts
var resolve_first = __webpack_require__(6671);
// EXTERNAL MODULE: ./shared/state/store.ts
var state_store = __webpack_require__(8529);
// EXTERNAL MODULE: ./shared/state/lock.ts
var state_lock = __webpack_require__(5745);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/files/paths.ts
var paths = __webpack_require__(5274);
// EXTERNAL MODULE: ./shared/providers/index.ts + 4 modules
var providers = __webpack_require__(1384);
// EXTERNAL MODULE: ./shared/github/integration.ts
var integration = __webpack_require__(7858);
// EXTERNAL MODULE: ./shared/github/hydrate.ts
var hydrate = __webpack_require__(1223);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./shared/database/preview-name.ts

const MAX_NAME = 63;
/** The preview's database name: the server's database and the environment's name, as a plain identifier. */
function previewDatabaseName(base, environment) {
    const name = `${base}_${environment}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    if (name.length <= MAX_NAME)
        return name;
    const hash = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 8);
    return `${name.slice(0, MAX_NAME - 9)}_${hash}`;
}
/**
 * The step's variables as a preview's release sees them: database.postgres.urlEnv names the preview's
 * own database. Unchanged for an environment without previews.database, or when the variable is unset
 * (the database lifecycle then says so with GP-DB-001).
 */
function previewEnv(env, environment, mask) {
    const db = environment.config.database;
    if (!environment.config.previews?.database || !db?.postgres)
        return env;
    const variable = db.postgres.urlEnv ?? 'DATABASE_URL';
    const raw = env[variable];
    if (!raw)
        return env;
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        return env;
    }
    url.pathname = `/${previewDatabaseName(decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres', environment.name)}`;
    const own = url.toString();
    mask(own);
    return { ...env, [variable]: own };
}

// EXTERNAL MODULE: ./shared/flows/fork.ts
var fork = __webpack_require__(6358);
// EXTERNAL MODULE: ./shared/flows/effects.ts
var effects = __webpack_require__(3438);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/state/record.ts
var record = __webpack_require__(5975);
// EXTERNAL MODULE: ./shared/report/serving.ts
var serving = __webpack_require__(4221);
;// CONCATENATED MODULE: ./shared/flows/reconcile.ts




// Believe the world, not the file (a controller's loop, as Argo Rollouts and Flagger run it): before an
// operation decides anything, what the platform serves is read from the platform and compared with the
// record. What agrees goes on; what can be healed by the rules of a deploy is healed (a stopped router
// restarted on its routes, a dead stable started again, a dead canary aborted); a record lost beside a
// platform that serves is rebuilt from it; and a record the platform contradicts stops the run with a
// coded error that says what differs, before anything changes.
/**
 * Reads what the provider serves (when it can say) and brings the record and the platform together.
 * `strict` (deploys and canary steps): a contradiction or a failed heal stops the run. Otherwise (rollbacks,
 * unlocks: what an operator runs to mend things) they are warnings, and the operation goes on: a rollback
 * is never blocked.
 */
async function reconcile(x, strict) {
    try {
        return await reconcileOnce(x, strict);
    }
    catch (e) {
        if (strict || e.code === 'GP-LOCK-003')
            throw e;
        x.runtime.warning(`${e.code ?? 'GP-INTERNAL-001'}: ${e.message} ${e.fix ?? ''} The operation goes on: it sets what serves itself.`);
        return { healed: [] };
    }
}
async function reconcileOnce(x, strict) {
    const { target, runtime } = x;
    const { provider, store, environment } = target;
    if (!provider.observe)
        return { healed: [] };
    let seen = await provider.observe();
    let state = store.read();
    const healed = [];
    if (!state.stable && !state.canary && seen.stable) {
        state = rebuildFrom(target, seen, state);
        store.write(state);
        healed.push(`the record named nothing while ${(0,serving/* describeServing */.Yh)(seen)}: it was rebuilt from what serves`);
        runtime.warning(`${environment.name}: the state named no version, but ${(0,serving/* describeServing */.Yh)(seen)}. The record was rebuilt from the platform (never a first deploy over a live site).`);
    }
    const differs = drift(state, seen);
    if (differs) {
        throw new errors/* GlidepathError */.HT('GP-STATE-002', `${environment.name}: the record and the platform disagree: ${differs}. Nothing was changed.`, {
            fix: `If the platform is right, rebuild the record from it: glidepath state rebuild --environment ${environment.name} (the old file is kept as .broken). If the record is right, roll back to the version it names (rollback with to: ${state.stable?.version ?? '<version>'}).`,
        });
    }
    // A standby the record keeps warm that no longer runs (the host restarted, it was killed): the record
    // stops naming it, so a rollback starts that version again instead of switching to nothing.
    if (state.standby && seen.warm && !seen.warm.includes(state.standby.version)) {
        healed.push(`standby ${state.standby.version} no longer ran: the record stopped naming it (a rollback starts it again)`);
        runtime.warning(`${environment.name}: the blue-green standby ${state.standby.version} no longer runs; the record no longer names it, and a rollback to it starts it again.`);
        state = { ...state, standby: null };
        store.write(state);
    }
    if (!state.stable || !provider.heal)
        return { seen, healed };
    void strict;
    const stableVersion = state.stable.version;
    // Only what is gone is healed (a release whose process or container no longer runs); one that runs but
    // answers slowly (a busy machine) is left serving, with a warning: restarting it would cut its requests.
    const stableDead = seen.stable !== null && !seen.stable.healthy && seen.stable.gone !== false;
    const routerDown = seen.routerUp === false;
    const nothingRouted = seen.stable === null;
    const canaryDead = Boolean(state.canary && seen.canary && !seen.canary.healthy && seen.canary.gone !== false);
    for (const slow of [seen.stable, seen.canary]) {
        if (slow && !slow.healthy && slow.gone === false)
            runtime.warning(`${environment.name}: ${slow.version} runs but did not answer its health check within about a second; it is left serving.`);
    }
    if (canaryDead && state.canary) {
        healed.push(`canary ${state.canary.version} did not answer: it was aborted`);
        await (0,effects/* abortCanary */.Fi)(x, state.canary, `canary ${state.canary.version} stopped answering (seen before ${runtime.context.eventName || 'this run'} acted)`);
        state = store.read();
    }
    if (stableDead || routerDown || nothingRouted) {
        const why = [routerDown && 'the router did not answer', nothingRouted ? 'the router sent it no traffic' : stableDead && `${stableVersion} did not answer its health check`].filter(Boolean).join(', and ');
        const did = await provider.heal(stableVersion, x.timeoutMs);
        if (did.length)
            healed.push(`${why}: ${did.join('; ')}`);
        runtime.warning(`${environment.name} did not serve as recorded (${why}); healed: ${did.join('; ') || 'nothing to do'}.`);
        state = store.read();
        // A canary judged against a stable that died is judged again from the start, against the restarted one.
        if (state.canary && (stableDead || nothingRouted)) {
            healed.push(`canary ${state.canary.version} was aborted: its baseline ${state.stable?.version} had died`);
            await (0,effects/* abortCanary */.Fi)(x, state.canary, `the stable version ${state.stable?.version} had stopped answering and was started again; deploy ${state.canary.version} again to judge it against the healthy stable`);
        }
        seen = await provider.observe();
        if (!seen.stable || seen.routerUp === false || (!seen.stable.healthy && seen.stable.gone !== false)) {
            throw new errors/* GlidepathError */.HT('GP-STATE-002', `${environment.name} still does not serve ${state.stable?.version} after healing (${(0,serving/* describeServing */.Yh)(seen)}). Nothing more was changed.`, {
                fix: 'See the release log under the state directory (logs/) and the router log; roll back to a version that starts, or fix the release and deploy it again.',
            });
        }
    }
    return { seen, healed };
}
/** Where the record and the platform disagree beyond what healing mends, in words; undefined when they agree. */
function drift(state, seen) {
    if (state.stable && seen.stable && seen.stable.version !== state.stable.version) {
        return `the record says ${state.stable.version} is stable, the router sends stable traffic to ${seen.stable.version}`;
    }
    if (state.canary && state.canary.applied !== false) {
        if (!seen.canary) {
            // A canary the record names at a weight the router gives nobody: the router lost it (healing re-routes stable only).
            if (state.canary.weight > 0 && state.canary.weight < 100)
                return `the record says canary ${state.canary.version} takes ${state.canary.weight}%, the router routes no canary`;
        }
        else if (seen.canary.version !== state.canary.version) {
            return `the record says canary ${state.canary.version} at ${state.canary.weight}%, the router sends ${seen.canary.weight}% to ${seen.canary.version}`;
        }
        else if (!seen.approximate && Math.abs(seen.canary.weight - state.canary.weight) > 0 && state.canary.weight < 100) {
            return `the record says canary ${state.canary.version} takes ${state.canary.weight}%, the router gives it ${seen.canary.weight}%`;
        }
    }
    else if (!state.canary && seen.canary && seen.canary.weight > 0) {
        return `the record names no canary, the router sends ${seen.canary.weight}% to ${seen.canary.version}`;
    }
    return undefined;
}
/** A record of what serves, for an environment whose record was lost: never read as a first deploy. */
function rebuildFrom(target, seen, state) {
    const { environment } = target;
    const base = { environment: environment.name, strategy: environment.strategy, provider: environment.provider, url: environment.url, reason: 'rebuilt from what the platform served (the record was missing)' };
    const at = new Date().toISOString();
    const stable = seen.stable;
    const stableRecord = (0,record/* finish */.O)({ ...(0,record/* newRecord */.M)({ ...base, kind: 'deploy', version: stable.version, previousVersion: null }), liveAt: at, phase: 'stable' }, 'success');
    const records = [...state.records, stableRecord];
    let canary = null;
    if (seen.canary) {
        const steps = environment.config.canary?.steps ?? [];
        const step = Math.max(0, steps.findIndex((s) => s.weight >= seen.canary.weight));
        const canaryRecord = { ...(0,record/* newRecord */.M)({ ...base, kind: 'deploy', version: seen.canary.version, previousVersion: stable.version, strategy: 'canary' }), phase: 'canary', step, weights: { stable: 100 - seen.canary.weight, canary: seen.canary.weight } };
        records.push(canaryRecord);
        canary = { version: seen.canary.version, recordId: canaryRecord.id, weight: seen.canary.weight, step, applied: true };
    }
    return { ...state, stable: { version: stable.version, recordId: stableRecord.id }, canary, records };
}

;// CONCATENATED MODULE: ./shared/flows/target.ts














async function openTarget(runtime, settings, version, first) {
    const workspace = runtime.context.workspace;
    const look = first ?? (0,resolve_first/* resolveFirst */.hn)(runtime, settings, version);
    if (look.kind === 'none')
        return { kind: 'none', reason: look.reason };
    const { config, environment } = look;
    const stateDir = (0,paths/* stateDirOf */.If)(workspace, environment.config, config.defaults);
    const store = new state_store/* StateStore */.fy(stateDir, environment.name);
    await (0,providers/* loadProvider */.C)({ environment });
    // A preview's processes never see the preview secret, a fork's only a safe few of the runner's
    // variables (previews.forks); then a preview's own database URL.
    const env = previewEnv((0,fork/* processEnv */.H)(runtime.context, environment.config, runtime.env), environment, (secret) => runtime.mask(secret));
    const provider = (0,providers/* createProvider */.Q)({
        environment,
        store,
        workspace,
        stateDir,
        event: runtime.context,
        env: env,
        glidepathEnv: runtime.env,
        log: { info: (m) => runtime.info(m), warning: (m) => runtime.warning(m) },
    });
    const github = integration/* GitHubDeployments */.C.from(runtime, settings.token);
    const carried = settings.state ? (0,state_store/* parseCarriedState */.x5)(settings.state, environment.name) : undefined;
    return { kind: 'target', target: { config, environment, store, provider, stateDir, workspace, github, carried, env } };
}
/** The canary's steps with the weights the platform gives them (a partition's or a node group's share, from the cluster). */
async function canarySteps(target) {
    const steps = target.environment.config.canary?.steps ?? [];
    const resolve = target.provider.resolveSteps;
    return resolve && steps.some((s) => s.partition !== undefined || s.nodes !== undefined) ? resolve.call(target.provider, steps) : steps;
}
/** A fresh runner has no state directory: rebuild it from the records in the GitHub Deployment payloads. */
async function hydrateState(runtime, target) {
    if (target.store.exists())
        return;
    if (target.carried) {
        target.store.write(target.carried);
        runtime.info(`No local state for ${target.environment.name}; using the state an earlier job carried (stable: ${target.carried.stable?.version ?? 'none'}${target.carried.canary ? `, canary: ${target.carried.canary.version}` : ''}).`);
        return;
    }
    if (target.provider.loadState) {
        try {
            const state = await target.provider.loadState();
            if (state) {
                target.store.write(state);
                runtime.info(`No local state for ${target.environment.name}; read it from the ${target.provider.name} target (stable: ${state.stable?.version ?? 'none'}${state.canary ? `, canary: ${state.canary.version}` : ''}).`);
                return;
            }
        }
        catch (e) {
            runtime.warning(`Could not read ${target.environment.name}'s state from the ${target.provider.name} target: ${e.message}`);
        }
    }
    if (!target.github)
        return;
    try {
        const state = await (0,hydrate/* hydrateFromGitHub */.v)(target.github.client, target.environment.name);
        if (!state)
            return;
        target.store.write(state);
        runtime.info(`No local state for ${target.environment.name}; rebuilt it from ${state.records.length} GitHub deployment record(s) (stable: ${state.stable?.version ?? 'none'}${state.canary ? `, canary: ${state.canary.version}` : ''}).`);
    }
    catch (e) {
        runtime.warning(`Could not rebuild ${target.environment.name}'s state from GitHub: ${e.message}`);
    }
}
/**
 * Takes the environment's lock (and the target's own, where the provider keeps one), then finishes or
 * undoes what an interrupted run left (effects.recoverInterrupted) before the caller decides anything.
 */
async function lockTarget(runtime, target, action, lockTimeoutMs, operationTimeoutMs) {
    await hydrateState(runtime, target);
    const timeoutMs = lockTimeoutMs ?? target.environment.durations.lockTimeout;
    target.store.ensureDir();
    const started = Date.now();
    let staleLock = false;
    const held = await (0,state_lock/* acquireLock */.I)((0,external_node_path_.join)(target.store.dir, 'lock'), {
        timeoutMs,
        action,
        runId: runtime.context.runId || undefined,
        onWait: (owner) => runtime.info(`Environment ${target.environment.name} is locked by ${owner ? `${owner.action} (pid ${owner.pid})` : 'another run'}; waiting up to ${(0,duration/* formatDuration */.a3)(timeoutMs)}.`),
        onRecover: (owner) => {
            staleLock = true;
            runtime.warning(`Recovered a stale lock on ${target.environment.name} left by ${owner.action} (pid ${owner.pid} is gone).`);
        },
    });
    target.store.fence = () => held.check();
    let remote;
    try {
        remote = await target.provider.lock?.({
            timeoutMs: Math.max(0, timeoutMs - (Date.now() - started)),
            action,
            runId: runtime.context.runId || undefined,
            onWait: (holder) => runtime.info(`Environment ${target.environment.name} is locked in the ${target.provider.name} target by ${holder}; waiting up to ${(0,duration/* formatDuration */.a3)(timeoutMs)}.`),
            onRecover: (holder) => {
                staleLock = true;
                runtime.warning(`Took over a stale ${target.provider.name} lock on ${target.environment.name} left by ${holder} (it stopped renewing).`);
            },
            onSkip: (why) => runtime.info(`No ${target.provider.name} lock for ${target.environment.name}: ${why}.`),
        });
    }
    catch (e) {
        target.store.fence = undefined;
        held.release();
        throw e;
    }
    const lock = {
        // Every exit path releases: a state that cannot be read (or saved) is reported, never a lock left behind.
        release: async () => {
            try {
                // Whatever happened, a later job (another runner) can carry on from here with the state output.
                if (target.store.exists())
                    runtime.setOutput('state', (0,state_store/* carryState */.Zk)(target.store.read()));
                if (target.provider.saveState && target.store.exists()) {
                    held.check();
                    await target.provider.saveState(target.store.read());
                }
            }
            catch (e) {
                runtime.warning(`Could not carry or save ${target.environment.name}'s state${target.provider.saveState ? ` to the ${target.provider.name} target` : ''}: ${e.message}`);
            }
            try {
                await remote?.release();
            }
            catch (e) {
                runtime.warning(`Could not release the ${target.provider.name} lock on ${target.environment.name}: ${e.message}`);
            }
            finally {
                target.store.fence = undefined;
                held.release();
            }
        },
    };
    try {
        const x = { runtime, target, timeoutMs: operationTimeoutMs };
        // A sleeping preview (previews.idle) is woken before anything is decided about it; a teardown or a sleep leaves it.
        if (action !== 'teardown' && action !== 'sleep' && (await target.provider.wake?.()))
            runtime.info(`${target.environment.name} was asleep (previews.idle) and was woken first.`);
        await (0,effects/* recoverInterrupted */.js)(x, staleLock);
        await (0,effects/* endRollbackWindow */.OB)(x);
        // Then believe the world: what serves is read and compared with the record before anything is decided.
        if (action !== 'teardown' && action !== 'sleep')
            target.reconciled = await reconcile(x, action === 'deploy' || action === 'canary-step');
    }
    catch (e) {
        await lock.release();
        throw e;
    }
    return lock;
}
/** Looks at what serves once an operation is done (its lock released): read only, bounded, never a failure. */
async function afterwards(runtime, target) {
    const seen = await lookAt(target.provider, target.provider.name, (m) => runtime.warning(m));
    const s = target.store.exists() ? target.store.read() : undefined;
    return { seen, recorded: { stable: s?.stable?.version ?? null, canary: s?.canary?.version ?? null } };
}
async function lookAt(provider, what, warn, timeoutMs = 15_000) {
    if (!provider.observe)
        return undefined;
    let timer;
    try {
        return await Promise.race([
            provider.observe(),
            new Promise((resolve) => { timer = setTimeout(() => resolve(undefined), timeoutMs); }),
        ]);
    }
    catch (e) {
        warn(`Could not see what ${what} serves: ${e.message}`);
        return undefined;
    }
    finally {
        clearTimeout(timer);
    }
}


/***/ }),

/***/ 7884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ chooseVersion),
/* harmony export */   p: () => (/* binding */ checkVersion)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);

// A version names a release: it becomes a directory name, a label and an environment variable, so it
// is held to a safe alphabet.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;
function checkVersion(version, input = 'version') {
    if (!VERSION.test(version) || version.includes('..')) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-INPUT-001', `${input} "${version.slice(0, 80)}" is not a valid version.`, {
            fix: 'Use letters, digits, dots, dashes, underscores and plus signs (at most 128), starting with a letter or digit, e.g. v1.4.2 or a commit SHA.',
        });
    }
    return version;
}
/** The version of this run: the input, else the image's tag or digest, else the short commit SHA. */
function chooseVersion(input, image, ctx) {
    if (input)
        return checkVersion(input);
    if (image) {
        const digest = image.match(/@sha256:([a-f0-9]{12})/);
        if (digest)
            return checkVersion(`sha256-${digest[1]}`, 'image digest');
        const tag = image.match(/:([A-Za-z0-9._-]+)$/);
        if (tag && !tag[1].includes('/'))
            return checkVersion(tag[1], 'image tag');
    }
    if (ctx.sha)
        return ctx.sha.slice(0, 12);
    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-INPUT-001', 'No version to deploy: no `version` input, no image tag and no commit SHA.', {
        fix: 'Pass the `version` input (for example --version v1.2.0 on the CLI).',
    });
}


/***/ }),

/***/ 6317:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ GitHubClient)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _time_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3424);


/** The permission a request needs, for the message when it is refused. */
function permissionFor(route) {
    if (route.includes('/deployments'))
        return 'deployments: write';
    if (route.includes('/comments'))
        return 'pull-requests: write';
    if (route.includes('/pulls'))
        return 'pull-requests: read';
    return 'contents: read';
}
function retryAfterMsOf(e, now = Date.now()) {
    const h = e.response?.headers ?? {};
    const after = (0,_time_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retryAfterMs */ .Vs)(h['retry-after'] === undefined ? undefined : String(h['retry-after']), now);
    if (after !== undefined)
        return after;
    if (h['x-ratelimit-remaining'] === '0' && h['x-ratelimit-reset'])
        return Math.max(0, Math.min(Number(h['x-ratelimit-reset']) * 1000 - now, 60_000));
    return undefined;
}
function retryable(e) {
    if (e.status === undefined)
        return true; // network
    if (e.status >= 500 || e.status === 429)
        return true;
    if (e.status === 403) {
        const h = e.response?.headers ?? {};
        return h['x-ratelimit-remaining'] === '0' || h['retry-after'] !== undefined || /secondary rate limit|rate limit exceeded/i.test(e.message ?? '');
    }
    return false;
}
class GitHubClient {
    options;
    octokit;
    owner;
    repo;
    calls = 0;
    constructor(options) {
        this.options = options;
        const [owner, repo] = options.repository.split('/');
        this.owner = owner;
        this.repo = repo;
    }
    // octokit is loaded on the first call, not at start-up: most runs that have a token never talk to
    // GitHub (a ref that maps to no environment, a dry run). scripts/build.mjs keeps its licences in
    // licenses.txt although ncc puts it in a chunk of its own.
    client() {
        this.octokit ??= __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413)).then(({ getOctokit }) => getOctokit(this.options.token, { baseUrl: this.options.apiUrl.replace(/\/+$/, ''), request: { retries: 0 } }));
        return this.octokit;
    }
    /** One REST call: `route` as in the docs ("POST /repos/{owner}/{repo}/deployments"). */
    async request(route, params = {}) {
        const octokit = await this.client();
        try {
            return await (0,_time_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L5)(async () => {
                this.calls++;
                const res = await octokit.request(route, { ...(route.includes('{owner}') ? { owner: this.owner, repo: this.repo } : {}), ...params });
                return { data: res.data, headers: res.headers };
            }, {
                retries: this.options.retries ?? 4,
                baseMs: this.options.baseDelayMs ?? 1000,
                maxMs: 30_000,
                shouldRetry: (e) => retryable(e),
                retryAfterMs: (e) => retryAfterMsOf(e),
                onRetry: (e, attempt, wait) => this.options.onRetry?.(`GitHub ${route} answered ${e.status ?? 'no response'}; retry ${attempt} in ${Math.round(wait)}ms`),
            });
        }
        catch (e) {
            throw translate(e, route, this.options.repository);
        }
    }
    /** The items of a list, page by page (per_page 100) following the Link header; a caller that stops early fetches no further page. */
    async *items(route, params = {}) {
        for (let page = 1; page < 100; page++) {
            const { data, headers } = await this.request(route, { ...params, per_page: 100, page });
            yield* data;
            if (!headers.link?.includes('rel="next"'))
                break;
        }
    }
    /** Every item of a list. */
    async paginate(route, params = {}) {
        const out = [];
        for await (const item of this.items(route, params))
            out.push(item);
        return out;
    }
}
function translate(e, route, repository) {
    const message = e.response?.data?.message ?? e.message ?? 'no answer';
    if (e.status === 401) {
        return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-GITHUB-001', `GitHub refused the token for ${route}: ${message}.`, { fix: 'Pass a valid token (the default is github.token); check it has not expired.' });
    }
    if (e.status === 403 && !retryable(e)) {
        const permission = permissionFor(route);
        return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-GITHUB-002', `GitHub refused ${route} on ${repository}: ${message}.`, {
            fix: `Give the job \`permissions: { ${permission} }\`. On pull requests from forks GITHUB_TOKEN is read-only: deployments and comments cannot be written from them.`,
        });
    }
    if (e.status === 404) {
        return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-GITHUB-003', `GitHub answered 404 for ${route} on ${repository}.`, {
            fix: 'Check GITHUB_REPOSITORY and, for a private repository, that the token can see it (a PAT needs the repo scope; an App token, access to this repository).',
        });
    }
    return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-GITHUB-004', `GitHub ${route} failed after retries: ${e.status ?? ''} ${message}.`.replace('  ', ' '), {
        fix: 'GitHub may be degraded (see githubstatus.com) or rate-limiting this token; run the job again later.',
    });
}


/***/ }),

/***/ 9596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ DeploymentsApi),
/* harmony export */   S: () => (/* binding */ deploymentHistory)
/* harmony export */ });
/* harmony import */ var _report_limits_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8753);

class DeploymentsApi {
    client;
    constructor(client) {
        this.client = client;
    }
    async create(d) {
        const { data } = await this.client.request('POST /repos/{owner}/{repo}/deployments', {
            ref: d.ref,
            environment: d.environment,
            description: (0,_report_limits_js__WEBPACK_IMPORTED_MODULE_0__/* .cut */ .Jj)(d.description, _report_limits_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.statusDescription),
            payload: JSON.parse(JSON.stringify(d.payload)),
            auto_merge: false,
            required_contexts: [],
            production_environment: d.production,
            transient_environment: d.transient,
        });
        return data.id;
    }
    async setStatus(id, state, opts) {
        await this.client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            deployment_id: Number(id),
            state,
            description: (0,_report_limits_js__WEBPACK_IMPORTED_MODULE_0__/* .cut */ .Jj)(opts.description, _report_limits_js__WEBPACK_IMPORTED_MODULE_0__/* .LIMITS */ .b1.statusDescription),
            ...(opts.logUrl ? { log_url: opts.logUrl } : {}),
            ...(opts.environmentUrl && state === 'success' ? { environment_url: opts.environmentUrl } : {}),
            ...(state === 'success' || state === 'inactive' ? { auto_inactive: false } : {}),
        });
    }
    /** The environment's deployments, newest first, one page at a time. */
    list(environment) {
        return this.client.items('GET /repos/{owner}/{repo}/deployments', { environment });
    }
    async latestStatus(id) {
        const { data } = await this.client.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployment_id: id, per_page: 1 });
        return data[0];
    }
    /**
     * Marks the environment's earlier deployments inactive, newest first, never the current one. It
     * stops at the first one already inactive: every run deactivates what came before it, so older
     * ones were handled by earlier runs (a handful of calls, not one per deployment in history).
     */
    async deactivateSuperseded(environment, currentId, description = 'superseded') {
        let done = 0;
        for await (const d of this.list(environment)) {
            if (d.id === Number(currentId))
                continue;
            const latest = await this.latestStatus(d.id);
            if (latest?.state === 'inactive')
                break;
            await this.setStatus(d.id, 'inactive', { description });
            done++;
        }
        return done;
    }
    /** Every deployment of the environment becomes inactive (a preview whose PR closed). */
    async deactivateAll(environment, description) {
        let done = 0;
        for await (const d of this.list(environment)) {
            const latest = await this.latestStatus(d.id);
            if (latest?.state === 'inactive')
                continue;
            await this.setStatus(d.id, 'inactive', { description });
            done++;
        }
        return done;
    }
}
/** The environment's history over a window, with each deployment's outcome (for delivery metrics). */
async function deploymentHistory(client, environment, since, maxCommits = 50) {
    const out = [];
    const commitTimes = new Map();
    for await (const d of new DeploymentsApi(client).list(environment)) {
        const createdAt = Date.parse(d.created_at);
        if (createdAt < since)
            break;
        const statuses = await client.paginate('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployment_id: d.id });
        const latest = statuses[0];
        const success = statuses.find((s) => s.state === 'success');
        const final = success ?? latest;
        if (!commitTimes.has(d.sha) && commitTimes.size < maxCommits) {
            try {
                const { data } = await client.request('GET /repos/{owner}/{repo}/commits/{ref}', { ref: d.sha });
                commitTimes.set(d.sha, data.commit.committer?.date ? Date.parse(data.commit.committer.date) : undefined);
            }
            catch {
                commitTimes.set(d.sha, undefined);
            }
        }
        out.push({ createdAt, state: latest?.state ?? 'pending', succeeded: Boolean(success), finishedAt: final ? Date.parse(final.created_at) : createdAt, commitAt: commitTimes.get(d.sha) });
    }
    return out;
}


/***/ }),

/***/ 1223:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ STATUS_OF),
/* harmony export */   v: () => (/* binding */ hydrateFromGitHub)
/* harmony export */ });
const STATUS_OF = {
    success: 'success', inactive: 'success', failure: 'failure', error: 'failure', in_progress: 'in_progress', queued: 'in_progress', pending: 'in_progress',
};
async function hydrateFromGitHub(client, environment, maxDeployments = 20) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/deployments', { environment, per_page: maxDeployments });
    const records = [];
    let stable = null;
    let canary = null;
    let goodSeen = 0;
    for (const d of data) {
        const record = d.payload?.glidepath;
        if (!record?.version)
            continue;
        const { data: statuses } = await client.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployment_id: d.id, per_page: 1 });
        const state = statuses[0]?.state ?? 'pending';
        const status = record.kind === 'teardown' ? 'inactive' : STATUS_OF[state] ?? 'failure';
        const rebuilt = { ...record, deploymentId: String(d.id), status };
        records.unshift(rebuilt);
        if (status === 'in_progress' && record.strategy === 'canary' && !stable && !canary) {
            canary = { version: record.version, recordId: record.id, weight: record.weights?.canary ?? 0, step: record.step ?? 0, applied: true };
        }
        if (status === 'success' && state !== 'inactive' && !stable)
            stable = { version: record.version, recordId: record.id };
        if (status === 'success')
            goodSeen++;
        if (stable && goodSeen >= 2)
            break;
    }
    if (!records.length)
        return undefined;
    return { schema: 1, environment, stable, canary, records };
}


/***/ }),

/***/ 7858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ GitHubDeployments),
/* harmony export */   X: () => (/* binding */ tellGitHub)
/* harmony export */ });
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6317);
/* harmony import */ var _deployments_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9596);
/* harmony import */ var _hydrate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1223);
/* harmony import */ var _runtime_context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3538);




// What the flows tell GitHub about a rollout. Absent (undefined) when there is no token or no
// repository, e.g. on the CLI: everything else works the same without it.
class GitHubDeployments {
    client;
    ctx;
    api;
    constructor(client, ctx) {
        this.client = client;
        this.ctx = ctx;
        this.api = new _deployments_js__WEBPACK_IMPORTED_MODULE_1__/* .DeploymentsApi */ .R(client);
    }
    static from(runtime, token) {
        const ctx = runtime.context;
        if (!token || !ctx.repository.includes('/'))
            return undefined;
        return new GitHubDeployments(new _client_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubClient */ .j({ token, apiUrl: ctx.apiUrl, repository: ctx.repository, onRetry: (m) => runtime.warning(m) }), ctx);
    }
    get logUrl() {
        return (0,_runtime_context_js__WEBPACK_IMPORTED_MODULE_3__/* .runUrl */ .Vp)(this.ctx);
    }
    /** Creates the deployment (the record as payload) and marks it in progress; returns its id. */
    async start(record, env, description) {
        const id = await this.api.create({
            ref: record.sha || this.ctx.sha || this.ctx.ref,
            environment: env.name,
            description,
            payload: { glidepath: { ...record, deploymentId: undefined } },
            production: env.production || env.key === 'production',
            transient: env.transient,
        });
        await this.api.setStatus(id, 'in_progress', { description, logUrl: this.logUrl });
        return String(id);
    }
    progress(id, description) {
        return this.api.setStatus(id, 'in_progress', { description, logUrl: this.logUrl });
    }
    async succeed(id, env, description, url) {
        await this.api.setStatus(id, 'success', { description, environmentUrl: url ?? env.url, logUrl: this.logUrl });
        await this.api.deactivateSuperseded(env.name, id, `superseded by deployment ${id}`);
    }
    /** A status written by report (only when GitHub's differs from the record), with the run as log_url. */
    report(id, state, description, url) {
        return this.api.setStatus(id, state, { description, environmentUrl: url, logUrl: this.logUrl });
    }
    /** The Glidepath record a deployment carries as its payload (a fresh runner's only copy). */
    async recordOf(id) {
        const { data } = await this.client.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', { deployment_id: Number(id) });
        const record = data.payload?.glidepath;
        if (!record?.version)
            return undefined;
        const latest = await this.api.latestStatus(Number(id));
        return { ...record, deploymentId: id, status: latest ? _hydrate_js__WEBPACK_IMPORTED_MODULE_2__/* .STATUS_OF */ .$[latest.state] ?? record.status : record.status };
    }
    fail(id, description, state = 'failure') {
        return this.api.setStatus(id, state, { description, logUrl: this.logUrl });
    }
    deactivateAll(env, description) {
        return this.api.deactivateAll(env.name, description);
    }
    /** A pull request that closed while this run waited must not be deployed. */
    async pullRequestState(number) {
        const { data } = await this.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number });
        return data.state;
    }
}
/** Tells GitHub, but never lets a failure to tell GitHub hide the failure being reported. */
async function tellGitHub(runtime, what, call) {
    try {
        await call();
    }
    catch (e) {
        runtime.warning(`Could not update the GitHub deployment (${what}): ${e.message}`);
    }
}


/***/ }),

/***/ 1384:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* binding */ createProvider),
  C: () => (/* binding */ loadProvider)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: ./shared/http/ports.ts
var ports = __webpack_require__(3899);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
;// CONCATENATED MODULE: ./shared/ssh/client.ts



// An ssh client kept for one remote program the run talks to (the host's shell, session.ts; Glidepath's
// agent, channel.ts): started in a process group of its own, holding this process open only while it
// has work, and ended with its program.
/** Starts `ssh … host -- line` with pipes on every side; errors on its stdin and its own are left to the caller's close. */
function startClient(argv, host, line) {
    const child = (0,external_node_child_process_.spawn)('ssh', [...argv, '-T', host, '--', line], {
        cwd: (0,external_node_os_.tmpdir)(),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
    });
    child.stdin?.on('error', () => undefined);
    child.on('error', () => undefined);
    return child;
}
/** Whether the client keeps this process alive: while it has work; idle, the run ends when its work does. */
function holdOpen(child, busy) {
    if (!child)
        return;
    for (const s of [child, child.stdin, child.stdout, child.stderr]) {
        if (busy)
            s?.ref?.();
        else
            s?.unref?.();
    }
}
/** Ends the client: its stdin closed, its process group stopped (the remote program goes with its channel). */
function endClient(child) {
    if (!child)
        return;
    child.stdin?.end();
    if (child.pid)
        (0,run/* killGroup */.i0)(child.pid, 'SIGTERM');
}

;// CONCATENATED MODULE: ./shared/ssh/session.ts





// One shell on a host for Glidepath's own short operations (issue 37): the lock, reading and writing
// the state, a directory. sshd sets up a session per call (about 0.1 s each here, measured in
// BENCHMARKS.md), so a call per operation made a deploy over SSH several times plain ssh. One `ssh host
// /bin/sh` per host instead reads the operations from its stdin, each in a subshell with its own stdin
// (a here-document or /dev/null, never the session's), its end marked on stdout (with its exit code)
// and on stderr by a marker no output can guess. A user's command (`merged`) writes through a pipe of
// its own to a `cat` in the session, with no other descriptor of the session: a process it leaves behind
// holding its output keeps that operation waiting, as a call of its own would, and never writes into a
// later operation's answer.
const MAX_OUTPUT = 16 * 1024 * 1024;
/** An idle session ends after this, as OpenSSH's ControlPersist lets a master go (the next operation starts another). */
const IDLE_MS = 10_000;
class SshSession {
    argv;
    host;
    child;
    pending;
    nonce = (0,external_node_crypto_.randomBytes)(12).toString('hex');
    seq = 0;
    /** What ssh itself said when the session ended (its stderr outside any operation). */
    said = '';
    idleTimer;
    constructor(argv, host) {
        this.argv = argv;
        this.host = host;
    }
    /** No operation in flight: the next may use the session (others take a call of their own). */
    get idle() {
        return !this.pending;
    }
    /** Whether `input` can travel in a here-document (text ending with a newline). */
    static carries(input) {
        return input === undefined || (input.endsWith('\n') && !input.includes('\0'));
    }
    start() {
        if (this.child && this.child.exitCode === null && !this.child.killed)
            return this.child;
        this.said = '';
        const child = startClient(this.argv, this.host, 'exec /bin/sh');
        child.stdout?.on('data', (c) => this.onData('stdout', c.toString('utf8')));
        child.stderr?.on('data', (c) => this.onData('stderr', c.toString('utf8')));
        child.on('close', (code) => {
            if (this.child === child)
                this.child = undefined;
            const p = this.pending;
            if (!p)
                return;
            // The session ended under an operation: what ssh said, as a call's exit 255 would carry it.
            this.finish(p, { code: code === 255 || code === null ? 255 : code, signal: null, stdout: p.stdout, stderr: `${p.stderr}${this.said}`, durationMs: Date.now() - p.started });
        });
        this.child = child;
        this.quiet(true);
        return child;
    }
    /** Idle, the session does not keep the process alive (the run ends when its work does). */
    quiet(idle) {
        holdOpen(this.child, !idle);
    }
    marker(id) {
        return `__glidepath_${this.nonce}_${id}__`;
    }
    onData(stream, text) {
        const p = this.pending;
        if (!p) {
            if (stream === 'stderr')
                this.said = (this.said + text).slice(-8192);
            return;
        }
        if (stream === 'stdout' ? p.stdoutDone : p.stderrDone)
            return;
        p[stream] += text;
        const mark = this.marker(p.id);
        const at = p[stream].indexOf(mark);
        if (stream === 'stdout') {
            const end = at >= 0 ? p.stdout.indexOf('\n', at + mark.length) : -1;
            if (end >= 0) {
                p.code = Number(p.stdout.slice(at + mark.length, end).trim());
                p.stdout = p.stdout.slice(0, at);
                p.stdoutDone = true;
            }
        }
        else if (at >= 0) {
            p.stderr = p.stderr.slice(0, at);
            p.stderrDone = true;
        }
        if (p.onLine) {
            // Whole lines as they come (a marker has no newline, so a whole line never holds part of one); the rest once done.
            const done = stream === 'stdout' ? p.stdoutDone : p.stderrDone;
            const upto = done ? p[stream].length : p[stream].lastIndexOf('\n', at >= 0 ? at : undefined) + 1;
            if (upto > p.emitted[stream]) {
                const chunk = p[stream].slice(p.emitted[stream], upto);
                p.emitted[stream] = upto;
                const lines = chunk.split('\n');
                if (lines.at(-1) === '')
                    lines.pop();
                for (const l of lines)
                    p.onLine(l);
            }
        }
        if (p.stdout.length + p.stderr.length > MAX_OUTPUT) {
            this.kill();
            return;
        }
        if (p.stdoutDone && p.stderrDone)
            this.finish(p, { code: p.code ?? 255, signal: null, stdout: p.stdout, stderr: p.stderr, durationMs: Date.now() - p.started });
    }
    finish(p, result) {
        if (this.pending !== p)
            return;
        clearTimeout(p.timer);
        this.pending = undefined;
        this.quiet(true);
        this.idleTimer = setTimeout(() => this.close(), IDLE_MS);
        this.idleTimer.unref();
        p.resolve(result);
    }
    kill() {
        const child = this.child;
        this.child = undefined;
        if (child?.pid)
            (0,run/* killGroup */.i0)(child.pid, 'SIGTERM');
    }
    /**
     * Runs one remote command line (remoteCommand's) in a subshell of the session, `input` as its stdin.
     * ssh failing (exit 255, its message on stderr) resolves as a call's would; past `timeoutMs` the
     * session is ended (the next operation starts another) and the operation fails as a call's would.
     */
    exec(line, input, timeoutMs, label, onLine, merged = false) {
        if (this.pending)
            return Promise.reject(new Error('ssh session busy'));
        clearTimeout(this.idleTimer);
        const child = this.start();
        const id = String(++this.seq);
        const mark = this.marker(id);
        const stdin = input === undefined ? '</dev/null' : `<<'${mark}_in'\n${input}${mark}_in`;
        // merged: stdout and stderr through a pipe to cat (fd 3: the session's stdout), the exit code through
        // a command substitution (fd 4); the command holds neither.
        const run = merged
            ? `{ gp_rc=$( { { ( ${line}\n) ${stdin} 2>&1 3>&- 4>&-; echo "$?" >&4; } | cat >&3; } 4>&1 ); } 3>&1; (exit "\${gp_rc:-255}")`
            : `( ${line}\n) ${stdin}`;
        const script = `${run}\nprintf '%s %s\\n' '${mark}' "$?"; printf '%s\\n' '${mark}' >&2\n`;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                const p = this.pending;
                if (!p || p.id !== id)
                    return;
                this.pending = undefined;
                this.kill();
                reject(new errors/* GlidepathError */.HT('GP-PROVIDER-005', `${label} did not finish within ${(0,duration/* formatDuration */.a3)(timeoutMs)}; it was stopped.`, {
                    fix: 'Raise the timeout (input `timeout` or the environment\'s `timeout`), or check the host: the SSH session stopped answering.',
                }));
            }, Math.max(1, timeoutMs));
            this.pending = { id, stdout: '', stderr: '', stdoutDone: false, stderrDone: false, resolve, reject, timer, started: Date.now(), onLine, emitted: { stdout: 0, stderr: 0 } };
            this.quiet(false);
            child.stdin?.write(script);
        });
    }
    /** Ends the session (the process exits, or the run is done with the host). */
    close() {
        clearTimeout(this.idleTimer);
        const child = this.child;
        this.child = undefined;
        endClient(child);
    }
}

// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(481);
;// CONCATENATED MODULE: ./shared/ssh/channel.ts




/**
 * An idle channel ends after this (the program on the host with it; the next request starts both again):
 * longer than the judge's default interval (1m), so a canary's counter reads keep one agent.
 */
const channel_IDLE_MS = 90_000;
class SshChannel {
    argv;
    host;
    line;
    label;
    explain;
    child;
    seq = 0;
    pending = new Map();
    /** What ssh or the program said on stderr (for the error when the channel ends). */
    said = '';
    idleTimer;
    /**
     * `argv`: ssh's options (the host's, with its ControlPath); `line`: the remote command that starts the
     * program; `explain`: the error for how the channel ended (ssh's 255, a missing directory), else undefined.
     */
    constructor(argv, host, line, label, explain) {
        this.argv = argv;
        this.host = host;
        this.line = line;
        this.label = label;
        this.explain = explain;
    }
    start() {
        if (this.child && this.child.exitCode === null && !this.child.killed)
            return this.child;
        this.said = '';
        const child = startClient(this.argv, this.host, this.line);
        child.stderr?.on('data', (c) => { this.said = (this.said + c.toString('utf8')).slice(-8192); });
        (0,external_node_readline_.createInterface)({ input: child.stdout }).on('line', (text) => this.onLine(text));
        child.on('close', (code) => {
            if (this.child === child)
                this.child = undefined;
            if (!this.pending.size)
                return;
            const error = this.explain(code, this.said) ?? new errors/* GlidepathError */.HT('GP-SSH-002', `${this.label} ended (exit ${code ?? 'by a signal'}) before it answered: ${this.said.trim().split('\n').slice(-3).join(' | ') || 'no output'}.`, {
                fix: 'Check the host\'s free disk space and memory, and the connection; the next run finds the host\'s state and carries on.',
            });
            for (const [id, p] of this.pending)
                this.settle(id, p, error);
        });
        this.child = child;
        return child;
    }
    onLine(text) {
        let line;
        try {
            line = JSON.parse(text);
        }
        catch {
            this.said = (this.said + text + '\n').slice(-8192);
            return;
        }
        const p = this.pending.get(line.id);
        if (!p)
            return;
        p.onLine(line);
        if (line.done)
            this.settle(line.id, p);
    }
    settle(id, p, error) {
        if (this.pending.get(id) !== p)
            return;
        clearTimeout(p.timer);
        this.pending.delete(id);
        this.quiet();
        if (error)
            p.reject(error);
        else
            p.resolve();
    }
    /** With nothing pending, the channel does not keep this process alive (the run ends when its work does), and ends once idle long enough. */
    quiet() {
        const c = this.child;
        if (!c)
            return;
        const idle = this.pending.size === 0;
        clearTimeout(this.idleTimer);
        if (idle) {
            this.idleTimer = setTimeout(() => this.close(), channel_IDLE_MS);
            this.idleTimer.unref();
        }
        holdOpen(c, !idle);
    }
    /**
     * Sends one request (its fields beside the id) and hands every line of its answer to `onLine`, resolving
     * after the last. Past `timeoutMs` the channel is ended (what it ran goes with it) and the request fails
     * as a call past its time would; the next request starts the program again.
     */
    request(fields, timeoutMs, label, onLine) {
        const child = this.start();
        const id = ++this.seq;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                const p = this.pending.get(id);
                if (!p)
                    return;
                this.settle(id, p, new errors/* GlidepathError */.HT('GP-PROVIDER-005', `${label} did not finish within ${(0,duration/* formatDuration */.a3)(timeoutMs)}; it was stopped.`, {
                    fix: 'Raise the timeout (input `timeout` or the environment\'s `timeout`), or check the host: it stopped answering.',
                }));
                this.close();
            }, Math.max(1, timeoutMs));
            this.pending.set(id, { label, onLine, resolve, reject, timer });
            this.quiet();
            child.stdin?.write(`${JSON.stringify({ ...fields, id })}\n`);
        });
    }
    /** Ends the channel: the program on the host stops with it. */
    close() {
        clearTimeout(this.idleTimer);
        const child = this.child;
        this.child = undefined;
        endClient(child);
    }
}

;// CONCATENATED MODULE: ./shared/ssh/host.ts









// A host reached over SSH (issue 24), with the OpenSSH client on the runner: the private key and the
// known hosts come from environment variables (secrets) by name, are written to a directory only this
// user can read and removed when the process ends. Host keys are verified: strict (the default) needs
// them given; accept-new trusts a host's key the first time and records it in the environment's state
// directory, refusing a changed one ever after. One multiplexed connection (ControlMaster) per host
// carries every command of a run, and Glidepath's own short operations (lock, state, directories) go
// through one shell on the host (ssh/session.ts) rather than a session each. Commands are trusted strings
// from the config; everything that varies per run travels as variables, single-quoted on the remote
// command line (never interpreted).
const DEFAULT_KEY_VARIABLE = 'GLIDEPATH_SSH_KEY';
const DEFAULT_KNOWN_HOSTS_VARIABLE = 'GLIDEPATH_SSH_KNOWN_HOSTS';
const CONNECT_TIMEOUT_S = 10;
/** ssh exits 255 for its own failures (connection, authentication, host key); anything else is the command's. */
const SSH_FAILED = 255;
/** A POSIX shell word: the value between single quotes, every quote closed, escaped and reopened. */
const shellQuote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The remote command line: variables as quoted assignments, then sh -c with the script and its arguments. */
function remoteCommand(script, env = {}, args = [], cwd) {
    const assignments = Object.entries(env).map(([k, v]) => {
        if (!VARIABLE_NAME.test(k))
            throw new Error(`not a variable name: ${k}`);
        return `${k}=${shellQuote(v)}`;
    });
    const run = `env ${assignments.join(' ')} /bin/sh -c ${shellQuote(script)} glidepath ${args.map(shellQuote).join(' ')}`.replace(/\s+$/, '');
    return cwd ? `{ cd ${shellQuote(cwd)} 2>/dev/null || { echo ${NO_DIR} >&2; exit ${NO_DIR_EXIT}; }; } && ${run}` : run;
}
/** How the remote line says ssh.dir is not there (an exit code and a word on stderr, so a command's own 97 is not taken for it). */
const NO_DIR = 'glidepath-no-such-dir';
const NO_DIR_EXIT = 97;
const live = new Set();
let exitHook = false;
class SshHost {
    cfg;
    env;
    recordDir;
    dir;
    argv;
    forwards = new Map();
    session;
    channels = new Set();
    /**
     * `env`: where the key and known hosts variables are read (the runner's environment, never sent).
     * `recordDir`: where accept-new records the keys it trusted (the environment's state directory).
     */
    constructor(cfg, env, recordDir) {
        this.cfg = cfg;
        this.env = env;
        this.recordDir = recordDir;
    }
    get user() {
        return this.cfg.user ?? 'root';
    }
    get label() {
        return `${this.user}@${this.cfg.host}${this.cfg.port && this.cfg.port !== 22 ? `:${this.cfg.port}` : ''}`;
    }
    /** Checks the key and known hosts are there (before anything changes); prepares the connection files. */
    prepare() {
        if (this.argv)
            return this.argv;
        const keyVar = this.cfg.key ?? DEFAULT_KEY_VARIABLE;
        const knownVar = this.cfg.knownHosts ?? DEFAULT_KNOWN_HOSTS_VARIABLE;
        const key = this.env[keyVar];
        if (!key?.trim()) {
            throw new errors/* GlidepathError */.HT('GP-SSH-001', `No SSH private key for ${this.label}: the variable ${keyVar} is empty or unset.`, {
                fix: `Pass the key from a secret: env: { ${keyVar}: \${{ secrets.DEPLOY_SSH_KEY }} } on the step (or name another variable in ssh.key).`,
            });
        }
        const policy = this.cfg.hostKeys ?? 'strict';
        const known = this.env[knownVar] ?? '';
        if (policy === 'strict' && !known.trim()) {
            throw new errors/* GlidepathError */.HT('GP-SSH-001', `No known host keys for ${this.label}: the variable ${knownVar} is empty or unset, and ssh.hostKeys is strict.`, {
                fix: `Put the host's key line (ssh-keyscan -p ${this.cfg.port ?? 22} ${this.cfg.host}, checked out of band) in a secret or variable passed as ${knownVar}, or set ssh.hostKeys: accept-new to trust it on first use (recorded, a changed key refused).`,
            });
        }
        const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'glidepath-ssh-'));
        (0,external_node_fs_.chmodSync)(dir, 0o700);
        const keyFile = (0,external_node_path_.join)(dir, 'key');
        (0,external_node_fs_.writeFileSync)(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
        let knownFile = (0,external_node_path_.join)(dir, 'known_hosts');
        if (policy === 'accept-new') {
            (0,external_node_fs_.mkdirSync)(this.recordDir, { recursive: true });
            knownFile = (0,external_node_path_.join)(this.recordDir, 'ssh_known_hosts');
            const recorded = (0,external_node_fs_.existsSync)(knownFile) ? (0,external_node_fs_.readFileSync)(knownFile, 'utf8') : '';
            const missing = known.split('\n').filter((l) => l.trim() && !recorded.includes(l.trim()));
            if (missing.length)
                (0,external_node_fs_.writeFileSync)(knownFile, `${recorded}${recorded && !recorded.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`, { mode: 0o600 });
        }
        else
            (0,external_node_fs_.writeFileSync)(knownFile, known.endsWith('\n') ? known : `${known}\n`, { mode: 0o600 });
        this.dir = dir;
        this.argv = [
            '-F', '/dev/null',
            '-i', keyFile,
            '-o', 'IdentitiesOnly=yes',
            '-o', 'BatchMode=yes',
            '-o', `StrictHostKeyChecking=${policy === 'accept-new' ? 'accept-new' : 'yes'}`,
            '-o', `UserKnownHostsFile=${knownFile}`,
            '-o', 'GlobalKnownHostsFile=/dev/null',
            '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
            '-o', 'ServerAliveInterval=5',
            '-o', 'ServerAliveCountMax=3',
            '-o', 'ControlMaster=auto',
            '-o', `ControlPath=${(0,external_node_path_.join)(dir, 'cm')}`,
            '-o', 'ControlPersist=30',
            '-o', 'LogLevel=ERROR',
            '-p', String(this.cfg.port ?? 22),
            '-l', this.user,
        ];
        live.add(this);
        if (!exitHook) {
            exitHook = true;
            process.once('exit', () => { for (const h of live)
                h.closeSync(); });
        }
        return this.argv;
    }
    /** Runs a script on the host; a failure of ssh itself (unreachable, key refused, host key) is an error. */
    async run(script, options) {
        const argv = this.prepare();
        const input = options.input !== undefined && !options.input.endsWith('\n') ? `${options.input}\n` : options.input;
        // Glidepath's own scripts and users' commands alike through the session when it is free (a user's
        // command on a pipe of its own: ssh/session.ts), never a run whose process group must be registered.
        const session = !options.registry && SshSession.carries(input) ? this.freeSession(argv) : undefined;
        if (session) {
            const r = await session.exec(remoteCommand(script, options.env, options.args, this.cfg.dir), input, options.timeoutMs, `${options.label} on ${this.label}`, options.onLine, !options.own);
            if (r.code === SSH_FAILED)
                this.fail(r.stderr);
            if (r.code === NO_DIR_EXIT && `${r.stdout}${r.stderr}`.includes(NO_DIR))
                this.noDir();
            return { code: r.code, signal: r.signal, output: `${r.stdout}${r.stderr}`.slice(-8192), durationMs: r.durationMs };
        }
        const result = await (0,run/* runStreaming */.SL)('ssh', [...argv, this.cfg.host, '--', remoteCommand(script, options.env, options.args, this.cfg.dir)], {
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
            cwd: (0,external_node_os_.tmpdir)(),
            timeoutMs: options.timeoutMs,
            label: `${options.label} on ${this.label}`,
            input: options.input,
            registry: options.registry,
            onLine: options.onLine,
        });
        if (result.code === SSH_FAILED)
            this.fail(result.output);
        if (result.code === NO_DIR_EXIT && result.output.includes(NO_DIR))
            this.noDir();
        return result;
    }
    /**
     * A program of Glidepath's own kept running on the host for the run (its agent), spoken to in JSON
     * lines over the shared connection (ssh/channel.ts): started on the first request, in ssh.dir.
     */
    channel(script, options) {
        const argv = this.prepare();
        const channel = new SshChannel(argv, this.cfg.host, remoteCommand(script, options.env, options.args, this.cfg.dir), `${options.label} on ${this.label}`, (code, said) => {
            try {
                if (code === SSH_FAILED)
                    this.fail(said);
                if (code === NO_DIR_EXIT && said.includes(NO_DIR))
                    this.noDir();
            }
            catch (e) {
                return e;
            }
            return undefined;
        });
        this.channels.add(channel);
        return channel;
    }
    /** The host's shell session when no operation holds it (GLIDEPATH_SSH_SESSION=0: a call per operation, as before). */
    freeSession(argv) {
        if (process.env.GLIDEPATH_SSH_SESSION === '0')
            return undefined;
        this.session ??= new SshSession(argv, this.cfg.host);
        return this.session.idle ? this.session : undefined;
    }
    noDir() {
        throw new errors/* GlidepathError */.HT('GP-SSH-004', `The directory ${this.cfg.dir} (ssh.dir) does not exist on ${this.label}, or ${this.user} cannot enter it. Nothing was run there.`, {
            fix: `Create ${this.cfg.dir} on ${this.cfg.host} for ${this.user}, or correct ssh.dir (without it, commands run in the user's home).`,
        });
    }
    fail(output) {
        const said = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || 'the connection was lost (ssh exited 255 with no message: the host closed it or the network dropped it)';
        if (/host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .*host key is known/i.test(output)) {
            throw new errors/* GlidepathError */.HT('GP-SSH-003', `The host key of ${this.label} is not trusted: ${said}. Nothing was run there.`, {
                fix: `If ${this.cfg.host} was rebuilt, check its new key out of band (ssh-keyscan -p ${this.cfg.port ?? 22} ${this.cfg.host}, compared with the host's own /etc/ssh/*.pub) and put it in the secret or variable passed as ${this.cfg.knownHosts ?? 'GLIDEPATH_SSH_KNOWN_HOSTS'}${this.cfg.hostKeys === 'accept-new' ? ', and remove its old line from the ssh_known_hosts Glidepath recorded in the state directory' : ''}; otherwise someone may be impersonating it.`,
            });
        }
        throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not run on ${this.label}: ${said}.`, {
            fix: `Check that ${this.cfg.host} is up and reachable from the runner on port ${this.cfg.port ?? 22}, that the key is authorised for ${this.user}, and the firewall.`,
        });
    }
    /** Writes a file on the host atomically (a temporary file renamed over it). */
    async writeFile(path, content, timeoutMs) {
        const r = await this.capture('mkdir -p "$(dirname "$1")" && cat > "$1.glidepath-tmp" && mv -f "$1.glidepath-tmp" "$1"', [path], timeoutMs, `write ${path}`, content);
        if (r.code !== 0)
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not write ${path} on ${this.label}: ${(r.stderr + r.stdout).trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.user} may write ${path} on ${this.cfg.host}, and its free disk space.` });
    }
    /** A file's content on the host, undefined when it does not exist. */
    async readFile(path, timeoutMs) {
        const r = await this.capture('[ -f "$1" ] || exit 3; cat "$1"', [path], timeoutMs, `read ${path}`);
        if (r.code === 3)
            return undefined;
        if (r.code !== 0)
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not read ${path} on ${this.label}: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.user} may read ${path} on ${this.cfg.host}.` });
        return r.stdout;
    }
    /**
     * Runs one of Glidepath's own scripts and keeps its stdout apart (for what the host answers, not what it
     * logs): through the host's shell session when it is free and the input is text, else a call of its own
     * (an archive streamed in, or while the session is busy, as a lock renewal beside a state write).
     */
    async capture(script, args, timeoutMs, label, input) {
        const argv = this.prepare();
        const line = remoteCommand(script, {}, args, this.cfg.dir);
        const text = typeof input === 'object' ? undefined : input;
        const session = typeof input !== 'object' && SshSession.carries(text) ? this.freeSession(argv) : undefined;
        const r = session
            ? await session.exec(line, text, timeoutMs, `${label} on ${this.label}`)
            : await (0,run/* runProgram */.mB)('ssh', [...argv, this.cfg.host, '--', line], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `${label} on ${this.label}`, input });
        if (r.code === SSH_FAILED)
            this.fail(r.stderr);
        if (r.code === NO_DIR_EXIT && r.stderr.includes(NO_DIR))
            this.noDir();
        return r;
    }
    /**
     * Puts a directory of the runner on the host (tar through the connection), replacing `remoteDir` whole
     * only once everything arrived: a connection lost or a disk full mid-way leaves the old one. `exclude`
     * takes tar patterns (a bare name matches at any depth).
     */
    async uploadDir(localDir, remoteDir, exclude, timeoutMs) {
        const tar = (0,external_node_child_process_.spawn)('tar', ['-cf', '-', ...exclude.map((e) => `--exclude=${e}`), '-C', localDir, '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
        const tarDone = new Promise((done) => {
            let stderr = '';
            tar.stderr.on('data', (c) => { stderr += c.toString(); });
            tar.on('error', (e) => done({ code: -1, stderr: e.message }));
            tar.on('close', (code) => done({ code, stderr }));
        });
        const r = await this.capture('t="$1.glidepath-tmp"; rm -rf "$t" && mkdir -p "$t" && tar -xf - -C "$t" && touch "$t/.glidepath-complete" && rm -rf "$1" && mv "$t" "$1" || { rc=$?; rm -rf "$t"; exit $rc; }', [remoteDir], timeoutMs, `upload ${remoteDir}`, tar.stdout);
        const packed = await tarDone;
        if (packed.code !== 0)
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-004', `Could not pack ${localDir} for ${this.label}: ${packed.stderr.trim() || `tar exited ${packed.code}`}.`, { fix: `Check that tar is installed on the runner and ${localDir} is readable.` });
        if (r.code !== 0)
            this.uploadFailed(remoteDir, r);
    }
    /** Puts one file of the runner on the host (atomically, with mode 0755). */
    async uploadFile(localPath, remotePath, timeoutMs) {
        const r = await this.capture('mkdir -p "$(dirname "$1")" && cat > "$1.glidepath-tmp" && chmod 755 "$1.glidepath-tmp" && mv -f "$1.glidepath-tmp" "$1" || { rc=$?; rm -f "$1.glidepath-tmp"; exit $rc; }', [remotePath], timeoutMs, `upload ${remotePath}`, (0,external_node_fs_.createReadStream)(localPath));
        if (r.code !== 0)
            this.uploadFailed(remotePath, r);
    }
    uploadFailed(path, r) {
        const said = r.stderr.trim().split('\n').slice(-2).join(' | ') || `exit ${r.code}`;
        throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not put ${path} on ${this.label}: ${said}. What was there before is unchanged.`, {
            fix: /space|quota/i.test(said) ? `Free disk space on ${this.cfg.host} (df -h), then run again.` : `Check that ${this.user} may write ${path} on ${this.cfg.host}, and that tar is installed there.`,
        });
    }
    /**
     * A local address that reaches `remote` (host:port as the host sees it, usually 127.0.0.1:port) through
     * the shared connection: the runner probes a canary on the host without any port of the host being
     * open to it. The forward lives with the connection; a dead one is made again.
     */
    async forward(remote, timeoutMs, onNew) {
        const known = this.forwards.get(remote);
        if (known && (await (0,ports/* listening */.u)(known)))
            return known;
        // The forward rides on the master connection: make sure it is up (a no-op when it is).
        const up = await this.capture('true', [], timeoutMs, 'connect');
        if (up.code !== 0)
            this.fail(up.stderr);
        const port = await (0,ports/* freePort */.o)();
        const local = `127.0.0.1:${port}`;
        const r = await (0,run/* runProgram */.mB)('ssh', [...this.argv, '-O', 'forward', '-L', `${local}:${remote}`, this.cfg.host], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `forward to ${remote} on ${this.label}` });
        if (r.code !== 0) {
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not reach ${remote} on ${this.label} through the SSH connection: ${r.stderr.trim() || `exit ${r.code}`}.`, {
                fix: `Check that sshd on ${this.cfg.host} allows TCP forwarding (AllowTcpForwarding yes or local) for ${this.user}.`,
            });
        }
        this.forwards.set(remote, local);
        onNew?.(local);
        return local;
    }
    /**
     * The environment for a Docker CLI (and Compose) on the runner to drive this host's engine: DOCKER_HOST
     * ssh://, and first on PATH an `ssh` that is OpenSSH with this host's key, known hosts and shared
     * connection (docker runs `ssh ... docker system dial-stdio`, which then rides the multiplexed
     * connection). The host needs only sshd and Docker; its engine's socket is never exposed.
     */
    dockerEnv(path = process.env.PATH ?? '/usr/bin:/bin') {
        const argv = this.prepare();
        const bin = (0,external_node_path_.join)(this.dir, 'bin');
        const wrapper = (0,external_node_path_.join)(bin, 'ssh');
        if (!(0,external_node_fs_.existsSync)(wrapper)) {
            const real = path.split(':').map((d) => (0,external_node_path_.join)(d, 'ssh')).find((f) => !f.startsWith(bin) && (0,external_node_fs_.existsSync)(f)) ?? 'ssh';
            (0,external_node_fs_.mkdirSync)(bin, { mode: 0o700 });
            (0,external_node_fs_.writeFileSync)(wrapper, `#!/bin/sh\nexec ${shellQuote(real)} ${argv.map(shellQuote).join(' ')} "$@"\n`, { mode: 0o700 });
        }
        return { DOCKER_HOST: `ssh://${this.user}@${this.cfg.host.includes(':') ? `[${this.cfg.host}]` : this.cfg.host}:${this.cfg.port ?? 22}`, PATH: `${bin}:${path}` };
    }
    /** Ends the shared connection and removes the key (also done when the process exits). */
    closeSync() {
        this.session?.close();
        this.session = undefined;
        for (const c of this.channels)
            c.close();
        this.channels.clear();
        if (!this.dir)
            return;
        (0,external_node_child_process_.spawnSync)('ssh', ['-o', `ControlPath=${(0,external_node_path_.join)(this.dir, 'cm')}`, '-O', 'exit', this.cfg.host], { stdio: 'ignore', timeout: 3000 });
        (0,external_node_fs_.rmSync)(this.dir, { recursive: true, force: true });
        this.dir = undefined;
        this.argv = undefined;
        this.forwards.clear();
        live.delete(this);
    }
}

;// CONCATENATED MODULE: ./shared/providers/index.ts


const LOADERS = {
    local: async () => { const m = await Promise.all(/* import() */[__webpack_require__.e(85), __webpack_require__.e(30)]).then(__webpack_require__.bind(__webpack_require__, 5030)); return (deps) => new m.LocalProvider(deps); },
    // The local provider on a host over SSH: the runner's half (the host runs local.js through the agent).
    'local-ssh': async () => { const m = await Promise.all(/* import() */[__webpack_require__.e(85), __webpack_require__.e(30), __webpack_require__.e(63)]).then(__webpack_require__.bind(__webpack_require__, 3063)); return (deps) => new m.SshLocalProvider(deps); },
    command: async () => { const m = await Promise.all(/* import() */[__webpack_require__.e(85), __webpack_require__.e(48)]).then(__webpack_require__.bind(__webpack_require__, 2048)); return (deps) => new m.CommandProvider(deps); },
    kubernetes: async () => { const m = await Promise.all(/* import() */[__webpack_require__.e(762), __webpack_require__.e(684)]).then(__webpack_require__.bind(__webpack_require__, 2684)); return (deps) => new m.KubernetesProvider(deps); },
    helm: async () => { const m = await Promise.all(/* import() */[__webpack_require__.e(762), __webpack_require__.e(959)]).then(__webpack_require__.bind(__webpack_require__, 959)); return (deps) => new m.HelmProvider(deps); },
    compose: async () => { const m = await Promise.all(/* import() */[__webpack_require__.e(85), __webpack_require__.e(341)]).then(__webpack_require__.bind(__webpack_require__, 4341)); return (deps) => new m.ComposeProvider(deps); },
};
const loaded = new Map();
function unavailable(deps) {
    return new errors/* GlidepathError */.HT('GP-PROVIDER-006', `Provider "${deps.environment.provider}" is not available in this version of Glidepath.`, {
        fix: `Use provider local or command for environments.${deps.environment.key}, or a Glidepath release that ships the ${deps.environment.provider} provider.`,
    });
}
/** Which code drives an environment: the provider's, or its SSH variant when it has one and a host. */
function codeOf(deps) {
    const name = deps.environment.provider;
    return deps.environment.config.ssh?.host && LOADERS[`${name}-ssh`] ? `${name}-ssh` : name;
}
/**
 * Loads a provider's code (once); createProvider then builds it synchronously. An environment whose
 * targets are hosts over SSH gets the SSH variant as well (its targets are built from it).
 */
async function loadProvider(deps) {
    const { config, provider } = deps.environment;
    const names = [provider, codeOf(deps)];
    if (config.targets?.some((t) => !t.provider && t.ssh?.host) && LOADERS[`${provider}-ssh`])
        names.push(`${provider}-ssh`);
    // A mixed fleet: each target's own provider (and its SSH variant for a target on a host).
    for (const t of config.targets ?? []) {
        if (!t.provider)
            continue;
        names.push(t.provider);
        if ((t.ssh?.host ?? config.ssh?.host) && LOADERS[`${t.provider}-ssh`])
            names.push(`${t.provider}-ssh`);
    }
    for (const name of new Set(names)) {
        if (loaded.has(name))
            continue;
        const load = LOADERS[name];
        if (!load)
            throw unavailable(deps);
        loaded.set(name, await load());
    }
}
function createProvider(deps) {
    const make = loaded.get(codeOf(deps));
    if (!make) {
        if (!LOADERS[deps.environment.provider])
            throw unavailable(deps);
        throw new Error(`provider ${deps.environment.provider} used before loadProvider()`);
    }
    return make(deps.host || !deps.environment.config.ssh?.host ? deps : { ...deps, host: hostOf(deps) });
}
/** The environment's host over SSH: the transport its provider, router and lock are given. */
function hostOf(deps) {
    return new SshHost(deps.environment.config.ssh, deps.env, deps.store.dir);
}


/***/ }),

/***/ 8753:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jj: () => (/* binding */ cut),
/* harmony export */   Uw: () => (/* binding */ cutBytes),
/* harmony export */   b1: () => (/* binding */ LIMITS)
/* harmony export */ });
// GitHub's size limits, applied in one place: deployment status descriptions (140 characters),
// issue/PR comment bodies (65,536 characters) and job summaries (1 MiB).
const LIMITS = { statusDescription: 140, comment: 65_536, summary: 1024 * 1024 };
function cut(text, max, marker = '…') {
    if (text.length <= max)
        return text;
    return text.slice(0, Math.max(0, max - marker.length)) + marker;
}
function cutBytes(text, maxBytes, marker = '\n\n…(truncated)') {
    if (Buffer.byteLength(text) <= maxBytes)
        return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (Buffer.byteLength(text.slice(0, mid)) + Buffer.byteLength(marker) <= maxBytes)
            lo = mid;
        else
            hi = mid - 1;
    }
    return text.slice(0, lo) + marker;
}


/***/ }),

/***/ 4221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yh: () => (/* binding */ describeServing),
/* harmony export */   jo: () => (/* binding */ renderServing),
/* harmony export */   k0: () => (/* binding */ servesAsRouted)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(216);

/** What serves, in one phrase ("v2 takes 80%, v3 takes 20% but does not answer"). */
function describeServing(seen) {
    if (seen.routerUp === false && !seen.stable)
        return 'the router does not answer and routes nothing';
    if (!seen.stable)
        return 'nothing is routed';
    const part = (v) => `${v.version} takes ${v.weight}%${v.healthy ? '' : ' but does not answer'}`;
    const routed = [seen.stable, seen.canary].filter((v) => v !== null).map(part).join(', ');
    return seen.routerUp === false ? `the router does not answer (it would send: ${routed})` : routed;
}
/** Everything routed answers through a router that answers. */
function servesAsRouted(seen) {
    return seen.routerUp !== false && Boolean(seen.stable?.healthy) && (!seen.canary || seen.canary.healthy);
}
/** The summary's line about what serves, a warning when it does not serve as recorded. */
function renderServing(seen, recorded) {
    if (!recorded.stable && !seen.stable && !seen.canary)
        return '**Seen serving now:** nothing, as recorded.\n\n';
    const said = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(describeServing(seen));
    const agrees = seen.stable?.version === (recorded.stable ?? undefined) && (seen.canary?.version ?? null) === recorded.canary;
    if (servesAsRouted(seen) && agrees)
        return `**Seen serving now:** ${said}.\n\n`;
    return `> [!WARNING]\n> **Seen serving now:** ${said}; the record says ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(recorded.stable ?? 'nothing')}${recorded.canary ? ` with canary ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(recorded.canary)}` : ''}. The next deploy, canary step or rollback heals what can be healed, or stops with GP-STATE-002.\n\n`;
}


/***/ }),

/***/ 5975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ newRecord),
/* harmony export */   O: () => (/* binding */ finish)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function newRecord(fields) {
    return {
        schema: 1,
        id: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)(),
        startedAt: new Date().toISOString(),
        steps: [],
        step: null,
        weights: { stable: 100, canary: 0 },
        status: 'in_progress',
        ...fields,
    };
}
function finish(record, status, reason) {
    return { ...record, status, finishedAt: new Date().toISOString(), reason: reason ?? record.reason };
}


/***/ }),

/***/ 8529:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hn: () => (/* binding */ environmentSlug),
/* harmony export */   Zk: () => (/* binding */ carryState),
/* harmony export */   fy: () => (/* binding */ StateStore),
/* harmony export */   x5: () => (/* binding */ parseCarriedState)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _files_json_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7273);





const MAX_RECORDS = 200;
/** Records kept in the `state` output that carries the state to a later job. */
const CARRIED_RECORDS = 20;
/** A directory name for an environment: readable, and unique even when the name has odd characters. */
function environmentSlug(name) {
    const slug = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '_').slice(0, 80);
    return slug === name ? slug : `${slug}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.createHash)('sha256').update(name).digest('hex').slice(0, 8)}`;
}
class StateStore {
    environment;
    dir;
    file;
    constructor(stateDir, environment) {
        this.environment = environment;
        this.dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(stateDir, environmentSlug(environment));
        this.file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'state.json');
    }
    ensureDir() {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.dir, { recursive: true });
    }
    exists() {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.file);
    }
    /** Checked before every write: throws (GP-LOCK-003) once the run that opened this store no longer holds the lock. */
    fence;
    read() {
        const state = (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .Vh)(this.file, { schema: 1, environment: this.environment, stable: null, canary: null, records: [] });
        const wrong = stateProblem(state);
        if (wrong) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-STATE-001', `State file ${this.file} is not an environment state: ${wrong}.`, { fix: _files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .REBUILD_FIX */ .IL });
        }
        const read = state;
        return { ...read, stable: read.stable ?? null, canary: read.canary ?? null };
    }
    write(state) {
        this.fence?.();
        this.ensureDir();
        (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(this.file, { ...state, records: keptRecords(state.records, MAX_RECORDS) });
    }
    /** Inserts or replaces a record (by id) and applies the other changes in one atomic write. */
    saveRecord(record, change = {}) {
        const state = this.read();
        const records = state.records.filter((r) => r.id !== record.id);
        const index = state.records.findIndex((r) => r.id === record.id);
        if (index >= 0)
            records.splice(index, 0, record);
        else
            records.push(record);
        const next = { ...state, ...change, records };
        this.write(next);
        return next;
    }
    latest() {
        const { records } = this.read();
        return records[records.length - 1];
    }
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** What makes a parsed file not an environment state (its schema, checked field by field), or undefined. */
function stateProblem(value) {
    if (!isObject(value))
        return `it holds ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not an object`;
    if (value.schema !== 1)
        return `schema is ${JSON.stringify(value.schema) ?? 'missing'}, not 1`;
    if (typeof value.environment !== 'string')
        return 'environment is not a name';
    if (!Array.isArray(value.records))
        return `records is ${value.records === null ? 'null' : value.records === undefined ? 'missing' : 'not a list'}`;
    const bad = value.records.findIndex((r) => !isObject(r) || typeof r.id !== 'string' || typeof r.version !== 'string' || typeof r.status !== 'string');
    if (bad >= 0)
        return `records[${bad}] is not a deployment record (id, version, status)`;
    if (value.stable != null && !(isObject(value.stable) && typeof value.stable.version === 'string' && typeof value.stable.recordId === 'string'))
        return 'stable is neither null nor { version, recordId }';
    if (value.canary != null && !(isObject(value.canary) && typeof value.canary.version === 'string' && typeof value.canary.recordId === 'string' && typeof value.canary.weight === 'number' && typeof value.canary.step === 'number')) {
        return 'canary is neither null nor { version, recordId, weight, step }';
    }
    for (const key of ['standby', 'pending', 'hold']) {
        if (value[key] !== undefined && value[key] !== null && !isObject(value[key]))
            return `${key} is not an object`;
    }
    if (isObject(value.standby) && typeof value.standby.version !== 'string')
        return 'standby has no version';
    if (isObject(value.pending) && (typeof value.pending.op !== 'string' || typeof value.pending.version !== 'string'))
        return 'pending is not an operation (op, version)';
    return undefined;
}
/** Records whose steps keep their interval-by-interval series (the charts of recent reports); older ones drop them. */
const CHARTED_RECORDS = 10;
/** The newest `max` records; those past the newest CHARTED_RECORDS without their steps' interval series. */
function keptRecords(records, max) {
    const kept = records.slice(-max);
    const from = kept.length - CHARTED_RECORDS;
    return kept.map((r, i) => (i >= from || !r.steps?.some((s) => s.intervals) ? r : { ...r, steps: r.steps.map(({ intervals: _i, units: _u, ...s }) => s) }));
}
/** The state as one line of JSON for the `state` output: what a later job (another runner) needs. */
function carryState(state) {
    return JSON.stringify({ ...state, records: keptRecords(state.records, CARRIED_RECORDS) });
}
/** The `state` input (another job's `state` output), checked before anything relies on it. */
function parseCarriedState(raw, environment) {
    let state;
    try {
        state = JSON.parse(raw);
    }
    catch (e) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `Input state is not JSON: ${e.message}.`, { fix: 'Pass the state output of an earlier deploy, canary-step or rollback step unchanged (e.g. state: ${{ needs.deploy.outputs.state }}).' });
    }
    const wrong = stateProblem(state);
    if (wrong) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `Input state is not a Glidepath environment state: ${wrong}.`, { fix: 'Pass the state output of an earlier deploy, canary-step or rollback step unchanged.' });
    }
    if (state.environment !== environment) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `Input state is ${state.environment}'s, not ${environment}'s.`, { fix: 'Pass the state output of a step that acted on the same environment.' });
    }
    return state;
}


/***/ }),

/***/ 3424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs)
/* harmony export */ });
/* unused harmony export backoffDelay */
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4772);

function backoffDelay(attempt, baseMs, maxMs, random = Math.random) {
    const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
async function retry(fn, options) {
    const { retries, baseMs = 200, maxMs = 10_000, deadline, shouldRetry = () => true } = options;
    for (let attempt = 0;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            if (attempt >= retries || !shouldRetry(error, attempt))
                throw error;
            let wait = options.retryAfterMs?.(error) ?? backoffDelay(attempt, baseMs, maxMs, options.random);
            if (deadline !== undefined) {
                const left = deadline - Date.now();
                if (left <= 0)
                    throw error;
                wait = Math.min(wait, left);
            }
            options.onRetry?.(error, attempt + 1, wait);
            await (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .sleep */ .yy)(wait);
        }
    }
}
/** A Retry-After header (seconds or an HTTP date) as milliseconds to wait, at most a minute; undefined when absent or unreadable. */
function retryAfterMs(header, now = Date.now()) {
    if (!header)
        return undefined;
    const secs = Number(header);
    if (Number.isFinite(secs))
        return Math.max(0, Math.min(secs * 1000, 60_000));
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - now, 60_000));
}


/***/ })

};
