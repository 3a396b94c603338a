export const id = 762;
export const ids = [762];
export const modules = {

/***/ 1776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ shortName),
/* harmony export */   Ol: () => (/* binding */ ClusterState)
/* harmony export */ });
/* unused harmony export stateConfigMapName */
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _state_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8529);
/* harmony import */ var _manifests_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6184);




// What Glidepath keeps in the cluster for one environment, in one ConfigMap beside the workload:
// the environment state (so a fresh runner knows what is stable), the rendered spec of recent
// versions (rollback re-applies the recorded spec), the original route weights (abort restores
// them) and the inventory of applied objects (teardown removes them). Written with server-side
// apply, so no last-applied copy doubles its size.
const KEEP_SPECS = 10;
const hash = (s) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256').update(s).digest('hex');
/** An object name within 63 characters; a shortened one ends in a hash of the whole, so it stays unique. */
function shortName(name) {
    return name.length <= 63 ? name : `${name.slice(0, 54)}-${hash(name).slice(0, 8)}`;
}
function stateConfigMapName(slug) {
    return shortName(`glidepath-${slug.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.replace(/-+$/, ''));
}
function specKey(version) {
    return `spec.${version.replace(/[^-._a-zA-Z0-9]/g, '_').slice(0, 200)}`;
}
class ClusterState {
    kubectl;
    namespace;
    cache = null;
    /** Set once the environment is torn down: writing its state then would recreate the ConfigMap. */
    removed = false;
    name;
    /** The `glidepath.dev/environment` label value of everything this environment applies. */
    environmentLabel;
    constructor(kubectl, namespace, environment) {
        this.kubectl = kubectl;
        this.namespace = namespace;
        const slug = (0,_state_store_js__WEBPACK_IMPORTED_MODULE_2__/* .environmentSlug */ .Hn)(environment);
        this.name = stateConfigMapName(slug);
        this.environmentLabel = (0,_manifests_js__WEBPACK_IMPORTED_MODULE_3__/* .labelValue */ .w)(slug, hash(environment));
    }
    async data(timeoutMs) {
        if (this.cache)
            return this.cache;
        const cm = await this.kubectl.get('configmap', this.name, this.namespace, timeoutMs);
        this.cache = { ...(cm?.data ?? {}) };
        return this.cache;
    }
    async get(key, timeoutMs) {
        return (await this.data(timeoutMs))[key];
    }
    async getJson(key, timeoutMs) {
        const v = await this.get(key, timeoutMs);
        return v === undefined ? undefined : JSON.parse(v);
    }
    /** Sets (or, with undefined, removes) keys and writes the whole ConfigMap. */
    async set(changes, timeoutMs) {
        const data = { ...(await this.data(timeoutMs)) };
        for (const [k, v] of Object.entries(changes)) {
            if (v === undefined)
                delete data[k];
            else
                data[k] = v;
        }
        const cm = {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: this.name, ...(this.namespace ? { namespace: this.namespace } : {}), labels: { [_manifests_js__WEBPACK_IMPORTED_MODULE_3__/* .ENV_LABEL */ .FI]: this.environmentLabel, 'app.kubernetes.io/managed-by': 'glidepath' } },
            data,
        };
        await this.kubectl.apply([cm], { timeoutMs, serverSide: true, fieldManager: 'glidepath-state', what: `kubectl apply configmap/${this.name}` });
        this.cache = data;
    }
    async saveSpec(version, objects, timeoutMs) {
        const order = (await this.getJson('specs', timeoutMs)) ?? [];
        const next = [...order.filter((v) => v !== version), version];
        const dropped = next.slice(0, Math.max(0, next.length - KEEP_SPECS));
        const changes = {
            specs: JSON.stringify(next.slice(-KEEP_SPECS)),
            // Secrets stay out: a ConfigMap is readable more widely than a Secret. A rollback leaves them as they are.
            [specKey(version)]: (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gzipSync)(JSON.stringify(objects.filter((o) => o.kind !== 'Secret'))).toString('base64'),
        };
        for (const v of dropped)
            changes[specKey(v)] = undefined;
        await this.set(changes, timeoutMs);
    }
    async loadSpec(version, timeoutMs) {
        const raw = await this.get(specKey(version), timeoutMs);
        return raw ? JSON.parse((0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.gunzipSync)(Buffer.from(raw, 'base64')).toString('utf8')) : undefined;
    }
    async remove(timeoutMs) {
        await this.kubectl.delete('configmap', this.name, this.namespace, timeoutMs);
        this.cache = {};
        this.removed = true;
    }
    /** The environment state mirrored here, for a fresh runner. */
    async loadEnvironment(timeoutMs) {
        return this.getJson('state', timeoutMs);
    }
    async saveEnvironment(state, timeoutMs) {
        if (this.removed)
            return;
        await this.set({ state: JSON.stringify({ ...state, records: state.records.slice(-50) }) }, timeoutMs);
    }
}


/***/ }),

/***/ 7044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ nsArgs),
/* harmony export */   b: () => (/* binding */ Kubectl)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8565);


const FORBIDDEN = /forbidden|cannot (get|list|patch|create|update|delete|watch)/i;
class Kubectl {
    settings;
    binary;
    constructor(settings) {
        this.settings = settings;
        this.binary = settings.binary ?? 'kubectl';
    }
    globalArgs() {
        const args = [];
        if (this.settings.kubeconfig)
            args.push(`--kubeconfig=${this.settings.kubeconfig}`);
        if (this.settings.context)
            args.push(`--context=${this.settings.context}`);
        return args;
    }
    /** Runs kubectl; a non-zero exit is an error naming the call and kubectl's own words. */
    async run(args, options) {
        const what = options.what ?? `kubectl ${args.slice(0, 2).join(' ')}`;
        const timeoutSec = Math.max(1, Math.ceil(options.timeoutMs / 1000));
        const result = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_1__/* .runProgram */ .mB)(this.binary, [...this.globalArgs(), `--request-timeout=${Math.min(timeoutSec, 60)}s`, ...args], {
            env: this.settings.env,
            cwd: this.settings.cwd,
            timeoutMs: options.timeoutMs,
            input: options.input,
            label: what,
        });
        if (result.code !== 0)
            throw kubectlError(what, result);
        return result;
    }
    async json(args, timeoutMs, what) {
        const result = await this.run([...args, '-o', 'json'], { timeoutMs, what });
        return parseJson(result.stdout, what ?? `kubectl ${args.join(' ')}`);
    }
    /** One object, or null when it does not exist. */
    async get(kind, name, namespace, timeoutMs) {
        const args = ['get', kind, name, '--ignore-not-found', '-o', 'json', ...nsArgs(namespace)];
        const result = await this.run(args, { timeoutMs, what: `kubectl get ${kind}/${name}` });
        return result.stdout.trim() ? parseJson(result.stdout, `kubectl get ${kind}/${name}`) : null;
    }
    async list(kind, namespace, timeoutMs, selector) {
        const args = ['get', kind, ...nsArgs(namespace), ...(selector ? ['-l', selector] : [])];
        return (await this.json(args, timeoutMs, `kubectl get ${kind}`)).items;
    }
    /** Applies objects given on stdin (never a file the user could swap); returns what the API stored. */
    async apply(objects, options) {
        if (objects.length === 0)
            return [];
        const args = ['apply', '-f', '-', '-o', 'json'];
        if (options.serverSide)
            args.push('--server-side', '--force-conflicts', `--field-manager=${options.fieldManager ?? 'glidepath'}`);
        const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
        const result = await this.run(args, { timeoutMs: options.timeoutMs, input, what: options.what ?? 'kubectl apply' });
        const out = parseJson(result.stdout, 'kubectl apply');
        return 'items' in out && Array.isArray(out.items) ? out.items : [out];
    }
    /** A JSON patch (RFC 6902); `test` operations make it fail instead of overwriting someone else's edit. */
    async patchJson(kind, name, namespace, ops, timeoutMs) {
        const args = ['patch', kind, name, ...nsArgs(namespace), '--type=json', `--patch=${JSON.stringify(ops)}`, '-o', 'json'];
        const result = await this.run(args, { timeoutMs, what: `kubectl patch ${kind}/${name}` });
        return parseJson(result.stdout, `kubectl patch ${kind}/${name}`);
    }
    async patchMerge(kind, name, namespace, patch, timeoutMs) {
        const args = ['patch', kind, name, ...nsArgs(namespace), '--type=merge', `--patch=${JSON.stringify(patch)}`, '-o', 'json'];
        const result = await this.run(args, { timeoutMs, what: `kubectl patch ${kind}/${name}` });
        return parseJson(result.stdout, `kubectl patch ${kind}/${name}`);
    }
    async delete(kind, name, namespace, timeoutMs) {
        await this.run(['delete', kind, name, ...nsArgs(namespace), '--ignore-not-found', '--wait=false'], { timeoutMs, what: `kubectl delete ${kind}/${name}` });
    }
}
function nsArgs(namespace) {
    return namespace ? ['-n', namespace] : [];
}
function parseJson(text, what) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-K8S-001', `${what} printed something that is not JSON: ${text.slice(0, 200)}`, {
            fix: 'Use a kubectl that supports -o json (1.27 or later), and check that no wrapper prints to stdout.',
        });
    }
}
function kubectlError(what, result) {
    const said = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_1__/* .outputTail */ .ci)(result, 6);
    const exit = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
    if (/Unauthorized|must be logged in|provide credentials/i.test(result.stderr)) {
        return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-K8S-006', `${what}: the cluster rejected the kubeconfig's credentials: ${said}`, {
            fix: 'Refresh the credentials in the kubeconfig secret (tokens expire), or check that it is meant for this cluster.',
        });
    }
    if (FORBIDDEN.test(result.stderr)) {
        return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-K8S-006', `${what} was refused by the cluster: ${said}`, {
            fix: 'Grant the identity in the kubeconfig the verb and resource named above (a Role in the target namespace is enough), or deploy with one that has it.',
        });
    }
    return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-K8S-001', `${what} ${exit}: ${said}`, {
        fix: 'Read kubectl\'s message above; check the kubeconfig and context, and that the cluster is reachable from the runner.',
    });
}


