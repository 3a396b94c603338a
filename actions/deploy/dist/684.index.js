export const id = 684;
export const ids = [684];
export const modules = {

/***/ 2684:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KubernetesProvider: () => (/* binding */ KubernetesProvider),
  manifestList: () => (/* binding */ manifestList)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/template/render.ts
var render = __webpack_require__(9273);
// EXTERNAL MODULE: ./shared/config/resolve.ts
var resolve = __webpack_require__(6433);
// EXTERNAL MODULE: ./shared/runtime/context.ts
var context = __webpack_require__(3538);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/kube/kubectl.ts
var kubectl = __webpack_require__(7044);
// EXTERNAL MODULE: ./shared/kube/manifests.ts
var manifests = __webpack_require__(6184);
// EXTERNAL MODULE: ./shared/kube/rollout.ts
var rollout = __webpack_require__(895);
// EXTERNAL MODULE: ./shared/kube/cluster-state.ts
var cluster_state = __webpack_require__(1776);
// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var cohorts = __webpack_require__(3706);
;// CONCATENATED MODULE: ./shared/traffic/gateway-api.ts

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cookieRegex = (name, value) => `(^|;\\s*)${escapeRegex(name)}=${escapeRegex(value)}(;|$)`;
/**
 * The rules cohorts add beside a routed rule (Gateway API's precedence: a match with headers or a method
 * beats the same path without): one sending match cohorts to the canary, by header (a cookie as a
 * RegularExpression on the Cookie header, implementation-specific), and one copying the mirrored
 * methods' requests to the canary with a RequestMirror filter while serving them at the route's weights.
 */
function cohortRules(rule, stableRef, canaryName, weight, cohorts) {
    const matches = rule.matches?.length ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
    const canaryRef = { name: canaryName, ...(stableRef.port !== undefined ? { port: stableRef.port } : {}) };
    const filters = rule.filters ?? [];
    const out = [];
    if (cohorts.match.length) {
        const headerMatches = cohorts.match.map((m) => (m.header
            ? { type: 'Exact', name: m.header.name, value: m.header.value }
            : { type: 'RegularExpression', name: 'Cookie', value: cookieRegex(m.cookie.name, m.cookie.value) }));
        out.push({ kind: 'match', rule: { ...(filters.length ? { filters } : {}), matches: matches.flatMap((m) => headerMatches.map((h) => ({ ...m, headers: [...(m.headers ?? []), h] }))), backendRefs: [canaryRef] } });
    }
    if (cohorts.mirror) {
        const methods = cohorts.mirror.methods.filter((m) => METHODS.has(m));
        out.push({
            kind: 'mirror',
            rule: {
                filters: [...filters, { type: 'RequestMirror', requestMirror: { backendRef: canaryRef, percent: cohorts.mirror.weight } }],
                matches: matches.flatMap((m) => methods.filter((method) => !m.method || m.method === method).map((method) => ({ ...m, method }))),
                backendRefs: [{ ...stableRef, weight: 100 - weight }, { ...canaryRef, weight }],
            },
        });
    }
    return out.filter((r) => r.rule.matches.length > 0);
}
const isServiceRef = (ref, name) => ref.name === name && (ref.kind ?? 'Service') === 'Service' && (ref.group ?? '') === '';
class GatewayApiRouter {
    kubectl;
    settings;
    memory;
    timeoutMs;
    cohorts;
    name = 'gateway-api';
    constructor(kubectl, settings, memory, timeoutMs, cohorts) {
        this.kubectl = kubectl;
        this.settings = settings;
        this.memory = memory;
        this.timeoutMs = timeoutMs;
        this.cohorts = cohorts;
    }
    async route() {
        const route = await this.kubectl.get('httproutes.gateway.networking.k8s.io', this.settings.route, this.settings.namespace, this.timeoutMs());
        if (!route) {
            throw new errors/* GlidepathError */.HT('GP-K8S-005', `HTTPRoute ${this.settings.route}${this.settings.namespace ? ` in ${this.settings.namespace}` : ''} does not exist.`, {
                fix: 'Create the HTTPRoute (with a backendRef to the stable Service) or correct traffic.gatewayApi.route / namespace. Nothing was changed.',
            });
        }
        return route;
    }
    /** The rules that send traffic to the stable Service, with where its and the canary's backendRefs are. */
    routedRules(route) {
        const rules = route.spec?.rules ?? [];
        const found = rules.map((r, rule) => {
            const refs = r.backendRefs ?? [];
            return { rule, refs, stable: refs.findIndex((b) => isServiceRef(b, this.settings.stableService)), canary: refs.findIndex((b) => isServiceRef(b, this.settings.canaryService)) };
        }).filter((r) => r.stable >= 0);
        if (found.length === 0) {
            throw new errors/* GlidepathError */.HT('GP-K8S-005', `HTTPRoute ${this.settings.route} has no backendRef to the stable Service "${this.settings.stableService}".`, {
                fix: `Point a rule of the HTTPRoute at Service ${this.settings.stableService} (or set kubernetes.service to the Service it uses). Nothing was changed.`,
            });
        }
        return found;
    }
    async check() {
        this.routedRules(await this.route());
    }
    /** The canary backend's share in the first rule that routes to stable (a backendRef without a weight weighs 1). */
    async canaryWeight() {
        const [r] = this.routedRules(await this.route());
        if (r.canary < 0)
            return 0;
        const stable = Number(r.refs[r.stable].weight ?? 1);
        const canary = Number(r.refs[r.canary].weight ?? 1);
        return stable + canary > 0 ? Math.round((100 * canary) / (stable + canary)) : 0;
    }
    async setWeight(weight) {
        const route = await this.route();
        const rules = this.routedRules(route);
        let original = await this.memory.load();
        if (!original) {
            original = { rules: rules.map((r) => ({ rule: r.rule, stable: r.refs[r.stable].weight ?? null, canary: r.canary >= 0 ? (r.refs[r.canary].weight ?? null) : null, addedCanary: r.canary < 0 })) };
            await this.memory.save(original);
        }
        const ops = [];
        // Cohort rules go in with the first weight, after the route's own rules.
        let added;
        if (this.cohorts && !original.added) {
            const length = route.spec?.rules?.length ?? 0;
            added = [];
            for (const r of rules) {
                for (const extra of cohortRules(route.spec.rules[r.rule], r.refs[r.stable], this.settings.canaryService, weight, this.cohorts)) {
                    added.push({ kind: extra.kind, index: length + added.length });
                    ops.push({ op: 'add', path: '/spec/rules/-', value: extra.rule });
                }
            }
        }
        for (const r of rules) {
            const base = `/spec/rules/${r.rule}/backendRefs`;
            ops.push({ op: 'test', path: `${base}/${r.stable}/name`, value: this.settings.stableService });
            ops.push({ op: 'add', path: `${base}/${r.stable}/weight`, value: 100 - weight });
            if (r.canary >= 0) {
                ops.push({ op: 'test', path: `${base}/${r.canary}/name`, value: this.settings.canaryService });
                ops.push({ op: 'add', path: `${base}/${r.canary}/weight`, value: weight });
            }
            else {
                const stableRef = r.refs[r.stable];
                ops.push({ op: 'add', path: `${base}/-`, value: { name: this.settings.canaryService, ...(stableRef.port !== undefined ? { port: stableRef.port } : {}), weight } });
            }
        }
        await this.kubectl.patchJson('httproutes.gateway.networking.k8s.io', this.settings.route, this.settings.namespace, ops, this.timeoutMs());
        if (added)
            await this.memory.save({ ...original, added });
    }
    async restore() {
        const original = await this.memory.load();
        if (!original)
            return;
        const route = await this.route();
        const ops = [];
        // The cohort rules first, from the last: each is checked to still be ours (its canary backend).
        for (const a of [...(original.added ?? [])].sort((x, y) => y.index - x.index)) {
            const rule = route.spec?.rules?.[a.index];
            if (!rule)
                continue;
            const at = `/spec/rules/${a.index}`;
            if (a.kind === 'match')
                ops.push({ op: 'test', path: `${at}/backendRefs/0/name`, value: this.settings.canaryService });
            else
                ops.push({ op: 'test', path: `${at}/filters/${(rule.filters ?? []).length - 1}/type`, value: 'RequestMirror' });
            ops.push({ op: 'remove', path: at });
        }
        for (const o of original.rules) {
            const refs = route.spec?.rules?.[o.rule]?.backendRefs ?? [];
            const base = `/spec/rules/${o.rule}/backendRefs`;
            const stable = refs.findIndex((b) => isServiceRef(b, this.settings.stableService));
            const canary = refs.findIndex((b) => isServiceRef(b, this.settings.canaryService));
            if (stable >= 0) {
                ops.push({ op: 'test', path: `${base}/${stable}/name`, value: this.settings.stableService });
                ops.push(o.stable === null ? { op: 'remove', path: `${base}/${stable}/weight` } : { op: 'add', path: `${base}/${stable}/weight`, value: o.stable });
            }
            if (canary >= 0) {
                ops.push({ op: 'test', path: `${base}/${canary}/name`, value: this.settings.canaryService });
                if (o.addedCanary)
                    ops.push({ op: 'remove', path: `${base}/${canary}` });
                else
                    ops.push(o.canary === null ? { op: 'remove', path: `${base}/${canary}/weight` } : { op: 'add', path: `${base}/${canary}/weight`, value: o.canary });
            }
        }
        // `remove` of a weight that is absent fails a JSON patch: drop those.
        const present = ops.filter((op) => op.op !== 'remove' || !String(op.path).endsWith('/weight') || weightAt(route, String(op.path)) !== undefined);
        if (present.some((op) => op.op !== 'test'))
            await this.kubectl.patchJson('httproutes.gateway.networking.k8s.io', this.settings.route, this.settings.namespace, present, this.timeoutMs());
        await this.memory.save(undefined);
    }
}
function weightAt(route, path) {
    const m = /^\/spec\/rules\/(\d+)\/backendRefs\/(\d+)\/weight$/.exec(path);
    return m ? route.spec?.rules?.[Number(m[1])]?.backendRefs?.[Number(m[2])]?.weight : undefined;
}

;// CONCATENATED MODULE: ./shared/traffic/nginx-ingress.ts


const PREFIX = 'nginx.ingress.kubernetes.io/';
const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';
const WEIGHT_ANNOTATION = 'nginx.ingress.kubernetes.io/canary-weight';
/**
 * ingress-nginx's own cohort annotations on the canary Ingress: one header at one value
 * (canary-by-header), one cookie at "always" (canary-by-cookie), and session affinity, which a canary
 * Ingress honours (affinity-canary-behavior sticky: a client the canary served stays there).
 */
function cohortAnnotations(cohorts) {
    const out = {};
    if (!cohorts)
        return out;
    const header = cohorts.match.find((m) => m.header)?.header;
    const cookie = cohorts.match.find((m) => m.cookie)?.cookie;
    if (header) {
        out[`${PREFIX}canary-by-header`] = header.name;
        out[`${PREFIX}canary-by-header-value`] = header.value;
    }
    if (cookie)
        out[`${PREFIX}canary-by-cookie`] = cookie.name;
    if (cohorts.affinity) {
        out[`${PREFIX}affinity`] = 'cookie';
        out[`${PREFIX}affinity-canary-behavior`] = 'sticky';
        out[`${PREFIX}session-cookie-name`] = cohorts.affinity.cookie;
        out[`${PREFIX}session-cookie-max-age`] = String(cohorts.affinity.maxAgeSeconds);
    }
    return out;
}
class NginxIngressRouter {
    kubectl;
    settings;
    timeoutMs;
    cohorts;
    name = 'nginx-ingress';
    constructor(kubectl, settings, timeoutMs, cohorts) {
        this.kubectl = kubectl;
        this.settings = settings;
        this.timeoutMs = timeoutMs;
        this.cohorts = cohorts;
    }
    get canaryName() {
        return `${this.settings.ingress}-canary`;
    }
    /** The canary Ingress: the user's rules, only the paths that reach the stable Service, sent to the canary Service. */
    canaryIngress(main, weight) {
        const rules = (0,manifests/* clone */.o8)(main.spec?.rules ?? []).map((rule) => {
            const paths = (rule.http?.paths ?? []).filter((p) => p.backend?.service?.name === this.settings.stableService);
            for (const p of paths)
                p.backend.service.name = this.settings.canaryService;
            return { ...rule, http: { paths } };
        }).filter((rule) => rule.http.paths.length > 0);
        if (rules.length === 0) {
            throw new errors/* GlidepathError */.HT('GP-K8S-005', `Ingress ${this.settings.ingress} has no path whose backend is the stable Service "${this.settings.stableService}".`, {
                fix: 'Point the Ingress at the stable Service, or set kubernetes.service to the Service it uses. Nothing was changed.',
            });
        }
        return {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            metadata: {
                name: this.canaryName,
                ...(main.metadata.namespace ? { namespace: main.metadata.namespace } : {}),
                labels: { 'app.kubernetes.io/managed-by': 'glidepath' },
                annotations: { [CANARY_ANNOTATION]: 'true', [WEIGHT_ANNOTATION]: String(weight), ...cohortAnnotations(this.cohorts) },
            },
            spec: { ...(main.spec?.ingressClassName ? { ingressClassName: main.spec.ingressClassName } : {}), ...(main.spec?.tls ? { tls: main.spec.tls } : {}), rules },
        };
    }
    async main() {
        const main = await this.kubectl.get('ingresses.networking.k8s.io', this.settings.ingress, this.settings.namespace, this.timeoutMs());
        if (!main) {
            throw new errors/* GlidepathError */.HT('GP-K8S-005', `Ingress ${this.settings.ingress}${this.settings.namespace ? ` in ${this.settings.namespace}` : ''} does not exist.`, {
                fix: 'Create the Ingress for the stable Service, or correct traffic.ingress. Nothing was changed.',
            });
        }
        return main;
    }
    /** The canary Ingress's weight annotation; 0 when there is no canary Ingress. */
    async canaryWeight() {
        const canary = await this.kubectl.get('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, this.timeoutMs());
        const weight = Number(canary?.metadata?.annotations?.[WEIGHT_ANNOTATION] ?? 0);
        return Number.isFinite(weight) ? Math.max(0, Math.min(100, weight)) : 0;
    }
    async check() {
        this.canaryIngress(await this.main(), 0);
    }
    async setWeight(weight) {
        const existing = await this.kubectl.get('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, this.timeoutMs());
        if (existing) {
            await this.kubectl.patchMerge('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, { metadata: { annotations: { [WEIGHT_ANNOTATION]: String(weight) } } }, this.timeoutMs());
            return;
        }
        await this.kubectl.apply([this.canaryIngress(await this.main(), weight)], { timeoutMs: this.timeoutMs(), what: `kubectl apply ingress/${this.canaryName}` });
    }
    async restore() {
        await this.kubectl.delete('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, this.timeoutMs());
    }
}

;// CONCATENATED MODULE: ./shared/traffic/in-place.ts

// What the in-place routers share (partition.ts: a StatefulSet's ordinals; nodes.ts: a DaemonSet's
// nodes): a weight is a share of whole pods or nodes, and the stable version the canary started from is
// kept in the router's memory so that an abort can re-apply it.
/** How many of `total` ordinals (or nodes) run the canary at `weight`: at least one, and all only at 100%. */
function unitsAt(total, weight) {
    if (weight >= 100)
        return total;
    if (weight <= 0)
        return 0;
    return Math.max(1, Math.min(total - 1 || 1, Math.round((total * weight) / 100)));
}
/** The share of `total` that `updated` units are, as a step weight: 100 only when all are, at least 1. */
function shareOf(updated, total) {
    if (updated >= total)
        return 100;
    return Math.min(99, Math.max(1, Math.round((100 * updated) / total)));
}
/** Weights increase step by step once resolved, or the steps cannot be told apart (GP-CONFIG-002). */
function checkResolved(steps, what, unit) {
    steps.forEach((s, i) => {
        if (i > 0 && s.weight <= steps[i - 1].weight) {
            throw new errors/* GlidepathError */.HT('GP-CONFIG-002', `canary.steps[${i}] (${what(i)}) updates no more ${unit} than the step before (${what(i - 1)}): both come to ${s.weight}%.`, {
                fix: `Make each step update more ${unit} than the one before, or drop step ${i}.`,
            });
        }
    });
    return steps;
}
/** An in-place router's common part: the workload it updates, its memory of the stable version, no check before the first deploy. */
class InPlaceBase {
    kubectl;
    settings;
    memory;
    timeoutMs;
    log;
    approximate = true;
    constructor(kubectl, settings, memory, timeoutMs, log) {
        this.kubectl = kubectl;
        this.settings = settings;
        this.memory = memory;
        this.timeoutMs = timeoutMs;
        this.log = log;
    }
    async stable() {
        return (await this.memory.load())?.stable;
    }
    async check() {
        // The workload may not exist yet (first deploy): a first version is deployed whole.
    }
}

;// CONCATENATED MODULE: ./shared/traffic/partition.ts



/**
 * A StatefulSet of `total` replicas: each partition step's weight is the share of ordinals at or above its
 * partition. A partition at or above the replica count would update nothing (GP-CONFIG-002).
 */
function partitionSteps(steps, total, name) {
    const resolved = steps.map((s, i) => {
        if (s.partition === undefined)
            return s;
        if (s.partition >= total) {
            throw new errors/* GlidepathError */.HT('GP-CONFIG-002', `canary.steps[${i}].partition is ${s.partition}, but statefulset/${name} has ${total} replica${total === 1 ? '' : 's'} (ordinals 0-${total - 1}): no ordinal would be updated.`, {
                fix: `Use partitions below ${total}, going down step by step (e.g. ${[...new Set([Math.max(0, total - 1), Math.floor(total / 2), 0])].join(', ')}), or weights.`,
            });
        }
        return { ...s, weight: shareOf(total - s.partition, total) };
    });
    return checkResolved(resolved, (i) => (steps[i].partition !== undefined ? `partition ${steps[i].partition}` : `weight ${steps[i].weight}`), 'ordinals');
}
class PartitionRouter extends InPlaceBase {
    plannedReplicas;
    name = 'partition';
    /** Partitions the steps asked for, by their resolved weight. */
    partitions = new Map();
    constructor(kubectl, settings, memory, timeoutMs, log, 
    /** The replica count the rollout will have (the manifests'), when known without the cluster. */
    plannedReplicas = () => undefined) {
        super(kubectl, settings, memory, timeoutMs, log);
        this.plannedReplicas = plannedReplicas;
    }
    async resolve(steps) {
        if (!steps.some((s) => s.partition !== undefined))
            return steps;
        let total = this.plannedReplicas();
        if (total === undefined) {
            const sts = await this.kubectl.get('statefulset', this.settings.name, this.settings.namespace, this.timeoutMs());
            if (!sts)
                return steps;
            total = Number(sts.spec?.replicas ?? 1);
        }
        const resolved = partitionSteps(steps, total, this.settings.name);
        resolved.forEach((s, i) => {
            if (steps[i].partition !== undefined)
                this.partitions.set(s.weight, steps[i].partition);
        });
        return resolved;
    }
    /** The canary's share: the StatefulSet's pods on its update revision while two revisions run. */
    async canaryWeight() {
        const sts = await this.kubectl.get('statefulset', this.settings.name, this.settings.namespace, this.timeoutMs());
        const status = sts?.status ?? {};
        if (!sts || !status.updateRevision || status.updateRevision === status.currentRevision)
            return 0;
        const total = Number(sts.spec?.replicas ?? 1);
        return total > 0 ? Math.round((100 * Number(status.updatedReplicas ?? 0)) / total) : 0;
    }
    async setWeight(weight, versions) {
        if (versions.stable)
            await this.memory.save({ stable: versions.stable });
        const sts = await this.kubectl.get('statefulset', this.settings.name, this.settings.namespace, this.timeoutMs());
        const total = Number(sts?.spec?.replicas ?? 1);
        const asked = this.partitions.get(weight);
        const partition = asked !== undefined && asked < total ? asked : total - unitsAt(total, weight);
        const updated = total - partition;
        this.log(`Partition ${partition} of statefulset/${this.settings.name}: ordinal${updated === 1 ? '' : 's'} ${partition}${updated > 1 ? `-${total - 1}` : ''} run ${versions.canary ?? 'the canary'} (${updated} of ${total} pods, about ${Math.round((100 * updated) / total)}% of traffic; approximate, by pod count).`);
        await this.kubectl.patchMerge('statefulset', this.settings.name, this.settings.namespace, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } } }, this.timeoutMs());
        await (0,rollout/* waitForRollouts */.hS)(this.kubectl, [{ kind: 'statefulset', name: this.settings.name, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() });
    }
    async restore() {
        await this.memory.save(undefined);
    }
}

;// CONCATENATED MODULE: ./shared/traffic/nodes.ts




/** Whether a node's labels match a selector of `key`, `!key`, `key=value` and `key!=value` terms, comma-separated (all must hold). */
function matchesSelector(labels, selector) {
    return selector.split(',').map((t) => t.trim()).filter(Boolean).every((term) => {
        const ne = term.indexOf('!=');
        if (ne > 0)
            return labels[term.slice(0, ne)] !== term.slice(ne + 2);
        const eq = term.indexOf('=');
        if (eq > 0)
            return labels[term.slice(0, eq)] === term.slice(eq + 1).replace(/^=/, '');
        if (term.startsWith('!'))
            return !(term.slice(1) in labels);
        return term in labels;
    });
}
/**
 * The node group of each step over the DaemonSet's `nodes`: a count grows the group with the next nodes by
 * name, a selector adds the nodes it matches; each step's weight is the group's share. A selector that
 * matches none of the DaemonSet's nodes, or a step that adds none, is refused (GP-CONFIG-002).
 */
function nodeSteps(steps, nodes, name) {
    const all = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
    const group = new Set();
    const groups = [];
    const resolved = steps.map((s, i) => {
        if (typeof s.nodes === 'string') {
            const matched = all.filter((n) => matchesSelector(n.labels, s.nodes));
            if (matched.length === 0) {
                throw new errors/* GlidepathError */.HT('GP-CONFIG-002', `canary.steps[${i}].nodes "${s.nodes}" matches none of the ${all.length} node${all.length === 1 ? '' : 's'} daemonset/${name} runs on (${all.slice(0, 5).map((n) => n.name).join(', ')}${all.length > 5 ? ', …' : ''}).`, {
                    fix: 'Use a label the nodes carry (kubectl get nodes --show-labels), or a count of nodes.',
                });
            }
            for (const n of matched)
                group.add(n.name);
        }
        else {
            const count = typeof s.nodes === 'number' ? s.nodes : unitsAt(all.length, s.weight);
            for (const n of all) {
                if (group.size >= count)
                    break;
                group.add(n.name);
            }
        }
        groups.push([...group].sort());
        return { ...s, weight: shareOf(group.size, all.length) };
    });
    const what = (i) => (steps[i].nodes !== undefined ? `nodes ${JSON.stringify(steps[i].nodes)}` : `weight ${steps[i].weight}`);
    return { steps: checkResolved(resolved, what, 'nodes'), groups };
}
const versionOf = (template) => {
    const v = template?.metadata?.annotations?.[manifests/* VERSION_KEY */.nS] ?? template?.metadata?.labels?.[manifests/* VERSION_KEY */.nS];
    return typeof v === 'string' ? v : undefined;
};
/** The canary's share of a DaemonSet being updated node by node: its nodes on the newest revision (0 when it is not being stepped). */
function weightOf(ds) {
    if (!ds || ds.spec?.updateStrategy?.type !== 'OnDelete' || ds.metadata.annotations?.[manifests/* NODES_UPDATED_KEY */.sQ] === undefined)
        return 0;
    const desired = Number(ds.status?.desiredNumberScheduled ?? 0);
    const updated = Number(ds.status?.updatedNumberScheduled ?? 0);
    return desired > 0 && updated > 0 ? shareOf(updated, desired) : 0;
}
class NodesRouter extends InPlaceBase {
    name = 'nodes';
    /** The node group of each resolved step, by its weight. */
    groups = new Map();
    daemonSet() {
        return this.kubectl.get('daemonset', this.settings.name, this.settings.namespace, this.timeoutMs());
    }
    /** The DaemonSet's pods (owned by it) and, when asked, the hash of its newest revision. */
    async pods(ds, withNewest = true) {
        const labels = ds.spec?.selector?.matchLabels ?? {};
        const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || undefined;
        const owned = (o) => o.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid) ?? false;
        const [pods, revisions] = await Promise.all([
            this.kubectl.list('pods', this.settings.namespace, this.timeoutMs(), selector),
            withNewest ? this.kubectl.list('controllerrevisions', this.settings.namespace, this.timeoutMs(), selector) : [],
        ]);
        const newest = revisions.filter(owned).sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0))[0];
        return { pods: pods.filter(owned), newest: newest?.metadata.labels?.['controller-revision-hash'] };
    }
    /** The nodes the DaemonSet runs on now, with their labels. */
    async nodes(ds) {
        const { pods } = await this.pods(ds, false);
        const names = new Set(pods.map((p) => String(p.spec?.nodeName ?? '')).filter(Boolean));
        const nodes = await this.kubectl.list('nodes', undefined, this.timeoutMs());
        return nodes.filter((n) => names.has(n.metadata.name)).map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {} }));
    }
    async resolve(steps) {
        const ds = await this.daemonSet();
        if (!ds)
            return steps;
        const nodes = await this.nodes(ds);
        if (nodes.length === 0)
            return steps;
        const plan = nodeSteps(steps, nodes, this.settings.name);
        plan.steps.forEach((s, i) => this.groups.set(s.weight, plan.groups[i]));
        return plan.steps;
    }
    /** The canary's share: the DaemonSet's nodes on its newest revision while it updates node by node. */
    async canaryWeight() {
        return weightOf(await this.daemonSet());
    }
    /** The versions the DaemonSet's pods run now: the newest revision's (the canary while it updates) and the older one's. */
    async seen() {
        const ds = await this.daemonSet();
        const template = versionOf(ds?.spec?.template);
        if (!ds || !template)
            return undefined;
        const weight = weightOf(ds);
        const ready = Number(ds.status?.numberReady ?? 0);
        if (weight === 0)
            return { template, weight, ready };
        const { pods, newest } = await this.pods(ds);
        const oldHash = pods.map((p) => p.metadata.labels?.['controller-revision-hash']).find((h) => h && h !== newest);
        const revision = oldHash ? await this.kubectl.get('controllerrevision', `${this.settings.name}-${oldHash}`, this.settings.namespace, this.timeoutMs()) : undefined;
        return { template, older: versionOf(revision?.data?.spec?.template), weight, ready };
    }
    async setWeight(weight, versions) {
        if (versions.stable)
            await this.memory.save({ stable: versions.stable });
        const ds = await this.daemonSet();
        if (!ds)
            throw new errors/* GlidepathError */.HT('GP-K8S-003', `daemonset/${this.settings.name} does not exist; its canary cannot move.`, { fix: 'Deploy the version again (the deploy creates it).' });
        const { pods, newest } = await this.pods(ds);
        const all = [...new Set(pods.map((p) => String(p.spec?.nodeName ?? '')).filter(Boolean))].sort();
        const group = weight >= 100 ? all : this.groups.get(weight) ?? all.slice(0, unitsAt(all.length, weight));
        const inGroup = new Set(group);
        const stale = pods.filter((p) => inGroup.has(String(p.spec?.nodeName)) && p.metadata.labels?.['controller-revision-hash'] !== newest && !p.metadata.deletionTimestamp);
        const ahead = pods.filter((p) => !inGroup.has(String(p.spec?.nodeName)) && p.metadata.labels?.['controller-revision-hash'] === newest).length;
        if (ahead > 0)
            this.log(`${ahead} node${ahead === 1 ? '' : 's'} outside this step's group already run${ahead === 1 ? 's' : ''} ${versions.canary ?? 'the canary'}; a DaemonSet updated by deleting pods cannot step back (an abort re-applies the stable version).`);
        this.log(`Nodes of daemonset/${this.settings.name}: ${group.length} of ${all.length} run ${versions.canary ?? 'the canary'} (${group.join(', ')}); ${stale.length} pod${stale.length === 1 ? '' : 's'} replaced now.`);
        await this.kubectl.patchMerge('daemonset', this.settings.name, this.settings.namespace, { metadata: { annotations: { [manifests/* NODES_UPDATED_KEY */.sQ]: String(group.length + ahead) } } }, this.timeoutMs());
        if (stale.length > 0) {
            await this.kubectl.run(['delete', 'pod', ...stale.map((p) => p.metadata.name), ...(this.settings.namespace ? ['-n', this.settings.namespace] : []), '--wait=false'], { timeoutMs: this.timeoutMs(), what: `kubectl delete pods of daemonset/${this.settings.name}` });
        }
        await (0,rollout/* waitForRollouts */.hS)(this.kubectl, [{ kind: 'daemonset', name: this.settings.name, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() });
    }
    async restore() {
        await this.memory.save(undefined);
        const ds = await this.daemonSet();
        if (ds?.metadata.annotations?.[manifests/* NODES_UPDATED_KEY */.sQ] !== undefined) {
            await this.kubectl.patchMerge('daemonset', this.settings.name, this.settings.namespace, { metadata: { annotations: { [manifests/* NODES_UPDATED_KEY */.sQ]: null } } }, this.timeoutMs());
        }
    }
}

