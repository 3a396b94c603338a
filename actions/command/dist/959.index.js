export const id = 959;
export const ids = [959];
export const modules = {

/***/ 959:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HelmProvider: () => (/* binding */ HelmProvider),
/* harmony export */   revisionVersion: () => (/* binding */ revisionVersion),
/* harmony export */   setPath: () => (/* binding */ setPath)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8565);
/* harmony import */ var _runtime_context_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(3538);
/* harmony import */ var _files_paths_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5274);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4772);
/* harmony import */ var _kube_kubectl_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7044);
/* harmony import */ var _kube_manifests_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6184);
/* harmony import */ var _kube_rollout_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(895);
/* harmony import */ var _kube_cluster_state_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1776);
/* harmony import */ var _kube_lease_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6236);













const DESCRIPTION = /glidepath version=(\S+)/;
/** The version a revision runs: its glidepath description, what was noted for it, or what a "Rollback to N" restored. */
function revisionVersion(h, history, known, depth = 0) {
    const own = h.description.match(DESCRIPTION)?.[1] ?? known[String(h.revision)];
    if (own || depth > 20)
        return own;
    const back = /^Rollback to (\d+)/.exec(h.description);
    const target = back ? history.find((x) => x.revision === Number(back[1])) : undefined;
    return target ? revisionVersion(target, history, known, depth + 1) : undefined;
}
function setPath(target, path, value) {
    const keys = path.split('.');
    let node = target;
    for (const k of keys.slice(0, -1)) {
        if (typeof node[k] !== 'object' || node[k] === null)
            node[k] = {};
        node = node[k];
    }
    node[keys[keys.length - 1]] = value;
}
class HelmProvider {
    deps;
    name = 'helm';
    cfg;
    kubectl;
    state;
    kubeconfig;
    opTimeoutMs;
    constructor(deps) {
        this.deps = deps;
        this.cfg = deps.environment.config.helm;
        this.opTimeoutMs = deps.environment.timeoutMs;
        // The config check keeps kubeconfig inside the workspace.
        this.kubeconfig = this.cfg.kubeconfig ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(deps.workspace, this.cfg.kubeconfig) : undefined;
        this.kubectl = new _kube_kubectl_js__WEBPACK_IMPORTED_MODULE_7__/* .Kubectl */ .b({ binary: this.cfg.kubectl, kubeconfig: this.kubeconfig, context: this.cfg.context, env: deps.env, cwd: deps.workspace });
        this.state = new _kube_cluster_state_js__WEBPACK_IMPORTED_MODULE_10__/* .ClusterState */ .Ol(this.kubectl, this.cfg.namespace, deps.environment.name);
    }
    get rollbackBudgetMs() {
        return this.deps.environment.durations.rollbackTimeout;
    }
    baseArgs() {
        const args = [];
        if (this.cfg.namespace)
            args.push('--namespace', this.cfg.namespace);
        if (this.kubeconfig)
            args.push('--kubeconfig', this.kubeconfig);
        if (this.cfg.context)
            args.push('--kube-context', this.cfg.context);
        return args;
    }
    async helm(args, timeoutMs, what, allowFailure = false) {
        const result = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_4__/* .runProgram */ .mB)(this.cfg.helm ?? 'helm', [...args, ...this.baseArgs()], { env: this.deps.env, cwd: this.deps.workspace, timeoutMs: timeoutMs + 15_000, label: what });
        if (result.code !== 0 && !allowFailure) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-HELM-001', `${what} exited with code ${result.code}: ${(0,_process_run_js__WEBPACK_IMPORTED_MODULE_4__/* .outputTail */ .ci)(result, 4)}`, {
                fix: 'Read helm\'s message above: chart path and version, values, the kubeconfig and the release namespace.',
            });
        }
        return result;
    }
    /** The release history, oldest first; empty when the release does not exist. */
    async history(timeoutMs) {
        const result = await this.helm(['history', this.cfg.release, '--max', '256', '-o', 'json'], timeoutMs, 'helm history', true);
        if (result.code !== 0) {
            if (/not found/i.test(result.stderr))
                return [];
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-HELM-001', `helm history exited with code ${result.code}: ${(0,_process_run_js__WEBPACK_IMPORTED_MODULE_4__/* .outputTail */ .ci)(result, 3)}`, { fix: 'Check the kubeconfig and that the release namespace exists.' });
        }
        return JSON.parse(result.stdout || '[]').sort((a, b) => a.revision - b.revision);
    }
    chartRef() {
        const chart = this.cfg.chart;
        if (chart.startsWith('.') || chart.startsWith('/') || (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(this.deps.workspace, chart))) {
            if (!(0,_files_paths_js__WEBPACK_IMPORTED_MODULE_5__/* .isInside */ .FK)(this.deps.workspace, chart))
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-003', `helm.chart "${chart}" leaves the workspace.`, { fix: 'Keep a local chart inside the repository, or use repo/chart or oci://.' });
            return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(this.deps.workspace, chart);
        }
        return chart;
    }
    valuesFile(dir, image) {
        const values = {};
        for (const [path, value] of Object.entries(this.cfg.set ?? {}))
            setPath(values, path, value);
        if (image) {
            const ref = (0,_kube_manifests_js__WEBPACK_IMPORTED_MODULE_8__/* .parseImage */ .zZ)(image);
            const paths = { repository: 'image.repository', tag: 'image.tag', digest: 'image.digest', ...(this.cfg.imageValues ?? {}) };
            setPath(values, paths.repository, ref.repository);
            if (ref.tag)
                setPath(values, paths.tag, ref.tag);
            if (ref.digest)
                setPath(values, paths.digest, ref.digest);
        }
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'glidepath-values.json');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(file, JSON.stringify(values));
        return file;
    }
    description(version) {
        const ctx = this.deps.event;
        return [`glidepath version=${version}`, ctx.sha && `sha=${ctx.sha.slice(0, 12)}`, (0,_runtime_context_js__WEBPACK_IMPORTED_MODULE_12__/* .runUrl */ .Vp)(ctx) && `run=${(0,_runtime_context_js__WEBPACK_IMPORTED_MODULE_12__/* .runUrl */ .Vp)(ctx)}`].filter(Boolean).join(' ');
    }
    /**
     * A release left pending-* (a job killed mid-upgrade) or failed on its first install blocks every
     * later upgrade. Put it back on its last deployed revision (or remove the failed install) first.
     */
    async recover(timeoutMs) {
        const history = await this.history(timeoutMs);
        const latest = history[history.length - 1];
        if (!latest)
            return history;
        const lastGood = [...history].reverse().find((h) => h.status === 'deployed' || h.status === 'superseded');
        if (latest.status.startsWith('pending-') || (latest.status === 'failed' && !history.some((h) => h.status === 'deployed'))) {
            if (lastGood) {
                this.deps.log.warning(`Release ${this.cfg.release} is ${latest.status} at revision ${latest.revision}; rolling back to revision ${lastGood.revision} before upgrading.`);
                await this.rollbackTo(lastGood.revision, this.rollbackBudgetMs);
            }
            else {
                this.deps.log.warning(`Release ${this.cfg.release} is ${latest.status} with no deployed revision; uninstalling the broken install before installing again.`);
                await this.helm(['uninstall', this.cfg.release, '--wait', '--timeout', `${Math.ceil(timeoutMs / 1000)}s`], timeoutMs, 'helm uninstall');
            }
            const now = await this.history(timeoutMs);
            const after = now[now.length - 1];
            if (after && after.status.startsWith('pending-')) {
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-HELM-002', `Release ${this.cfg.release} is still ${after.status} after recovery.`, { fix: `Inspect it with helm history ${this.cfg.release}; another job may be upgrading it right now.` });
            }
            return now;
        }
        return history;
    }
    async rollbackTo(revision, budgetMs) {
        await this.helm(['rollback', this.cfg.release, String(revision), '--wait', '--timeout', `${Math.ceil(budgetMs / 1000)}s`, '--cleanup-on-fail'], budgetMs, `helm rollback to revision ${revision}`);
    }
    /** Why the release's workloads are not ready, for the failure message. */
    async digest(timeoutMs) {
        try {
            const result = await this.helm(['get', 'manifest', this.cfg.release], timeoutMs, 'helm get manifest', true);
            const names = [...result.stdout.matchAll(/^kind:\s*(Deployment|StatefulSet|DaemonSet)\s*\nmetadata:\s*\n\s+name:\s*(\S+)/gm)].map((m) => [m[1], m[2]]);
            const lines = [];
            for (const [kind, name] of names) {
                const o = await this.kubectl.get(kind, name, this.cfg.namespace, timeoutMs);
                if (!o || !(0,_kube_manifests_js__WEBPACK_IMPORTED_MODULE_8__/* .isWorkload */ .gv)(o) || (0,_kube_rollout_js__WEBPACK_IMPORTED_MODULE_9__/* .readiness */ .xz)(o).ready)
                    continue;
                const d = await (0,_kube_rollout_js__WEBPACK_IMPORTED_MODULE_9__/* .rootCause */ .es)(this.kubectl, o, timeoutMs);
                lines.push(`${kind.toLowerCase()}/${name}: ${d.verdict}`, ...d.details.map((x) => `  ${x}`));
            }
            return lines;
        }
        catch {
            return [];
        }
    }
    async preflight(request) {
        if (request.strategy !== 'rolling') {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-006', `The helm provider upgrades the release in place; strategy ${request.strategy} is not available.`, {
                fix: 'Use strategy rolling with helm, or the kubernetes provider for canary and blue-green.',
            });
        }
        if (request.image)
            (0,_kube_manifests_js__WEBPACK_IMPORTED_MODULE_8__/* .checkImage */ .cd)(request.image);
        for (const v of this.cfg.values ?? []) {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(this.deps.workspace, v)))
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-HELM-001', `helm values file "${v}" does not exist.`, { fix: 'Correct helm.values.' });
        }
        this.chartRef();
    }
    async deploy(request) {
        this.opTimeoutMs = request.timeoutMs;
        const history = await this.recover(request.timeoutMs);
        const before = history.filter((h) => h.status === 'deployed').pop();
        const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'glidepath-helm-'));
        try {
            const args = ['upgrade', '--install', this.cfg.release, this.chartRef(), '--wait', '--timeout', `${Math.ceil(request.timeoutMs / 1000)}s`,
                '--description', this.description(request.version), '--history-max', String(this.cfg.historyMax ?? 20)];
            if (this.cfg.chartVersion)
                args.push('--version', this.cfg.chartVersion);
            if (this.cfg.createNamespace)
                args.push('--create-namespace');
            for (const v of this.cfg.values ?? [])
                args.push('--values', (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(this.deps.workspace, v));
            args.push('--values', this.valuesFile(dir, request.image));
            this.deps.log.info(`helm upgrade --install ${this.cfg.release} (${request.version}, timeout ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_6__/* .formatDuration */ .a3)(request.timeoutMs)})`);
            const result = await this.helm(args, request.timeoutMs, 'helm upgrade', true);
            if (result.code === 0) {
                await this.noteRevision(request.version, request.timeoutMs);
                return {};
            }
            const said = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_4__/* .outputTail */ .ci)(result, 3);
            const digest = await this.digest(15_000);
            let outcome;
            if (before) {
                try {
                    await this.rollbackTo(before.revision, this.rollbackBudgetMs);
                    const known = (await this.state.getJson('helm.revisions', request.timeoutMs)) ?? {};
                    const restored = revisionVersion(before, history, known);
                    if (restored)
                        await this.noteRevision(restored, request.timeoutMs);
                    outcome = `rolled back to revision ${before.revision} (${restored ?? before.app_version ?? 'previous'})`;
                }
                catch (e) {
                    outcome = `the rollback to revision ${before.revision} failed too: ${(0,_errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .toGlidepathError */ .cL)(e).message}`;
                }
            }
            else {
                outcome = 'there is no earlier revision to roll back to';
            }
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-HELM-003', `helm upgrade of ${this.cfg.release} to ${request.version} failed (${said}); ${outcome}.${digest.length ? ` Cause: ${digest[0]}` : ''}`, {
                problems: digest.map((d) => ({ message: d })),
                fix: 'Fix the cause named above (image, values, chart), then deploy again; raise `timeout` if the upgrade is only slow.',
            });
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
        }
    }
    async setCanaryWeight() {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-006', 'The helm provider has no canary.', { fix: 'Use the kubernetes provider for canary releases.' });
    }
    async promote() {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-006', 'The helm provider has no canary to promote.', { fix: 'Use the kubernetes provider for canary releases.' });
    }
    async abort() {
        // Nothing runs beside the release: there is never a canary to take traffic from.
    }
    /** Rolls back to the newest revision that deployed `to`, with the rollback's own time budget. */
    async rollback(to, from, timeoutMs) {
        void from;
        this.opTimeoutMs = timeoutMs;
        const history = await this.recover(timeoutMs);
        const known = (await this.state.getJson('helm.revisions', timeoutMs)) ?? {};
        const versionOf = (h) => revisionVersion(h, history, known);
        const revision = [...history].reverse().find((h) => versionOf(h) === to && h.status !== 'failed' && !h.status.startsWith('pending-'));
        if (!revision) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-K8S-007', `Release ${this.cfg.release} has no revision that deployed ${to} (helm keeps ${this.cfg.historyMax ?? 20}).`, {
                fix: `Deploy ${to} again, or raise helm.historyMax so older revisions are kept.`,
            });
        }
        const budget = Math.min(timeoutMs, this.rollbackBudgetMs);
        this.deps.log.info(`helm rollback ${this.cfg.release} to revision ${revision.revision} (${to}, budget ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_6__/* .formatDuration */ .a3)(budget)})`);
        await this.rollbackTo(revision.revision, budget);
        await this.noteRevision(to, timeoutMs);
    }
    /** Remembers which version the newest revision runs: a rollback revision's description says only "Rollback to N". */
    async noteRevision(version, timeoutMs) {
        const history = await this.history(timeoutMs);
        const latest = history[history.length - 1];
        if (!latest)
            return;
        const known = (await this.state.getJson('helm.revisions', timeoutMs)) ?? {};
        const kept = Object.fromEntries(Object.entries(known).filter(([rev]) => history.some((h) => String(h.revision) === rev)));
        await this.state.set({ 'helm.revisions': JSON.stringify({ ...kept, [latest.revision]: version }) }, timeoutMs);
    }
    async teardown(timeoutMs) {
        await this.helm(['uninstall', this.cfg.release, '--wait', '--ignore-not-found', '--timeout', `${Math.ceil(timeoutMs / 1000)}s`], timeoutMs, 'helm uninstall');
        await this.state.remove(timeoutMs);
    }
    async lock(options) {
        return (0,_kube_lease_js__WEBPACK_IMPORTED_MODULE_11__/* .acquireLease */ .ZZ)(this.kubectl, this.cfg.namespace, (0,_kube_lease_js__WEBPACK_IMPORTED_MODULE_11__/* .leaseName */ .AI)(this.state.name), options);
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