/***/ }),

/***/ 6236:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AI: () => (/* binding */ leaseName),
/* harmony export */   ZZ: () => (/* binding */ acquireLease)
/* harmony export */ });
/* unused harmony exports microTime, leaseExpired */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4772);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8565);
/* harmony import */ var _cluster_state_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1776);





// The environment lock, held in the cluster: a coordination.k8s.io Lease beside the workload. The
// runner-local lock file only keeps apart runs on one machine; two pipelines (or a pipeline and a
// laptop) deploying one environment from different machines meet here (the race of k8s-deploy #112).
// The holder renews it while working; a holder that stopped renewing for leaseDuration is stale and
// its lease is taken over with an optimistic-concurrency replace, and so is one left on this machine
// by a process that is gone (a cancelled step's post step need not wait out the lease).
const LEASE_SECONDS = 120;
const RENEW_MS = 30_000;
/** MicroTime as the API wants it: RFC 3339 with six fractional digits. */
function microTime(date = new Date()) {
    return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
function leaseName(stateName) {
    return (0,_cluster_state_js__WEBPACK_IMPORTED_MODULE_4__/* .shortName */ .EU)(`${stateName}-lock`);
}
/** A holder on this machine whose process is gone (a cancelled or killed step) is stale at once. */
function holderGone(holder) {
    const m = / pid (\d+) on ([^,]+)/.exec(holder);
    return Boolean(m && m[2] === (0,node_os__WEBPACK_IMPORTED_MODULE_0__.hostname)() && !(0,_process_run_js__WEBPACK_IMPORTED_MODULE_3__/* .processAlive */ .FN)(Number(m[1])));
}
function leaseExpired(lease, now = Date.now()) {
    const renewed = Date.parse(lease.spec?.renewTime ?? lease.spec?.acquireTime ?? '');
    const seconds = Number(lease.spec?.leaseDurationSeconds ?? LEASE_SECONDS);
    return !Number.isFinite(renewed) || renewed + seconds * 1000 < now;
}
async function acquireLease(kubectl, namespace, name, options) {
    const holder = `${options.action} pid ${process.pid} on ${(0,node_os__WEBPACK_IMPORTED_MODULE_0__.hostname)()}${options.runId ? `, run ${options.runId}` : ''}`;
    const body = (resourceVersion) => ({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, ...(namespace ? { namespace } : {}), ...(resourceVersion ? { resourceVersion } : {}), labels: { 'app.kubernetes.io/managed-by': 'glidepath' } },
        spec: { holderIdentity: holder, leaseDurationSeconds: LEASE_SECONDS, acquireTime: microTime(), renewTime: microTime() },
    });
    const deadline = Date.now() + options.timeoutMs;
    let waited = false;
    for (;;) {
        try {
            await kubectl.run(['create', '-f', '-', '-o', 'name'], { timeoutMs: 30_000, input: JSON.stringify(body()), what: `kubectl create lease/${name}` });
            return held(kubectl, namespace, name, holder);
        }
        catch (e) {
            const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .toGlidepathError */ .cL)(e);
            if (err.code === 'GP-K8S-006' && /forbidden/i.test(err.message)) {
                options.onSkip?.(`the kubeconfig may not create Leases in ${namespace ?? 'the namespace'} (${err.message.slice(0, 160)}); only the runner-local lock applies`);
                return { release: async () => undefined };
            }
            if (/namespaces? "[^"]*" not found/i.test(err.message)) {
                options.onSkip?.(`namespace ${namespace} does not exist yet; nothing else can be deploying into it`);
                return { release: async () => undefined };
            }
            if (!/AlreadyExists|already exists/i.test(err.message))
                throw err;
        }
        const current = await kubectl.get('leases.coordination.k8s.io', name, namespace, 30_000);
        if (!current)
            continue;
        const other = String(current.spec?.holderIdentity ?? 'another run');
        if (leaseExpired(current) || holderGone(other)) {
            try {
                await kubectl.run(['replace', '-f', '-', '-o', 'name'], { timeoutMs: 30_000, input: JSON.stringify(body(current.metadata.resourceVersion)), what: `kubectl replace lease/${name}` });
                options.onRecover?.(other);
                return held(kubectl, namespace, name, holder);
            }
            catch (e) {
                if (!/Conflict|modified/i.test((0,_errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .toGlidepathError */ .cL)(e).message))
                    throw e;
                continue; // someone else took it over first
            }
        }
        if (Date.now() >= deadline) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-LOCK-001', `Environment is locked in the cluster by ${other} (Lease ${name}${namespace ? ` in ${namespace}` : ''}, renewed ${current.spec?.renewTime ?? 'never'}); waited ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(options.timeoutMs)}.`, {
                fix: `Let the other run finish, or raise lock-timeout. A holder that stops renewing is taken over after ${LEASE_SECONDS}s.`,
            });
        }
        if (!waited)
            options.onWait?.(other);
        waited = true;
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_2__/* .sleep */ .yy)(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now())));
    }
}
function held(kubectl, namespace, name, holder) {
    const timer = setInterval(() => {
        kubectl.patchMerge('leases.coordination.k8s.io', name, namespace, { spec: { renewTime: microTime() } }, 30_000).catch(() => undefined);
    }, RENEW_MS);
    timer.unref();
    return {
        release: async () => {
            clearInterval(timer);
            const current = await kubectl.get('leases.coordination.k8s.io', name, namespace, 30_000).catch(() => null);
            if (current?.spec?.holderIdentity === holder)
                await kubectl.delete('leases.coordination.k8s.io', name, namespace, 30_000);
        },
    };
}