;// CONCATENATED MODULE: ./shared/traffic/replicas.ts

function replicaSplit(total, weight) {
    if (weight <= 0)
        return { stable: total, canary: 0 };
    if (weight >= 100)
        return { stable: 0, canary: Math.max(1, total) };
    if (total <= 1)
        return { stable: 1, canary: 1 };
    const canary = Math.min(total - 1, Math.max(1, Math.round((total * weight) / 100)));
    return { stable: total - canary, canary };
}
class ReplicasRouter {
    kubectl;
    settings;
    memory;
    timeoutMs;
    log;
    name = 'replicas';
    approximate = true;
    constructor(kubectl, settings, memory, timeoutMs, log) {
        this.kubectl = kubectl;
        this.settings = settings;
        this.memory = memory;
        this.timeoutMs = timeoutMs;
        this.log = log;
    }
    async total() {
        const saved = await this.memory.load();
        if (saved)
            return saved.replicas;
        const stable = await this.kubectl.get(this.settings.kind, this.settings.stable, this.settings.namespace, this.timeoutMs());
        const replicas = Number(stable?.spec?.replicas ?? 1);
        await this.memory.save({ replicas });
        return replicas;
    }
    /** The canary's share of the ready pods (approximate: the Service spreads requests by pod). */
    async canaryWeight() {
        const [stable, canary] = await Promise.all([this.settings.stable, this.settings.canary].map((name) => this.kubectl.get(this.settings.kind, name, this.settings.namespace, this.timeoutMs())));
        const ready = (o) => Number(o?.status?.readyReplicas ?? 0);
        const total = ready(stable) + ready(canary);
        return total > 0 ? Math.round((100 * ready(canary)) / total) : 0;
    }
    async check() {
        // The stable workload may not exist yet (first deploy); the split is computed when it does.
    }
    async setWeight(weight) {
        const total = await this.total();
        const split = replicaSplit(total, weight);
        const actual = Math.round((100 * split.canary) / (split.canary + split.stable || 1));
        this.log(`Replica split for ${weight}%: ${split.canary} canary / ${split.stable} stable pods (about ${actual}% of traffic; approximate, by pod count).`);
        // The canary grows before the stable shrinks, so capacity never dips.
        await this.kubectl.patchMerge(this.settings.kind, this.settings.canary, this.settings.namespace, { spec: { replicas: split.canary } }, this.timeoutMs());
        await this.kubectl.patchMerge(this.settings.kind, this.settings.stable, this.settings.namespace, { spec: { replicas: split.stable } }, this.timeoutMs());
        await (0,rollout/* waitForRollouts */.hS)(this.kubectl, [{ kind: this.settings.kind, name: this.settings.canary, namespace: this.settings.namespace }, { kind: this.settings.kind, name: this.settings.stable, namespace: this.settings.namespace }], {
            timeoutMs: this.timeoutMs(),
        });
    }
    /**
     * The stable workload back to its full count, and ready, before this returns: only then are the
     * canary's pods removed (an abort at a high weight would otherwise leave a few stable pods with all
     * the traffic while the rest start: the capacity cliff of Argo Rollouts #3888).
     */
    async restore() {
        const saved = await this.memory.load();
        if (!saved)
            return;
        const stable = await this.kubectl.get(this.settings.kind, this.settings.stable, this.settings.namespace, this.timeoutMs());
        if (stable) {
            const ready = Number(stable.status?.readyReplicas ?? 0);
            await this.kubectl.patchMerge(this.settings.kind, this.settings.stable, this.settings.namespace, { spec: { replicas: saved.replicas } }, this.timeoutMs());
            if (ready < saved.replicas) {
                this.log(`Stable ${this.settings.kind}/${this.settings.stable} back to ${saved.replicas} pods (${ready} ready): waiting for them to be ready before the canary's pods go.`);
                await (0,rollout/* waitForRollouts */.hS)(this.kubectl, [{ kind: this.settings.kind, name: this.settings.stable, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() });
            }
        }
        await this.memory.save(undefined);
    }
}

;// CONCATENATED MODULE: ./shared/traffic/cluster.ts






const named = (config, name) => config.traffic?.router === name;
/** A router that updates the workload in place: named, or the default for its kind when no router is named. */
const inPlace = (kind, name) => (config, cluster) => cluster.workload?.kind === kind && (config.traffic?.router === undefined || named(config, name));
const service = (cluster) => cluster.service;
const workload = (cluster) => cluster.workload;
/** In order: the first that carries the environment's traffic is built. */
const CLUSTER_ROUTERS = [
    {
        name: 'gateway-api',
        carries: (config, cluster) => named(config, 'gateway-api') && Boolean(config.traffic?.gatewayApi && cluster.service),
        create: (config, cluster) => new GatewayApiRouter(cluster.kubectl, {
            route: config.traffic.gatewayApi.route, namespace: config.traffic.gatewayApi.namespace ?? cluster.namespace, stableService: service(cluster), canaryService: `${service(cluster)}-canary`,
        }, cluster.memory('router.gateway-api'), () => cluster.timeoutMs(), (0,cohorts/* cohortsOf */.gb)(config.canary)),
    },
    {
        name: 'nginx-ingress',
        carries: (config, cluster) => named(config, 'nginx-ingress') && Boolean(config.traffic?.ingress && cluster.service),
        create: (config, cluster) => new NginxIngressRouter(cluster.kubectl, {
            ingress: config.traffic.ingress, namespace: cluster.namespace, stableService: service(cluster), canaryService: `${service(cluster)}-canary`,
        }, () => cluster.timeoutMs(), (0,cohorts/* cohortsOf */.gb)(config.canary)),
    },
    {
        name: 'partition',
        carries: inPlace('statefulset', 'partition'),
        create: (_config, cluster) => new PartitionRouter(cluster.kubectl, { namespace: cluster.namespace, name: workload(cluster).name }, cluster.memory('router.partition'), () => cluster.timeoutMs(), (m) => cluster.log(m), () => cluster.plannedReplicas()),
    },
    {
        name: 'nodes',
        carries: inPlace('daemonset', 'nodes'),
        create: (_config, cluster) => new NodesRouter(cluster.kubectl, { namespace: cluster.namespace, name: workload(cluster).name }, cluster.memory('router.nodes'), () => cluster.timeoutMs(), (m) => cluster.log(m)),
    },
    {
        name: 'replicas',
        carries: (config, cluster) => Boolean(cluster.workload) && (config.traffic === undefined || named(config, 'replicas')),
        create: (_config, cluster) => new ReplicasRouter(cluster.kubectl, { kind: workload(cluster).kind, namespace: cluster.namespace, stable: workload(cluster).name, canary: `${workload(cluster).name}-canary` }, cluster.memory('router.replicas'), () => cluster.timeoutMs(), (m) => cluster.log(m)),
    },
];
/** The router that carries the environment's traffic on the cluster, or undefined when none does (a plain rolling update). */
function clusterRouter(config, cluster) {
    return CLUSTER_ROUTERS.find((r) => r.carries(config, cluster))?.create(config, cluster);
}
/** Whether the workload is updated in place by its router (a StatefulSet's partition, a DaemonSet's nodes), and which. */
function inPlaceKind(config, cluster) {
    if (inPlace('statefulset', 'partition')(config, cluster))
        return 'statefulset';
    if (inPlace('daemonset', 'nodes')(config, cluster))
        return 'daemonset';
    return undefined;
}

// EXTERNAL MODULE: ./shared/kube/lease.ts
var lease = __webpack_require__(6236);
;// CONCATENATED MODULE: ./shared/kube/standby.ts

// rollback.window on Kubernetes (issue 37). After a version goes live, the one it replaced keeps running
// as `<deployment>-previous`: a copy of the Deployment as it served, whose pods no Service selects. A
// rollback to it within the window checks that every replica of the copy is ready, then moves the
// Service's selector onto the copy: one change, and traffic is back on the old version. The Deployment
// itself is rolled back after that, and the Service moves back to it.
//
// Argo Rollouts keeps the old ReplicaSet up for scaleDownDelaySeconds. A Deployment's own controller scales
// its old ReplicaSets down as the new one becomes ready, so the copy is what keeps the previous pods: it
// costs the same (a second set of pods for the window), and it is started once the new version serves.
const STANDBY_SUFFIX = 'previous';
/** On the copy: the selector that reaches its pods (JSON), and the Service it is kept for. */
const SWITCH_KEY = 'glidepath.dev/switch-selector';
const SERVICE_KEY = 'glidepath.dev/standby-for-service';
/**
 * The selector a Service gets to reach the copy's pods and none of the Deployment's (nor the canary's):
 * every value suffixed, the track label (a routed environment's) set to `previous`.
 */
function standbySelector(selector) {
    return Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, k === manifests/* TRACK_LABEL */.l8 ? STANDBY_SUFFIX : suffixed(v)]));
}
/** A label value is at most 63 characters. */
function suffixed(value) {
    const tail = `-${STANDBY_SUFFIX}`;
    return `${value.slice(0, 63 - tail.length)}${tail}`;
}
/** The version a workload's pod template runs (Glidepath's stamp). */
function templateVersion(o) {
    const t = o?.spec?.template?.metadata;
    const v = t?.annotations?.[manifests/* VERSION_KEY */.nS] ?? t?.labels?.[manifests/* VERSION_KEY */.nS];
    return typeof v === 'string' ? v : undefined;
}
/**
 * The copy kept for the window of a live Deployment (as it serves now) behind `service`: same pods, same
 * replicas, labels the Service does not select until a rollback moves it.
 */