/***/ }),

/***/ 6184:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DA: () => (/* binding */ objectRef),
/* harmony export */   DD: () => (/* binding */ loadManifests),
/* harmony export */   FI: () => (/* binding */ ENV_LABEL),
/* harmony export */   Ln: () => (/* binding */ findService),
/* harmony export */   Nd: () => (/* binding */ assignNamespace),
/* harmony export */   OS: () => (/* binding */ stampObjects),
/* harmony export */   Ox: () => (/* binding */ variant),
/* harmony export */   cd: () => (/* binding */ checkImage),
/* harmony export */   gA: () => (/* binding */ substituteImage),
/* harmony export */   gv: () => (/* binding */ isWorkload),
/* harmony export */   je: () => (/* binding */ addTrack),
/* harmony export */   l8: () => (/* binding */ TRACK_LABEL),
/* harmony export */   nS: () => (/* binding */ VERSION_KEY),
/* harmony export */   o8: () => (/* binding */ clone),
/* harmony export */   pH: () => (/* binding */ findWorkload),
/* harmony export */   sQ: () => (/* binding */ NODES_UPDATED_KEY),
/* harmony export */   w: () => (/* binding */ labelValue),
/* harmony export */   zZ: () => (/* binding */ parseImage)
/* harmony export */ });
/* unused harmony export normaliseRepository */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3243);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _files_paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5274);





// Manifests as data: loaded from files or directories inside the workspace, images substituted,
// stamped and given their namespace before a single apply. Nothing here talks to the cluster.
const TRACK_LABEL = 'glidepath.dev/track';
const ENV_LABEL = 'glidepath.dev/environment';
const VERSION_KEY = 'glidepath.dev/version';
/** On a DaemonSet updated node by node (OnDelete, traffic/nodes.ts): how many of its nodes the current step updates. */
const NODES_UPDATED_KEY = 'glidepath.dev/nodes-updated';
const CLUSTER_SCOPED = new Set([
    'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
    'PriorityClass', 'IngressClass', 'GatewayClass', 'RuntimeClass', 'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment',
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
function isClusterScoped(o) {
    return CLUSTER_SCOPED.has(o.kind);
}
function isWorkload(o) {
    return WORKLOADS.has(o.kind);
}
function objectRef(o) {
    return `${o.kind.toLowerCase()}/${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`;
}
/** Loads every manifest under `paths` (files or directories, inside the workspace), in a stable order. */
function loadManifests(paths, workspace) {
    if (paths.length === 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', 'No manifests were given.', { fix: 'Set kubernetes.manifests (files or directories in the repository) or the `manifests` input.' });
    }
    const root = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(workspace);
    const files = [];
    for (const p of paths) {
        const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, p);
        if (!(0,_files_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .isInside */ .FK)(workspace, p) || ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(abs) && !(0,_files_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .isInside */ .FK)(root, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(abs)))) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-003', `Manifest path "${p}" leaves the workspace.`, { fix: 'Keep manifests inside the repository (no .., absolute paths elsewhere or symlinks out).' });
        }
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(abs)) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', `Manifest path "${p}" does not exist.`, { fix: 'Check kubernetes.manifests: each entry is a file or a directory relative to the repository root.' });
        }
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(abs).isDirectory())
            files.push(...walk(abs));
        else
            files.push(abs);
    }
    const objects = [];
    for (const file of files)
        objects.push(...parseManifestFile(file, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(workspace, file) || file));
    if (objects.length === 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', `The manifests (${paths.join(', ')}) contain no Kubernetes objects.`, { fix: 'Point kubernetes.manifests at YAML or JSON files with apiVersion, kind and metadata.name.' });
    }
    return objects;
}
function walk(dir) {
    const out = [];
    for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir).sort()) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).isDirectory())
            out.push(...walk(p));
        else if (/\.(ya?ml|json)$/i.test(name))
            out.push(p);
    }
    return out;
}
function parseManifestFile(file, shown) {
    let docs;
    try {
        docs = (0,js_yaml__WEBPACK_IMPORTED_MODULE_2__/* .loadAll */ .gh)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'), { schema: js_yaml__WEBPACK_IMPORTED_MODULE_2__/* .CORE_SCHEMA */ .OU });
    }
    catch (e) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', `${shown} is not valid YAML: ${e.message.split('\n')[0]}`, { file: shown, fix: 'Fix the YAML syntax of the manifest.' });
    }
    const out = [];
    docs.forEach((doc, i) => {
        if (doc === null || doc === undefined)
            return;
        const items = isObject(doc) && doc.kind === 'List' && Array.isArray(doc.items) ? doc.items : [doc];
        for (const item of items) {
            if (!isObject(item) || typeof item.apiVersion !== 'string' || typeof item.kind !== 'string' || !isObject(item.metadata) || typeof item.metadata.name !== 'string' || !item.metadata.name) {
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', `${shown}, document ${i + 1}: a Kubernetes object needs apiVersion, kind and metadata.name.`, {
                    file: shown, fix: 'Complete the object, or remove the document if it is not meant to be applied.',
                });
            }
            out.push(item);
        }
    });
    return out;
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Splits an image reference. The tag is cut at the last ':' after the last '/', so a registry port stays in the name. */
function parseImage(ref) {
    let rest = ref.trim();
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    let tag;
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    return { repository: rest, tag, digest };
}
/** docker.io/library/nginx, docker.io/nginx and nginx are one repository. */
function normaliseRepository(repository) {
    const parts = repository.split('/');
    const first = parts[0];
    const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
    if (!hasRegistry)
        return `docker.io/${parts.length === 1 ? `library/${repository}` : repository}`;
    if (first === 'docker.io' && parts.length === 2)
        return `docker.io/library/${parts[1]}`;
    return repository;
}
const IMAGE_RE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]|__|[-]*)?[a-z0-9]*([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@[a-z0-9]+:[a-f0-9]{32,})?$/;
function checkImage(image) {
    const { repository, tag, digest } = parseImage(image);
    if (!IMAGE_RE.test(image) || (!tag && !digest) || !repository) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `image "${image}" is not a valid image reference with a tag or digest.`, {
            fix: 'Pass an image such as ghcr.io/acme/web:1.4.2, registry.local:5000/web:v2 or ghcr.io/acme/web@sha256:<64 hex>.',
        });
    }
}
/** The pod specs inside an object (Pod, workloads, Job, CronJob). */
function podSpecs(o) {
    const spec = o.spec;
    if (!isObject(spec))
        return [];
    if (o.kind === 'Pod')
        return [spec];
    if (o.kind === 'CronJob')
        return isObject(spec.jobTemplate?.spec?.template?.spec) ? [spec.jobTemplate.spec.template.spec] : [];
    return isObject(spec.template?.spec) ? [spec.template.spec] : [];
}
/**
 * Puts `image` into every container (and init container) whose image is the same repository, or into
 * the named container of the primary workload. Nothing matched is an error: a deploy that changes no
 * image would report success for a version that never runs (k8s-deploy #286).
 */