function standbyCopy(live, service) {
    const selector = standbySelector((service.spec?.selector ?? {}));
    const c = (0,manifests/* clone */.o8)(live);
    delete c.status;
    c.metadata = {
        name: `${live.metadata.name}-${STANDBY_SUFFIX}`,
        ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}),
        labels: { ...(live.metadata.labels ?? {}), [manifests/* TRACK_LABEL */.l8]: STANDBY_SUFFIX },
        annotations: { [manifests/* VERSION_KEY */.nS]: templateVersion(live) ?? '', [SWITCH_KEY]: JSON.stringify(selector), [SERVICE_KEY]: service.metadata.name },
    };
    const template = c.spec.template;
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [manifests/* TRACK_LABEL */.l8]: STANDBY_SUFFIX, ...selector } };
    const match = { ...(c.spec.selector?.matchLabels ?? {}) };
    for (const k of Object.keys(match))
        if (k in selector)
            match[k] = selector[k];
    c.spec.selector = { ...(c.spec.selector ?? {}), matchLabels: { ...match, [manifests/* TRACK_LABEL */.l8]: STANDBY_SUFFIX } };
    // Nothing rolls it: it is replaced whole by the next window's copy.
    delete c.spec.paused;
    return c;
}
/** The copy kept for `deployment`, as the cluster has it now; undefined when there is none. */
async function readStandby(kubectl, deployment, namespace, timeoutMs) {
    const name = `${deployment}-${STANDBY_SUFFIX}`;
    const o = await kubectl.get('deployment', name, namespace, timeoutMs);
    if (!o)
        return undefined;
    const replicas = o.spec?.replicas === undefined ? 1 : Number(o.spec.replicas);
    const ready = Number(o.status?.readyReplicas ?? 0);
    const updated = Number(o.status?.updatedReplicas ?? 0);
    const seen = Number(o.status?.observedGeneration ?? 0) >= Number(o.metadata.generation ?? 0);
    let selector = {};
    try {
        selector = JSON.parse(o.metadata.annotations?.[SWITCH_KEY] ?? '{}');
    }
    catch {
        selector = {};
    }
    return {
        name, deployment, version: templateVersion(o), replicas, ready, settled: seen && replicas > 0 && ready >= replicas && updated >= replicas,
        selector, service: o.metadata.annotations?.[SERVICE_KEY],
    };
}