function substituteImage(objects, image, options = {}) {
    const wanted = normaliseRepository(parseImage(image).repository);
    const done = [];
    const seen = [];
    for (const o of objects) {
        for (const pod of podSpecs(o)) {
            for (const key of ['initContainers', 'containers']) {
                const list = pod[key];
                if (!Array.isArray(list))
                    continue;
                for (const c of list) {
                    if (!isObject(c) || typeof c.image !== 'string')
                        continue;
                    seen.push(`${c.name}=${c.image}`);
                    const sameRepository = normaliseRepository(parseImage(c.image).repository) === wanted;
                    const matches = options.container && o === options.workload ? c.name === options.container : sameRepository;
                    if (!matches)
                        continue;
                    done.push({ object: objectRef(o), container: c.name, from: c.image, to: image });
                    c.image = image;
                }
            }
        }
    }
    if (done.length === 0) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-004', `image ${image} matches no container in the manifests${options.container ? ` (container "${options.container}" of ${options.workload ? objectRef(options.workload) : 'the workload'})` : ''}. Containers seen: ${seen.join(', ') || 'none'}.`, {
            fix: 'Use the repository the manifests already name (only the tag or digest changes), or set kubernetes.container to the container that should run it.',
        });
    }
    return done;
}
/** Objects without a namespace get `namespace`; objects with one keep it (several namespaces per run). */
function assignNamespace(objects, namespace) {
    if (!namespace)
        return;
    for (const o of objects)
        if (!isClusterScoped(o) && !o.metadata.namespace)
            o.metadata.namespace = namespace;
}
/** Writes the traceability stamp into each object before apply: one write, no race with another run (k8s-deploy #112). */
function stampObjects(objects, stamp, environmentLabel, version) {
    for (const o of objects) {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), ...stamp };
        o.metadata.labels = { ...(o.metadata.labels ?? {}), [ENV_LABEL]: environmentLabel };
        const template = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
        if (isObject(template) && o.kind !== 'Pod') {
            template.metadata = isObject(template.metadata) ? template.metadata : {};
            template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [VERSION_KEY]: version };
            if (labelSafe(version))
                template.metadata.labels = { ...(template.metadata.labels ?? {}), [VERSION_KEY]: version };
        }
    }
}
/** A value usable as a label value (63 characters, alphanumerics with - _ . inside). */
function labelSafe(value) {
    return /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(value);
}
/** A label value derived from any string: readable, unique by a hash suffix when changed. */
function labelValue(value, hash) {
    if (labelSafe(value))
        return value;
    return `${value.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 50)}-${hash.slice(0, 8)}`.replace(/^-/, 'x-');
}
/** Finds the primary workload: `kind/name` from the config, else the only (or first) Deployment/StatefulSet/DaemonSet. */
function findWorkload(objects, ref) {
    if (ref) {
        const [kind, name] = ref.includes('/') ? ref.split('/', 2) : ['deployment', ref];
        const found = objects.find((o) => o.kind.toLowerCase() === kind.toLowerCase() && o.metadata.name === name);
        if (!found) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', `kubernetes.workload "${ref}" is not in the manifests. Workloads there: ${objects.filter(isWorkload).map(objectRef).join(', ') || 'none'}.`, {
                fix: 'Set kubernetes.workload to kind/name of a Deployment, StatefulSet or DaemonSet in the manifests.',
            });
        }
        return found;
    }
    const found = objects.find(isWorkload);
    if (!found)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-002', 'The manifests contain no Deployment, StatefulSet or DaemonSet.', { fix: 'Add the workload to the manifests, or set kubernetes.workload.' });
    return found;
}
/** The Service in front of the workload: by name from the config, else one named like it, else one whose selector matches its pods. */
function findService(objects, workload, name) {
    const services = objects.filter((o) => o.kind === 'Service');
    if (name)
        return services.find((s) => s.metadata.name === name);
    const podLabels = workload.spec?.template?.metadata?.labels ?? {};
    return services.find((s) => s.metadata.name === workload.metadata.name)
        ?? services.find((s) => isObject(s.spec?.selector) && Object.keys(s.spec.selector).length > 0 && Object.entries(s.spec.selector).every(([k, v]) => podLabels[k] === v));
}
function clone(v) {
    return JSON.parse(JSON.stringify(v));
}
/** Adds a track label to a workload's pods (and to its selector when `selector`) or to a Service's selector. */
function addTrack(o, track, options) {
    if (o.kind === 'Service') {
        o.spec = { ...(o.spec ?? {}), selector: { ...(o.spec?.selector ?? {}), [TRACK_LABEL]: track } };
        return;
    }
    const template = o.spec?.template;
    if (isObject(template)) {
        template.metadata = isObject(template.metadata) ? template.metadata : {};
        template.metadata.labels = { ...(template.metadata.labels ?? {}), [TRACK_LABEL]: track };
    }
    if (options.selector) {
        o.spec.selector = { ...(o.spec.selector ?? {}), matchLabels: { ...(o.spec.selector?.matchLabels ?? {}), [TRACK_LABEL]: track } };
    }
}
/** A copy of the workload and its Service under `<name>-<suffix>`, selecting only their own pods. */
function variant(workload, service, suffix) {
    const w = clone(workload);
    w.metadata = { ...w.metadata, name: `${workload.metadata.name}-${suffix}` };
    delete w.metadata.resourceVersion;
    delete w.metadata.uid;
    addTrack(w, suffix, { selector: true });
    let s;
    if (service) {
        s = clone(service);
        s.metadata = { ...s.metadata, name: `${service.metadata.name}-${suffix}` };
        if (s.spec) {
            delete s.spec.clusterIP;
            delete s.spec.clusterIPs;
            if (Array.isArray(s.spec.ports))
                for (const p of s.spec.ports)
                    delete p.nodePort;
        }
        addTrack(s, suffix, { selector: true });
    }
    return { workload: w, service: s };
}


/***/ }),

/***/ 895:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   es: () => (/* binding */ rootCause),
/* harmony export */   hS: () => (/* binding */ waitForRollouts),
/* harmony export */   xz: () => (/* binding */ readiness)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4772);
/* harmony import */ var _kubectl_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7044);
/* harmony import */ var _manifests_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6184);




const STUCK_REASONS = new Set([
    'ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName', 'CrashLoopBackOff',
    'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
]);
/** Whether a workload's latest spec is fully rolled out, from its status alone. */
function readiness(o) {
    const spec = o.spec ?? {};
    const status = o.status ?? {};
    const observed = (status.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);
    if (o.kind === 'Deployment') {
        const want = spec.replicas ?? 1;
        const progressing = (status.conditions ?? []).find((c) => c.type === 'Progressing');
        const failed = progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded' ? `${progressing.reason}: ${progressing.message ?? ''}`.trim() : undefined;
        const ready = observed && (status.updatedReplicas ?? 0) >= want && (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && (status.availableReplicas ?? 0) >= want;
        const replicaFailure = (status.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
        const blocked = replicaFailure ? `${replicaFailure.reason ?? 'ReplicaFailure'}: ${replicaFailure.message ?? ''}`.trim() : undefined;
        return { ready, failed, blocked, summary: `${status.updatedReplicas ?? 0}/${want} updated, ${status.availableReplicas ?? 0} available` };
    }
    if (o.kind === 'StatefulSet') {
        const want = spec.replicas ?? 1;
        const onDelete = spec.updateStrategy?.type === 'OnDelete';
        // A partition holds the ordinals below it on the old revision: rolled out once those at or above it are updated.
        const partition = Number(spec.updateStrategy?.rollingUpdate?.partition ?? 0);
        const updatedEnough = partition > 0 ? (status.updatedReplicas ?? 0) >= Math.max(0, want - partition) : (status.updatedReplicas ?? 0) >= want && status.currentRevision === status.updateRevision;
        const ready = observed && (status.readyReplicas ?? 0) >= want && (onDelete || updatedEnough);
        return { ready, summary: `${status.updatedReplicas ?? 0}/${want} updated${partition > 0 ? ` (partition ${partition})` : ''}, ${status.readyReplicas ?? 0} ready` };
    }
    if (o.kind === 'DaemonSet') {
        const want = status.desiredNumberScheduled ?? 0;
        // Updated node by node (OnDelete): rolled out once the nodes of the step are (glidepath.dev/nodes-updated), every pod available.
        const stepped = spec.updateStrategy?.type === 'OnDelete' ? Number(o.metadata.annotations?.[_manifests_js__WEBPACK_IMPORTED_MODULE_3__/* .NODES_UPDATED_KEY */ .sQ] ?? 0) : undefined;
        const ready = observed && (status.updatedNumberScheduled ?? 0) >= Math.min(want, stepped ?? want) && (status.numberAvailable ?? 0) >= want;
        return { ready, summary: `${status.updatedNumberScheduled ?? 0}/${want} updated${stepped !== undefined ? ` (${stepped} by this step)` : ''}, ${status.numberAvailable ?? 0} available` };
    }
    return { ready: true, summary: 'no rollout' };
}
/** The pods of the workload's newest revision, and what keeps each from being ready. */
async function podTroubles(kubectl, workload, timeoutMs) {
    const ns = workload.metadata.namespace;
    const matchLabels = workload.spec?.selector?.matchLabels ?? {};
    const selector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    let owners = new Set([workload.metadata.uid ?? '']);
    const involved = [workload.metadata.name];
    if (workload.kind === 'Deployment') {
        const sets = (await kubectl.list('replicasets', ns, timeoutMs, selector || undefined))
            .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === workload.metadata.uid));
        const revision = workload.metadata.annotations?.['deployment.kubernetes.io/revision'];
        const newest = sets.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision)
            ?? sets.sort((a, b) => Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) - Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))[0];
        owners = new Set(newest?.metadata.uid ? [newest.metadata.uid] : []);
        if (newest)
            involved.push(newest.metadata.name);
    }
    const pods = (await kubectl.list('pods', ns, timeoutMs, selector || undefined))
        .filter((p) => p.metadata.ownerReferences?.some((r) => owners.has(r.uid)));
    const troubles = [];
    for (const pod of pods) {
        involved.push(pod.metadata.name);
        const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
        for (const cs of statuses) {
            if (cs.ready)
                continue;
            const waiting = cs.state?.waiting;
            const terminated = cs.state?.terminated ?? cs.lastState?.terminated;
            if (waiting?.reason && waiting.reason !== 'PodInitializing' && waiting.reason !== 'ContainerCreating') {
                troubles.push({ pod: pod.metadata.name, container: cs.name, reason: waiting.reason, message: waiting.message ?? '' });
            }
            else if (terminated?.reason && terminated.reason !== 'Completed') {
                troubles.push({ pod: pod.metadata.name, container: cs.name, reason: terminated.reason, message: `exit code ${terminated.exitCode ?? '?'}${terminated.message ? `: ${terminated.message}` : ''}` });
            }
        }
        if (statuses.length === 0) {
            const unscheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
            if (unscheduled)
                troubles.push({ pod: pod.metadata.name, container: '-', reason: unscheduled.reason ?? 'Unschedulable', message: unscheduled.message ?? '' });
        }
    }
    return { troubles, involved };
}
/** The latest Warning events about the named objects in a namespace, newest last. */
async function warningEvents(kubectl, namespace, names, timeoutMs, limit = 5) {
    let events;
    try {
        events = (await kubectl.json(['get', 'events', ...(0,_kubectl_js__WEBPACK_IMPORTED_MODULE_2__/* .nsArgs */ .X)(namespace), '--field-selector=type=Warning'], timeoutMs, 'kubectl get events')).items;
    }
    catch {
        return []; // reading events is a courtesy: a role without it still gets the pod reasons
    }
    const wanted = new Set(names);
    const when = (e) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
    return events
        .filter((e) => wanted.has(e.involvedObject?.name))
        .sort((a, b) => when(a).localeCompare(when(b)))
        .slice(-limit)
        .map((e) => `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}: ${e.reason ?? ''}: ${e.message ?? ''}${e.count > 1 ? ` (x${e.count})` : ''}`);
}
/** One line saying why, and the detail behind it. */
async function rootCause(kubectl, workload, timeoutMs) {
    const { troubles, involved } = await podTroubles(kubectl, workload, timeoutMs);
    const events = await warningEvents(kubectl, workload.metadata.namespace, involved, timeoutMs);
    const details = [
        ...troubles.map((t) => `pod ${t.pod}, container ${t.container}: ${t.reason}${t.message ? `: ${t.message}` : ''}`),
        ...events.map((e) => `event ${e}`),
    ];
    const first = troubles[0];
    const blocked = readiness(workload).blocked;
    const verdict = first
        ? `${first.reason}${first.container !== '-' ? ` (container ${first.container})` : ''}${first.message ? `: ${first.message}` : ''}`
        : blocked ?? (events.length > 0 ? events[events.length - 1] : 'no pod reported a reason (the controller may still be creating pods)');
    return { verdict, details };
}
/** Waits until every workload is rolled out; one deadline for all. Fails with a root-cause digest. */
async function waitForRollouts(kubectl, workloads, options) {
    const done = [];
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    // Quick polls first (a rollout often completes within seconds), then once a second.
    const pollMs = () => options.pollMs ?? (Date.now() - started < 3000 ? 200 : Date.now() - started < 10_000 ? 500 : 1000);
    const failFastMs = options.failFastMs ?? 20_000;
    const pending = new Map(workloads.map((w) => [`${w.kind}/${w.namespace ?? ''}/${w.name}`, w]));
    const stuckSince = new Map();
    let last;
    while (pending.size > 0) {
        for (const [key, ref] of [...pending]) {
            const remaining = deadline - Date.now();
            const o = await kubectl.get(ref.kind, ref.name, ref.namespace, Math.max(remaining, 5000));
            if (!o)
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-K8S-003', `${ref.kind.toLowerCase()}/${ref.name} disappeared while waiting for its rollout.`, { fix: 'Check whether something else deleted it (another pipeline, a GitOps controller).' });
            last = o;
            const r = readiness(o);
            if (r.ready) {
                pending.delete(key);
                const images = (o.spec?.template?.spec?.containers ?? []).map((c) => String(c.image));
                done.push({ object: (0,_manifests_js__WEBPACK_IMPORTED_MODULE_3__/* .objectRef */ .DA)(o), images, ready: r.summary, seconds: Math.round((Date.now() - started) / 100) / 10 });
                options.log?.(`${(0,_manifests_js__WEBPACK_IMPORTED_MODULE_3__/* .objectRef */ .DA)(o)} rolled out (${r.summary}).`);
                continue;
            }
            if (r.failed)
                throw await rolloutFailure(kubectl, o, r.failed);
            // Pod reasons cost two more calls: only once the rollout is not immediate.
            if (Date.now() - started < Math.min(2000, failFastMs))
                continue;
            const { troubles } = await podTroubles(kubectl, o, 10_000).catch(() => ({ troubles: [] }));
            const stuck = r.blocked !== undefined || (troubles.length > 0 && troubles.every((t) => STUCK_REASONS.has(t.reason)));
            if (!stuck)
                stuckSince.delete(key);
            else if (!stuckSince.has(key))
                stuckSince.set(key, Date.now());
            else if (Date.now() - stuckSince.get(key) >= failFastMs) {
                throw await rolloutFailure(kubectl, o, r.blocked !== undefined ? `pods could not be created for ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(failFastMs)}` : `pods stuck for ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(failFastMs)}`);
            }
        }
        if (pending.size === 0)
            break;
        if (Date.now() >= deadline)
            throw await rolloutFailure(kubectl, last, `not ready within ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(options.timeoutMs)}`);
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(Math.min(pollMs(), Math.max(0, deadline - Date.now())));
    }
    return done;
}
async function rolloutFailure(kubectl, o, why) {
    let digest;
    try {
        digest = await rootCause(kubectl, o, 15_000);
    }
    catch (e) {
        digest = { verdict: `(the reason could not be read: ${e.message})`, details: [] };
    }
    const problems = digest.details.map((d) => ({ message: d }));
    return new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-K8S-003', `${(0,_manifests_js__WEBPACK_IMPORTED_MODULE_3__/* .objectRef */ .DA)(o)} did not roll out (${why}; ${readiness(o).summary}): ${digest.verdict}`, {
        problems,
        fix: 'Fix the cause named above (image name or tag, registry credentials, the container\'s start command, resources, the namespace\'s quota), then deploy again; or raise `timeout` if the rollout is only slow.',
    });
}


/***/ })

};