;// CONCATENATED MODULE: ./shared/providers/kubernetes.ts














// Kubernetes through kubectl (SPEC 4). Manifests are rendered here (image, namespace, stamp, track
// labels), applied in one call on stdin, and every workload is waited on under one deadline. Canary
// and blue-green run a `-canary` / `-green` copy of the primary workload and its Service; a router
// splits traffic. The rendered spec of each version is kept in the environment's state ConfigMap, so
// promote and rollback re-apply exactly what was verified.
const KIND_ORDER = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Service'];
function manifestList(value) {
    const list = Array.isArray(value) ? value : (value ?? '').split(/[\n,;]/);
    return list.map((s) => s.trim()).filter(Boolean);
}
function sortForApply(objects) {
    const rank = (o) => (KIND_ORDER.includes(o.kind) ? KIND_ORDER.indexOf(o.kind) : KIND_ORDER.length);
    return [...objects].map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map((x) => x.o);
}
/** A live object as a manifest: what the server owns (status, uid, revision, managed fields) removed. */
function cleanLive(o) {
    const c = (0,manifests/* clone */.o8)(o);
    delete c.status;
    for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'])
        delete c.metadata[k];
    if (c.metadata.annotations) {
        delete c.metadata.annotations['deployment.kubernetes.io/revision'];
        delete c.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
    }
    return c;
}
/** Two label selectors that select the same pods: the same keys with the same values. */
function sameSelector(a, b) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
class KubernetesProvider {
    deps;
    name = 'kubernetes';
    kubectl;
    cfg;
    state;
    router;
    /** The environment's namespace; templated, so previews can use one namespace per pull request. */
    namespace;
    opTimeoutMs;
    constructor(deps) {
        this.deps = deps;
        this.cfg = (deps.environment.config.kubernetes ?? {});
        this.opTimeoutMs = deps.environment.timeoutMs;
        this.namespace = this.cfg.namespace ? (0,render/* render */.XX)(this.cfg.namespace, (0,resolve/* templateContext */.WX)(deps.event, (0,resolve/* environmentFields */.pj)(deps.environment)), 'kubernetes.namespace') : undefined;
        // The config check keeps kubeconfig inside the workspace.
        const kubeconfig = this.cfg.kubeconfig ? (0,external_node_path_.resolve)(deps.workspace, this.cfg.kubeconfig) : undefined;
        this.kubectl = new kubectl/* Kubectl */.b({ binary: this.cfg.kubectl, kubeconfig, context: this.cfg.context, env: deps.env, cwd: deps.workspace });
        this.state = new cluster_state/* ClusterState */.Ol(this.kubectl, this.namespace, deps.environment.name);
        this.router = clusterRouter(deps.environment.config, this.cluster());
        // What the cluster runs can be read wherever the workload can be named (the config, or the manifests).
        if (this.cfg.workload || this.cfg.manifests)
            this.observe = () => this.look();
    }
    /** What the cluster serves, read from the cluster (issue 35): see look(). */
    observe;
    /** rollback.window: a Deployment keeps the version it replaced running as `<name>-previous` (kube/standby.ts). */
    get keepsPrevious() {
        return this.primaryWorkload()?.kind === 'deployment' && !this.inPlace;
    }
    /** The primary workload: named by the config, else the one the manifests hold (as a deploy finds it). */
    primaryWorkload() {
        if (this.workloadRef)
            return this.workloadRef;
        // Read from the manifests once per run: every look (before the operation, after it, report) asks.
        if (this.manifestWorkload === undefined) {
            try {
                const objects = (0,manifests/* loadManifests */.DD)(manifestList(this.cfg.manifests), this.deps.workspace);
                const w = objects.some(manifests/* isWorkload */.gv) ? (0,manifests/* findWorkload */.pH)(objects, undefined) : undefined;
                this.manifestWorkload = w ? { kind: w.kind.toLowerCase(), name: w.metadata.name } : null;
            }
            catch {
                this.manifestWorkload = null;
            }
        }
        return this.manifestWorkload ?? undefined;
    }
    manifestWorkload;
    /**
     * The stable workload's version (its pod template's glidepath.dev/version) and whether any of its pods
     * is ready, the -canary copy's the same way, and the canary's share as the route (or the ready pods)
     * has it now. Kubernetes restarts its own pods, so a workload with no ready pod is unhealthy, never
     * gone; one that does not exist is not served.
     */
    async look() {
        const ref = this.primaryWorkload();
        if (!ref)
            return { stable: null, canary: null };
        const timeout = Math.min(this.opTimeoutMs, 15_000);
        if (this.inPlace === 'statefulset')
            return this.lookPartitioned(ref.name, timeout);
        if (this.inPlace === 'daemonset')
            return this.lookNodes();
        const [stable, canary, standby] = await Promise.all([
            ...[ref.name, `${ref.name}-canary`].map((name) => this.kubectl.get(ref.kind, name, this.namespace, timeout)),
            this.keepsPrevious ? this.standby() : undefined,
        ]);
        const served = (o, weight) => {
            const version = templateVersion(o);
            if (!o || version === undefined)
                return null;
            return { version, weight, healthy: Number(o.status?.readyReplicas ?? o.status?.numberReady ?? 0) > 0, gone: false };
        };
        const canaryWeight = canary && this.router?.canaryWeight ? await this.router.canaryWeight() : 0;
        const seenCanary = served(canary, canaryWeight);
        // The copy kept for the rollback window runs (a rollback checks that every replica is ready before using it).
        const warm = standby?.version && standby.replicas > 0 ? [standby.version] : [];
        return {
            stable: served(stable, seenCanary ? 100 - canaryWeight : 100),
            canary: seenCanary,
            ...(this.router?.approximate ? { approximate: true } : {}),
            ...(this.keepsPrevious ? { warm } : {}),
        };
    }
    /**
     * A partitioned StatefulSet: while two revisions run, the stable version is its current revision's (read
     * from that ControllerRevision) and the canary its template's, weighted by the pods updated.
     */
    async lookPartitioned(name, timeout) {
        const sts = await this.kubectl.get('statefulset', name, this.namespace, timeout);
        const versionOf = (template) => {
            const v = template?.metadata?.annotations?.[manifests/* VERSION_KEY */.nS] ?? template?.metadata?.labels?.[manifests/* VERSION_KEY */.nS];
            return typeof v === 'string' ? v : undefined;
        };
        const templateVersion = versionOf(sts?.spec?.template);
        if (!sts || !templateVersion)
            return { stable: null, canary: null };
        const status = sts.status ?? {};
        const total = Number(sts.spec?.replicas ?? 1);
        const ready = Number(status.readyReplicas ?? 0);
        if (!status.updateRevision || status.updateRevision === status.currentRevision) {
            return { stable: { version: templateVersion, weight: 100, healthy: ready > 0, gone: false }, canary: null };
        }
        const revision = status.currentRevision ? await this.kubectl.get('controllerrevision', status.currentRevision, this.namespace, timeout) : undefined;
        const stableVersion = versionOf(revision?.data?.spec?.template) ?? null;
        const weight = total > 0 ? Math.round((100 * Number(status.updatedReplicas ?? 0)) / total) : 0;
        return {
            stable: stableVersion ? { version: stableVersion, weight: 100 - weight, healthy: ready > 0, gone: false } : null,
            canary: { version: templateVersion, weight, healthy: ready > 0, gone: false },
            approximate: true,
        };
    }
    /** A DaemonSet updated node by node: the newest revision's pods are the canary while the update is stepped. */
    async lookNodes() {
        const seen = await this.router.seen();
        if (!seen)
            return { stable: null, canary: null };
        if (seen.weight === 0)
            return { stable: { version: seen.template, weight: 100, healthy: seen.ready > 0, gone: false }, canary: null };
        return {
            stable: seen.older ? { version: seen.older, weight: 100 - seen.weight, healthy: seen.ready > 0, gone: false } : null,
            canary: { version: seen.template, weight: seen.weight, healthy: seen.ready > 0, gone: false },
            approximate: true,
        };
    }
    get workloadRef() {
        if (!this.cfg.workload)
            return undefined;
        const [kind, name] = this.cfg.workload.includes('/') ? this.cfg.workload.split('/', 2) : ['deployment', this.cfg.workload];
        return { kind: kind.toLowerCase(), name };
    }
    /**
     * A StatefulSet's canary moves its partition (traffic/partition.ts) rather than running a -canary copy
     * with volumes of its own; a DaemonSet's updates node group by node group (traffic/nodes.ts) rather than
     * running the agent twice on every node.
     */
    get inPlace() {
        return inPlaceKind(this.deps.environment.config, { workload: this.workloadRef });
    }
    /** The canary's steps with the weights the cluster gives them (a partition's or a node group's share), checked against it. */
    async resolveSteps(steps) {
        const router = this.router;
        return this.inPlace && router ? router.resolve(steps) : steps;
    }
    /** The replicas of the primary workload in the manifests (what a rollout will have), when they can be read without the cluster. */
    plannedReplicas() {
        if (!this.cfg.manifests || !this.workloadRef)
            return undefined;
        try {
            const w = (0,manifests/* findWorkload */.pH)((0,manifests/* loadManifests */.DD)(manifestList(this.cfg.manifests), this.deps.workspace), `${this.workloadRef.kind}/${this.workloadRef.name}`);
            return w.spec?.replicas === undefined ? 1 : Number(w.spec.replicas);
        }
        catch {
            return undefined;
        }
    }
    get routed() {
        const router = this.deps.environment.config.traffic?.router;
        return router === 'gateway-api' || router === 'nginx-ingress';
    }
    /** The cluster as its router sees it (traffic/cluster.ts builds the router the config names over it). */
    cluster() {
        const ref = this.workloadRef;
        return {
            kubectl: this.kubectl,
            namespace: this.namespace,
            workload: ref,
            service: this.cfg.service ?? ref?.name,
            memory: (key) => ({
                load: async () => this.state.getJson(key, this.opTimeoutMs),
                save: async (value) => this.state.set({ [key]: value === undefined ? undefined : JSON.stringify(value) }, this.opTimeoutMs),
            }),
            timeoutMs: () => this.opTimeoutMs,
            log: (m) => this.deps.log.info(m),
            plannedReplicas: () => this.plannedReplicas(),
        };
    }
    /**
     * The manifests for `version`, ready to apply: image, namespace, stamp and track labels. The deploy
     * renders again under the lock (set-image mode reads the live workload), so its preflight is quiet.
     */
    async render(version, image, quiet = false) {
        const objects = this.cfg.manifests ? (0,manifests/* loadManifests */.DD)(manifestList(this.cfg.manifests), this.deps.workspace) : await this.liveObjects();
        const workload = this.cfg.workload || objects.some(manifests/* isWorkload */.gv) ? (0,manifests/* findWorkload */.pH)(objects, this.cfg.workload) : undefined;
        if (image) {
            (0,manifests/* checkImage */.cd)(image);
            const changes = (0,manifests/* substituteImage */.gA)(objects, image, { container: this.cfg.container, workload });
            if (!quiet)
                for (const c of changes)
                    this.deps.log.info(`  image ${c.object} ${c.container}: ${c.from} -> ${c.to}`);
        }
        (0,manifests/* assignNamespace */.Nd)(objects, this.namespace);
        const ctx = this.deps.event;
        const stamp = {
            'glidepath.dev/version': version,
            'glidepath.dev/environment': this.deps.environment.name,
            'glidepath.dev/sha': ctx.sha,
            'glidepath.dev/ref': ctx.ref,
            'glidepath.dev/actor': ctx.actor,
            'glidepath.dev/workflow': ctx.workflow,
            'glidepath.dev/run-url': (0,context/* runUrl */.Vp)(ctx) ?? '',
            'glidepath.dev/deployed-at': new Date().toISOString(),
        };
        for (const k of Object.keys(stamp))
            if (!stamp[k])
                delete stamp[k];
        const ns = this.namespace;
        if (this.cfg.createNamespace && ns && !objects.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)) {
            objects.unshift({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
        }
        (0,manifests/* stampObjects */.OS)(objects, stamp, this.state.environmentLabel, version);
        const service = workload ? (0,manifests/* findService */.Ln)(objects, workload, this.cfg.service) : undefined;
        if (this.routed && workload) {
            // The stable Service must not reach canary pods once a router splits traffic.
            (0,manifests/* addTrack */.je)(workload, 'stable', { selector: false });
            if (service)
                (0,manifests/* addTrack */.je)(service, 'stable', { selector: false });
        }
        return { objects: sortForApply(objects), workload, service };
    }
    get failFastMs() {
        return this.deps.environment.durations.failFast;
    }
    /**
     * Without manifests (set-image mode): the live workload and its Service, read from the cluster and
     * cleaned of server-owned fields, stand in for them. Only the image and the stamp change.
     */
    async liveObjects() {
        const ref = this.workloadRef;
        if (!ref)
            throw new errors/* GlidepathError */.HT('GP-K8S-002', 'Without kubernetes.manifests, kubernetes.workload names the workload whose image is set.', { fix: 'Set kubernetes.manifests, or kubernetes.workload (e.g. deployment/web).' });
        const live = await this.kubectl.get(ref.kind, ref.name, this.namespace, this.opTimeoutMs);
        if (!live) {
            throw new errors/* GlidepathError */.HT('GP-K8S-002', `${ref.kind}/${ref.name}${this.namespace ? ` in ${this.namespace}` : ''} does not exist, and there are no manifests to create it from.`, {
                fix: 'Create the workload first, or set kubernetes.manifests.',
            });
        }
        const service = await this.kubectl.get('service', this.cfg.service ?? ref.name, this.namespace, this.opTimeoutMs);
        return [live, ...(service ? [service] : [])].map(cleanLive);
    }
    /** What the deploy's applyAndWait calls rolled out, by object (for the record and the summary). */
    rolledOut = new Map();
    /** Applies objects and waits for every workload among them, under one deadline. */
    async applyAndWait(objects, timeoutMs, what) {
        const started = Date.now();
        this.deps.log.info(`Applying ${objects.length} object(s) for ${what}: ${objects.map(manifests/* objectRef */.DA).join(', ')}`);
        const applied = await this.kubectl.apply(objects, { timeoutMs, serverSide: this.cfg.serverSide, what: `kubectl apply (${what})` });
        await this.remember(objects);
        const workloads = applied.filter(manifests/* isWorkload */.gv).map((o) => ({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }));
        const done = await (0,rollout/* waitForRollouts */.hS)(this.kubectl, workloads, { timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)), failFastMs: this.failFastMs, log: (m) => this.deps.log.info(m) });
        for (const d of done)
            this.rolledOut.set(d.object, d);
    }
    async remember(objects) {
        const inventory = (await this.state.getJson('inventory', this.opTimeoutMs)) ?? [];
        const key = (e) => `${e.kind}/${e.namespace ?? ''}/${e.name}`;
        const known = new Set(inventory.map(key));
        const added = objects.map((o) => ({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace })).filter((e) => !known.has(key(e)));
        if (added.length > 0)
            await this.state.set({ inventory: JSON.stringify([...inventory, ...added]) }, this.opTimeoutMs);
    }
    variantObjects(rendered, suffix) {
        if (!rendered.workload)
            throw new errors/* GlidepathError */.HT('GP-K8S-002', 'The manifests contain no Deployment, StatefulSet or DaemonSet to copy.', { fix: 'Add the workload to the manifests, or use strategy rolling.' });
        const v = (0,manifests/* variant */.Ox)(rendered.workload, rendered.service, suffix);
        return v.service ? [v.service, v.workload] : [v.workload];
    }
    async deleteVariant(suffix, version) {
        const ref = this.workloadRef ?? (version ? await this.recordedWorkload(version) : undefined);
        if (!ref)
            return;
        const service = this.cfg.service ?? ref.name;
        await this.kubectl.delete(ref.kind, `${ref.name}-${suffix}`, this.namespace, this.opTimeoutMs);
        await this.kubectl.delete('service', `${service}-${suffix}`, this.namespace, this.opTimeoutMs);
    }
    async recordedWorkload(version) {
        const spec = await this.state.loadSpec(version, this.opTimeoutMs);
        const w = spec?.find(manifests/* isWorkload */.gv);
        return w ? { kind: w.kind.toLowerCase(), name: w.metadata.name } : undefined;
    }
    async preflight(request) {
        this.opTimeoutMs = request.timeoutMs;
        const rendered = await this.render(request.version, request.image, true);
        if (request.strategy !== 'rolling' && !rendered.workload) {
            throw new errors/* GlidepathError */.HT('GP-K8S-002', `strategy ${request.strategy} needs a Deployment, StatefulSet or DaemonSet in the manifests.`, { fix: 'Add the workload to the manifests, or use strategy rolling.' });
        }
        if (request.strategy === 'canary' && !this.router) {
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-006', 'A canary on Kubernetes needs a traffic router: traffic.router gateway-api (with gatewayApi.route), nginx-ingress (with ingress) or replicas.', {
                fix: `Add a traffic section to environments.${this.deps.environment.key}, or use strategy rolling.`,
            });
        }
        if (this.routed && request.strategy !== 'rolling' && !rendered.service) {
            throw new errors/* GlidepathError */.HT('GP-K8S-002', `No Service in the manifests selects ${(0,manifests/* objectRef */.DA)(rendered.workload)}; a ${request.strategy} through ${this.router?.name} needs one.`, {
                fix: 'Add the Service to the manifests, or name it with kubernetes.service.',
            });
        }
        if (!this.cfg.workload && request.strategy !== 'rolling') {
            throw new errors/* GlidepathError */.HT('GP-CONFIG-006', `strategy ${request.strategy} on Kubernetes needs kubernetes.workload (kind/name of the workload to copy as -canary or -green).`, {
                fix: `Set kubernetes.workload, e.g. workload: deployment/${rendered.workload?.metadata.name ?? 'web'}.`,
            });
        }
        const expected = this.cfg.service ?? this.workloadRef?.name;
        if (this.routed && rendered.service && rendered.service.metadata.name !== expected) {
            throw new errors/* GlidepathError */.HT('GP-CONFIG-006', `Service ${rendered.service.metadata.name} fronts ${(0,manifests/* objectRef */.DA)(rendered.workload)} but is named differently, so the router would look for ${expected}.`, {
                fix: `Set kubernetes.service: ${rendered.service.metadata.name} in environments.${this.deps.environment.key}.`,
            });
        }
        if (this.router && request.strategy !== 'rolling')
            await this.router.check();
        // A partition beyond the replicas, or a node selector matching no node, is refused before anything changes.
        if (request.strategy === 'canary' && request.previousVersion)
            await this.resolveSteps(this.deps.environment.config.canary?.steps ?? []);
    }
    async deploy(request) {
        this.opTimeoutMs = request.timeoutMs;
        this.rolledOut.clear();
        const resources = () => ({ resources: [...this.rolledOut.values()].slice(0, 20) });
        const started = Date.now();
        const left = () => Math.max(1000, request.timeoutMs - (Date.now() - started));
        const rendered = await this.render(request.version, request.image);
        // The namespace first: the state ConfigMap that records the spec lives in it.
        const ownNamespace = rendered.objects.filter((o) => o.kind === 'Namespace' && o.metadata.name === this.namespace);
        if (ownNamespace.length > 0)
            await this.kubectl.apply(ownNamespace, { timeoutMs: request.timeoutMs, serverSide: this.cfg.serverSide, what: `kubectl apply namespace/${this.namespace}` });
        await this.state.saveSpec(request.version, rendered.objects, request.timeoutMs);
        if (request.strategy === 'rolling' || (request.strategy === 'canary' && !request.previousVersion)) {
            if (request.strategy === 'canary')
                this.deps.log.info(`No stable version yet: ${request.version} is deployed as stable and as canary.`);
            // rollback.window: the Deployment as it serves now is what the copy kept for the window runs.
            const before = request.strategy === 'rolling' && request.keepPrevious && request.previousVersion ? await this.servingNow(left()) : undefined;
            try {
                await this.applyAndWait(rendered.objects, left(), `${request.version}`);
            }
            catch (e) {
                await this.restorePrevious(request.previousVersion, e);
                throw e;
            }
            if (request.strategy === 'rolling') {
                await this.serviceOffStandby(rendered, left());
                const kept = before && request.previousVersion ? await this.keepStandby(before, rendered.service, request.previousVersion, left()) : undefined;
                return { ...resources(), ...(kept ? { standby: kept } : {}) };
            }
        }
        if (request.strategy === 'canary' && this.inPlace) {
            // The new revision applied without a pod changing (a StatefulSet's partition at its replica count, a
            // DaemonSet's update on delete); the first weight then updates the first ordinals or nodes.
            const objects = (0,manifests/* clone */.o8)(rendered.objects);
            const kind = this.inPlace === 'statefulset' ? 'StatefulSet' : 'DaemonSet';
            const w = objects.find((o) => o.kind === kind && o.metadata.name === this.workloadRef?.name);
            const total = Number(w.spec?.replicas ?? 1);
            w.spec = { ...w.spec, updateStrategy: kind === 'StatefulSet' ? { type: 'RollingUpdate', rollingUpdate: { partition: total } } : { type: 'OnDelete' } };
            await this.applyAndWait(objects, left(), `${request.version} (${kind === 'StatefulSet' ? `partition ${total}` : 'update on delete'}: no pod updated yet)`);
            this.opTimeoutMs = left();
            await this.router.setWeight(request.canaryWeight, { stable: request.previousVersion, canary: request.version });
            return resources();
        }
        const suffix = request.strategy === 'canary' ? 'canary' : 'green';
        if (request.previousVersion)
            await this.ensureStableTracked(request.previousVersion, left());
        try {
            await this.applyAndWait(this.variantObjects(rendered, suffix), left(), `${request.version} as -${suffix}`);
        }
        catch (e) {
            this.deps.log.warning(`${request.version} did not become ready as -${suffix}; removing it. The stable version was not touched.`);
            await this.deleteVariant(suffix, request.version).catch(() => undefined);
            throw e;
        }
        if (request.strategy === 'canary') {
            this.opTimeoutMs = left();
            await this.router.setWeight(request.canaryWeight, { stable: request.previousVersion, canary: request.version });
            return resources();
        }
        // Blue-green: the verified green copy takes all traffic while the stable workload is replaced.
        this.opTimeoutMs = left();
        if (this.router && this.routed)
            await this.router.setWeight(100, { stable: request.previousVersion, canary: request.version });
        try {
            await this.applyAndWait(rendered.objects, left(), `${request.version} (blue-green switch)`);
        }
        catch (e) {
            if (this.router && this.routed)
                await this.router.restore(this.opTimeoutMs).catch(() => undefined);
            await this.restorePrevious(request.previousVersion, e);
            await this.deleteVariant('green', request.version).catch(() => undefined);
            throw e;
        }
        if (this.router && this.routed)
            await this.router.restore(this.opTimeoutMs);
        await this.deleteVariant('green', request.version);
        return { slot: 'green', ...resources() };
    }
    /**
     * A stable version deployed before the environment had a router selects every pod of the app, the
     * canary's too. Before the first split it is re-applied (same version) with the stable track label.
     */
    async ensureStableTracked(previous, timeoutMs) {
        const name = this.cfg.service ?? this.workloadRef?.name;
        if (!this.routed || !name)
            return;
        const live = await this.kubectl.get('service', name, this.namespace, timeoutMs);
        if (!live || live.spec?.selector?.[manifests/* TRACK_LABEL */.l8] === 'stable')
            return;
        const spec = await this.state.loadSpec(previous, timeoutMs);
        if (!spec) {
            this.deps.log.warning(`Service ${name} also selects canary pods (no ${manifests/* TRACK_LABEL */.l8} in its selector) and ${previous} has no recorded spec to re-apply; the split will be approximate until the next stable deploy.`);
            return;
        }
        const workload = spec.find((o) => (0,manifests/* isWorkload */.gv)(o) && o.metadata.name === this.workloadRef?.name);
        const service = spec.find((o) => o.kind === 'Service' && o.metadata.name === name);
        if (workload)
            (0,manifests/* addTrack */.je)(workload, 'stable', { selector: false });
        if (service)
            (0,manifests/* addTrack */.je)(service, 'stable', { selector: false });
        this.deps.log.info(`Re-applying ${previous} with the ${manifests/* TRACK_LABEL */.l8}=stable label so its Service stops selecting canary pods.`);
        await this.applyAndWait(spec, timeoutMs, `${previous} (stable track)`);
        await this.state.saveSpec(previous, spec, timeoutMs);
    }
    /** After a failed rollout, puts the recorded spec of the previous version back (its own time budget). */
    async restorePrevious(previous, cause) {
        if (this.cfg.restoreOnFailure === false || !previous)
            return;
        const spec = await this.state.loadSpec(previous, this.opTimeoutMs).catch(() => undefined);
        if (!spec) {
            this.deps.log.warning(`No recorded spec for ${previous}; the failed rollout is left as it is (roll back with the rollback action).`);
            return;
        }
        const budget = this.deps.environment.durations.rollbackTimeout;
        this.deps.log.warning(`${(0,errors/* toGlidepathError */.cL)(cause).code}: restoring ${previous} from its recorded spec (budget ${(0,duration/* formatDuration */.a3)(budget)}).`);
        try {
            await this.applyAndWait((0,manifests/* clone */.o8)(spec), budget, `restore ${previous}`);
            this.deps.log.info(`${previous} serves again; the failed version was rolled back.`);
        }
        catch (e) {
            this.deps.log.warning(`Restoring ${previous} failed too: ${(0,errors/* toGlidepathError */.cL)(e).message}`);
        }
    }
    async setCanaryWeight(version, weight, timeoutMs) {
        this.opTimeoutMs = timeoutMs;
        if (!this.router)
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-006', 'No traffic router to set a canary weight with.', { fix: 'Add a traffic section (gateway-api, nginx-ingress or replicas).' });
        await this.router.setWeight(weight, { stable: null, canary: version });
    }
    async promote(version, timeoutMs, opts) {
        this.opTimeoutMs = timeoutMs;
        const spec = await this.state.loadSpec(version, timeoutMs);
        if (!spec) {
            throw new errors/* GlidepathError */.HT('GP-K8S-007', `No recorded spec for ${version} in ConfigMap ${this.state.name}; it cannot be promoted.`, {
                fix: 'Deploy the version again (the deploy records its spec), then promote.',
            });
        }
        const before = opts?.keepPrevious && this.keepsPrevious ? await this.servingNow(timeoutMs) : undefined;
        const ref = this.primaryWorkload();
        const service = spec.find((o) => o.kind === 'Service' && o.metadata.name === (this.cfg.service ?? ref?.name));
        // Stable first, so traffic moves back only to pods already running the new version.
        await this.applyAndWait(spec, timeoutMs, `promote ${version}`);
        await this.settleNodes(spec, version);
        // Putting the route back as it was is what takes the canary's traffic away.
        if (this.router)
            await this.router.restore(timeoutMs);
        await this.deleteVariant('canary', version);
        const previous = templateVersion(before);
        if (before && previous && previous !== version)
            await this.keepStandby(before, service, previous, timeoutMs);
    }
    /** The primary Deployment as it serves now (what a rollback window's copy will run). */
    async servingNow(timeoutMs) {
        const ref = this.primaryWorkload();
        if (ref?.kind !== 'deployment')
            return undefined;
        return (await this.kubectl.get('deployment', ref.name, this.namespace, timeoutMs)) ?? undefined;
    }
    /**
     * rollback.window: `version`, which the Deployment ran before this rollout, keeps running as
     * `<name>-previous`, labelled so that `service` (as this rollout leaves it) does not select it. Not
     * waited on: a rollback checks it is ready before it takes traffic. A failure here leaves the new version
     * serving and only costs the fast rollback.
     */
    async keepStandby(live, service, version, timeoutMs) {
        if (templateVersion(live) !== version || !service?.spec?.selector) {
            this.deps.log.info(`rollback.window: ${service?.spec?.selector ? `deployment/${live.metadata.name} ran ${templateVersion(live) ?? 'an unstamped template'}, not ${version}` : `the manifests have no Service with a selector for deployment/${live.metadata.name} to switch back with`}; nothing kept.`);
            return undefined;
        }
        try {
            const copy = standbyCopy(cleanLive(live), service);
            await this.kubectl.apply([copy], { timeoutMs, serverSide: this.cfg.serverSide, what: `kubectl apply (${version} kept as deployment/${copy.metadata.name})` });
            await this.remember([copy]);
            await this.state.set({ standby: JSON.stringify({ name: live.metadata.name, version }) }, timeoutMs);
            this.deps.log.info(`${version} keeps running as deployment/${copy.metadata.name} (${copy.spec.replicas ?? 1} replica(s)); Service ${service.metadata.name} does not select it until a rollback within the window.`);
            return version;
        }
        catch (e) {
            this.deps.log.warning(`rollback.window: could not keep ${version} running (${(0,errors/* toGlidepathError */.cL)(e).message}); a rollback to it starts it again.`);
            return undefined;
        }
    }
    /** The copy kept for the rollback window, when the state names one (no cluster call otherwise). */
    async standby() {
        const kept = await this.state.getJson('standby', this.opTimeoutMs);
        return kept ? readStandby(this.kubectl, kept.name, this.namespace, this.opTimeoutMs) : undefined;
    }
    /** Removes the copy kept for the rollback window (a rollback used it, or its window ended). */
    async dropStandby(s) {
        await this.kubectl.delete('deployment', s.name, this.namespace, this.opTimeoutMs);
        await this.state.set({ standby: undefined }, this.opTimeoutMs);
    }
    /** The copy kept for the window stops when the state no longer names its version. */
    async prune(keep) {
        const s = await this.standby();
        if (!s) {
            if (await this.state.get('standby', this.opTimeoutMs))
                await this.state.set({ standby: undefined }, this.opTimeoutMs);
            return;
        }
        if (s.version && keep.includes(s.version))
            return;
        await this.dropStandby(s);
        this.deps.log.info(`deployment/${s.name} (${s.version ?? 'unknown version'}, kept for the rollback window) was removed.`);
    }
    /**
     * Within the rollback window: every replica of the copy kept for `to` is ready, so the Service selects
     * its pods (one change: traffic is back on `to`), then the Deployment rolls back under that cover and
     * the Service moves back to it. Returns false, changing nothing, when there is no such copy ready.
     */
    async rollbackWithinWindow(to, spec, timeoutMs) {
        const s = await this.standby();
        if (!s)
            return false;
        if (s.version !== to || !s.service || Object.keys(s.selector).length === 0) {
            this.deps.log.info(`deployment/${s.name} keeps ${s.version ?? 'another version'} for the rollback window, not ${to}: rolling back the usual way.`);
            return false;
        }
        if (!s.settled) {
            this.deps.log.warning(`deployment/${s.name} (kept for the rollback window) has ${s.ready} of ${s.replicas} replica(s) ready: traffic is not moved to a version that is not ready; rolling back the usual way.`);
            return false;
        }
        const live = await this.kubectl.get('service', s.service, this.namespace, timeoutMs);
        if (!live?.spec?.selector)
            return false;
        const started = Date.now();
        await this.kubectl.patchMerge('service', s.service, this.namespace, { spec: { selector: s.selector } }, timeoutMs);
        this.deps.log.info(`${to} serves again: Service ${s.service} selects deployment/${s.name} (${s.ready}/${s.replicas} ready, kept by rollback.window), switched in ${Date.now() - started} ms. deployment/${s.deployment} now rolls back to ${to} behind it.`);
        const service = spec.find((o) => o.kind === 'Service' && o.metadata.name === s.service);
        try {
            await this.applyAndWait(spec.filter((o) => o !== service), timeoutMs, `rollback to ${to} (traffic on deployment/${s.name} meanwhile)`);
        }
        catch (e) {
            this.deps.log.warning(`Traffic stays on deployment/${s.name}, which serves ${to}; run the rollback again once the Deployment can roll back.`);
            throw e;
        }
        // The Service as recorded for `to` (or as it was) selects the rolled-back Deployment again; then the copy goes.
        await this.selectAgain(s.service, { ...live.spec.selector, ...s.selector }, service?.spec?.selector ?? live.spec.selector, timeoutMs);
        await this.dropStandby(s);
        return true;
    }
    /**
     * Puts a Service's selector back (a merge patch that also drops keys the target lacks). Not an apply:
     * kubectl's three-way merge leaves a field alone when the manifest did not change it, whatever the live
     * object holds, so applying the recorded Service would leave it on the copy.
     */
    async selectAgain(service, current, target, timeoutMs) {
        const patch = Object.fromEntries(Object.keys(current).filter((k) => !(k in target)).map((k) => [k, null]));
        await this.kubectl.patchMerge('service', service, this.namespace, { spec: { selector: { ...patch, ...target } } }, timeoutMs);
    }
    /**
     * After a rolling deploy, when a copy is kept for the rollback window: a Service a rollback left on the
     * copy (its Deployment never became ready again) selects the Deployment, which now serves this version.
     */
    async serviceOffStandby(rendered, timeoutMs) {
        if (!rendered.service?.spec?.selector || !(await this.state.get('standby', timeoutMs)))
            return;
        const name = rendered.service.metadata.name;
        const live = await this.kubectl.get('service', name, this.namespace, timeoutMs);
        const current = (live?.spec?.selector ?? {});
        const target = rendered.service.spec.selector;
        if (!live || sameSelector(current, target))
            return;
        this.deps.log.warning(`Service ${name} still selected the copy kept for the rollback window (a rollback did not finish); it selects its Deployment again.`);
        await this.selectAgain(name, current, target, timeoutMs);
    }
    async abort(version, timeoutMs) {
        this.opTimeoutMs = timeoutMs;
        if (this.inPlace && this.router) {
            // The updated ordinals or nodes go back: the stable version's recorded spec, every pod on its revision.
            const router = this.router;
            const what = this.inPlace === 'statefulset' ? 'ordinal' : 'node';
            const stable = await router.stable();
            const spec = stable ? await this.state.loadSpec(stable, timeoutMs) : undefined;
            if (spec) {
                await this.applyAndWait((0,manifests/* clone */.o8)(spec), timeoutMs, `abort: every ${what} back on ${stable}`);
                await this.settleNodes(spec, stable);
            }
            else if (stable || version)
                this.deps.log.warning(`No recorded spec for the stable version${stable ? ` ${stable}` : ''}: the ${this.inPlace === 'statefulset' ? 'StatefulSet keeps its partition' : 'DaemonSet keeps its updated nodes'}; roll back with the rollback action.`);
            await router.restore(timeoutMs);
            return;
        }
        // The route's original weights (canary at 0 or absent) in one patch, then the canary goes.
        if (this.router)
            await this.router.restore(timeoutMs);
        await this.deleteVariant('canary', version);
    }
    /**
     * A DaemonSet whose own manifests update on delete: re-applying a spec changes no pod, so after a
     * promote or an abort the pods not on its revision are replaced here, every node, and waited for.
     */
    async settleNodes(spec, version) {
        if (!(this.router instanceof NodesRouter))
            return;
        const ds = spec.find((o) => o.kind === 'DaemonSet' && o.metadata.name === this.workloadRef?.name);
        if (ds?.spec?.updateStrategy?.type !== 'OnDelete')
            return;
        this.deps.log.info(`daemonset/${ds.metadata.name} updates on delete (its manifests): every node's pod is replaced with ${version}'s now.`);
        await this.router.setWeight(100, { stable: null, canary: version });
    }
    async rollback(to, from, timeoutMs) {
        this.opTimeoutMs = timeoutMs;
        void from;
        const spec = await this.state.loadSpec(to, timeoutMs);
        if (spec) {
            if (await this.rollbackWithinWindow(to, spec, timeoutMs))
                return;
            await this.applyAndWait(spec, timeoutMs, `rollback to ${to}`);
            // A copy kept for a window that was not used (not ready, another version) has nothing left to keep.
            const unused = await this.standby();
            if (unused)
                await this.dropStandby(unused);
            return;
        }
        const ref = this.workloadRef;
        if (!ref || ref.kind !== 'deployment') {
            throw new errors/* GlidepathError */.HT('GP-K8S-007', `No recorded spec for ${to} in ConfigMap ${this.state.name}, and no Deployment to undo.`, {
                fix: `Deploy ${to} again with the deploy action (or set kubernetes.workload so rollout history can be used).`,
            });
        }
        this.deps.log.warning(`No recorded spec for ${to}: using the rollout history of deployment/${ref.name} (kubectl rollout undo).`);
        await this.kubectl.run(['rollout', 'undo', `deployment/${ref.name}`, ...(this.namespace ? ['-n', this.namespace] : [])], { timeoutMs, what: 'kubectl rollout undo' });
        await (0,rollout/* waitForRollouts */.hS)(this.kubectl, [{ kind: 'deployment', name: ref.name, namespace: this.namespace }], { timeoutMs, log: (m) => this.deps.log.info(m) });
    }
    async teardown(timeoutMs) {
        this.opTimeoutMs = timeoutMs;
        const inventory = (await this.state.getJson('inventory', timeoutMs)) ?? [];
        if (this.router)
            await this.router.restore(timeoutMs).catch(() => undefined);
        // Namespaces last: deleting one takes everything in it, the state ConfigMap included.
        const ordered = [...inventory].reverse().sort((a, b) => Number(a.kind === 'Namespace') - Number(b.kind === 'Namespace'));
        for (const e of ordered) {
            if (e.kind === 'Namespace' && !this.cfg.deleteNamespaces && !(this.cfg.createNamespace && e.name === this.namespace))
                continue;
            if (e.kind === 'Namespace')
                await this.state.remove(timeoutMs);
            await this.kubectl.delete(e.kind, e.name, e.namespace, timeoutMs);
        }
        await this.state.remove(timeoutMs);
    }
    async lock(options) {
        return (0,lease/* acquireLease */.ZZ)(this.kubectl, this.namespace, (0,lease/* leaseName */.AI)(this.state.name), options);
    }
    async loadState() {
        return this.state.loadEnvironment(this.opTimeoutMs);
    }
    async saveState(state) {
        await this.state.saveEnvironment(state, this.opTimeoutMs);
    }
}


/***/ })

};
