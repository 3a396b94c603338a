export const id = 63;
export const ids = [63];
export const modules = {

/***/ 4220:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ HostAgent),
/* harmony export */   n: () => (/* binding */ selfBundle)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1243);





// The runner's half of Glidepath's agent on a host over SSH (issue 24): puts what the host needs there
// itself, once (its own bundle per build under .glidepath/agent/<hash>, and a Node.js when the host has
// none of 20 or later: the runner's own), then runs one operation at a time there (providers/agent.ts):
// the request as JSON on standard input, never on a command line; log lines, then the result or the
// error, as JSON lines back. Used by the local provider over SSH (every operation) and by compose over
// SSH with the local router (the router's operations, through traffic/agent.ts).
const MIN_NODE = 20;
/** The agent's own start and the connection, on top of what the operation itself may take. */
const MARGIN_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
/** Older builds' bundles kept on a host beside the current one (a runner of an older build may still call). */
const KEEP_BUNDLES = 2;
let bundle;
/** The bundle this process runs from (dist/index.js and its chunks), and a hash of its files. */
function selfBundle() {
    if (bundle)
        return bundle;
    const command = (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_4__/* .getSelfCommand */ .kC)();
    const entry = command.length === 2 ? command[1] : undefined;
    if (!entry || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(entry) !== 'index.js') {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INTERNAL-001', 'Glidepath on a host over SSH runs from an action bundle or the glidepath CLI (it puts its own bundle on the host); this process runs from source.', {
            fix: 'Use the published action (uses: glidepath-dev/glidepath/actions/deploy@v1) or the glidepath CLI.',
        });
    }
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(entry);
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for (const f of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir).sort()) {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f)).isFile())
            continue;
        hash.update(f).update('\0').update((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f))).update('\0');
    }
    bundle = { dir, hash: hash.digest('hex').slice(0, 16) };
    return bundle;
}
class HostAgent {
    place;
    deps;
    /** The node and bundle to run on the host, once checked (or put there) in this run. */
    command;
    constructor(place, deps) {
        this.place = place;
        this.deps = deps;
    }
    get host() {
        return this.place.host;
    }
    /**
     * Makes sure the host can run the agent: a Node.js of 20 or later (its own, or the runner's put there
     * once), and this build's bundle. One call when both are there; an upload for each that is not.
     */
    async ready() {
        if (this.command)
            return this.command;
        const own = selfBundle();
        const remoteBundle = `.glidepath/agent/${own.hash}`;
        const remoteNode = `.glidepath/node/${process.version}/node`;
        const check = `ok() { "$1" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${MIN_NODE} ? 0 : 1)' >/dev/null 2>&1; }
n=$(command -v node 2>/dev/null || true)
if [ -n "$n" ] && ok "$n"; then echo "node=$n"; elif [ -x "$2" ] && ok "$2"; then echo "node=$2"; else echo "node="; fi
if [ -f "$1/.glidepath-complete" ]; then echo bundle=yes; else echo bundle=no; fi`;
        const r = await this.host.capture(check, [remoteBundle, remoteNode], SETUP_TIMEOUT_MS, 'check node and bundle');
        if (r.code !== 0)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-SSH-002', `Could not check ${this.host.label} for Node.js: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.host.user} has a POSIX shell on ${this.host.cfg.host}.` });
        let node = /^node=(.*)$/m.exec(r.stdout)?.[1]?.trim();
        if (!node) {
            this.deps.log.info(`${this.host.label} has no Node.js ${MIN_NODE}+: putting the runner's (${process.version}) at ${remoteNode}, once.`);
            await this.host.uploadFile(process.execPath, remoteNode, SETUP_TIMEOUT_MS);
            node = remoteNode;
        }
        if (!/^bundle=yes$/m.test(r.stdout)) {
            this.deps.log.info(`Putting Glidepath (${own.hash}) on ${this.host.label} at ${remoteBundle}, once per build.`);
            await this.host.uploadDir(own.dir, remoteBundle, [], SETUP_TIMEOUT_MS);
            await this.pruneBundles(own.hash);
        }
        this.command = { node, entry: `${remoteBundle}/index.js` };
        return this.command;
    }
    /**
     * Once a new build is on the host, older bundles go, but for the newest few (a runner of the previous
     * build may still call) and any a process still runs from (a router loads its chunks lazily). Where the
     * host has no /proc to tell, nothing is removed. A failure here never fails the run.
     */
    async pruneBundles(current) {
        const script = `cd .glidepath/agent 2>/dev/null && [ -d /proc/self ] || exit 0
inuse=$(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -o 'agent/[0-9a-f]\\{16\\}/' | sort -u)
n=0
for d in $(ls -1t); do
  case "$d" in *[!0-9a-f]*|"$1") continue ;; esac
  [ \${#d} -eq 16 ] || continue
  n=$((n + 1))
  [ "$n" -le "$2" ] && continue
  case "$inuse" in *"agent/$d/"*) continue ;; esac
  rm -rf "$d" && echo "$d"
done`;
        try {
            const r = await this.host.capture(script, [current, String(KEEP_BUNDLES)], SETUP_TIMEOUT_MS, 'prune old bundles');
            const gone = r.stdout.split('\n').filter(Boolean);
            if (gone.length)
                this.deps.log.info(`Removed ${gone.length} older Glidepath bundle(s) from ${this.host.label} (none in use; the newest ${KEEP_BUNDLES} before this one kept).`);
        }
        catch { /* the run goes on: an old bundle left is only disk */ }
    }
    /** Runs one operation on the host; its log lines become ours (with the host's name), its error ours. */
    async call(op, args, timeoutMs, extra = {}) {
        const { node, entry } = await this.ready();
        const request = { op, args, environment: this.deps.environment, event: this.deps.event, dir: this.place.dir, ...extra };
        let answer;
        let failure;
        const other = [];
        const r = await this.host.run('exec "$1" "$2"', {
            env: { [_runtime_self_js__WEBPACK_IMPORTED_MODULE_4__/* .AGENT_ENV */ .wU]: '1' },
            args: [node, entry],
            own: true,
            input: JSON.stringify(request),
            timeoutMs: timeoutMs + MARGIN_MS,
            label: `glidepath ${op}`,
            onLine: (text) => {
                let line;
                try {
                    line = JSON.parse(text);
                }
                catch { /* not the agent's */ }
                if (line && 'info' in line)
                    this.deps.log.info(`[${this.host.label}] ${line.info}`);
                else if (line && 'warning' in line)
                    this.deps.log.warning(`[${this.host.label}] ${line.warning}`);
                else if (line && 'result' in line)
                    answer = line;
                else if (line && 'error' in line)
                    failure = line.error;
                else if (text.trim())
                    other.push(text);
            },
        });
        if (failure)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT(failure.code, `On ${this.host.label}: ${failure.message}`, { fix: failure.fix });
        if (!answer) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-SSH-002', `Glidepath on ${this.host.label} ended without an answer to ${op} (exit ${r.code ?? r.signal}): ${other.slice(-3).join(' | ') || 'no output'}.`, {
                fix: `Check the host's free disk space and memory, and that ${this.host.user} may run programs in its home (or ssh.dir); the next run finds the host's state and carries on.`,
            });
        }
        return answer.result;
    }
}


/***/ }),

/***/ 3063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SshLocalProvider: () => (/* binding */ SshLocalProvider)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _agent_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4220);
/* harmony import */ var _traffic_agent_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2717);
/* harmony import */ var _ssh_host_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(543);
/* harmony import */ var _ssh_environment_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8716);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6648);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5030);







const existingAppDirOrNone = (deps, version) => {
    try {
        return (0,_local_js__WEBPACK_IMPORTED_MODULE_5__.existingAppDir)(deps, version);
    }
    catch {
        return undefined;
    }
};
// The local provider on a host reached over SSH (issue 24). The runner puts what the host needs there
// itself: its own bundle (once per build, under .glidepath/agent/<hash>), a Node.js when the host has
// none of 20 or later (the runner's own, once per version), and each version's app directory. Every
// operation is then the local provider itself, run on the host by that bundle (agent.ts): releases are
// the host's processes behind a Glidepath router on the host, with the lock and the state kept there.
// The runner reaches the router through the connection (forwards), never a public port.
class SshLocalProvider {
    deps;
    name = 'local';
    host;
    onHost;
    cfg;
    agent;
    /** The router on the host, for what the runner reads of it: counters and probes, through the connection. */
    router;
    constructor(deps) {
        this.deps = deps;
        this.cfg = deps.environment.config.local;
        this.host = new _ssh_host_js__WEBPACK_IMPORTED_MODULE_3__/* .SshHost */ .fQ(deps.environment.config.ssh, deps.env, deps.store.dir);
        this.onHost = new _ssh_environment_js__WEBPACK_IMPORTED_MODULE_4__/* .HostEnvironment */ .o(this.host, deps.environment.name);
        this.agent = new _agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .HostAgent */ .g(this.onHost, deps);
        this.router = new _traffic_agent_js__WEBPACK_IMPORTED_MODULE_2__/* .AgentRouter */ .j(this.agent, { port: this.port, listen: this.cfg.listen }, deps.environment.timeoutMs);
    }
    get port() {
        return this.cfg.port ?? _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_6__/* .DEFAULT_ROUTER_PORT */ .C;
    }
    async preflight(request) {
        (0,_local_js__WEBPACK_IMPORTED_MODULE_5__.existingAppDir)(this.deps, request.version);
        (0,_agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .selfBundle */ .n)();
        await this.onHost.ensure(request.timeoutMs);
        await this.agent.ready();
    }
    /** Runs one operation of the local provider on the host (its log lines become ours, its error ours). */
    run(op, args, timeoutMs, upload) {
        return this.agent.call(op, args, timeoutMs, { upload });
    }
    async deploy(request) {
        const app = (0,_local_js__WEBPACK_IMPORTED_MODULE_5__.existingAppDir)(this.deps, request.version);
        const upload = `${this.onHost.dir}/incoming/${request.version}`;
        const state = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(this.deps.stateDir);
        // The runner's own state directory may be inside the app (app: .): it never goes to the host.
        const inside = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(app, state);
        const exclude = ['.git', ...(inside && !inside.startsWith('..') ? [`./${inside}`] : [])];
        await this.host.uploadDir(app, upload, exclude, request.timeoutMs);
        const result = (await this.run('deploy', [request], request.timeoutMs, upload));
        return { ...result, url: this.publicUrl() };
    }
    /** Where users reach the router, when it listens beyond the host's loopback. */
    publicUrl() {
        const listen = this.cfg.listen;
        if (!listen || listen.startsWith('127.') || listen === 'localhost' || listen === '::1')
            return undefined;
        const host = listen === '0.0.0.0' || listen === '::' ? this.host.cfg.host : listen;
        return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
    }
    async setCanaryWeight(version, weight, timeoutMs) {
        await this.run('set-weight', [version, weight], timeoutMs);
    }
    keepsPrevious = true;
    async promote(version, timeoutMs, opts = {}) {
        await this.run('promote', [version, timeoutMs, opts], timeoutMs);
    }
    async abort(version, timeoutMs) {
        await this.run('abort', [version, timeoutMs], timeoutMs);
    }
    async rollback(to, from, timeoutMs) {
        try {
            await this.run('rollback', [to, from, timeoutMs], timeoutMs);
        }
        catch (e) {
            // The host no longer keeps the release: sent again when the runner has that version's own directory.
            const source = e.code === 'GP-ROLLBACK-002' && /\{\{\s*version\s*\}\}/.test(this.cfg.app) ? existingAppDirOrNone(this.deps, to) : undefined;
            if (!source)
                throw e;
            this.deps.log.info(`${this.host.label} no longer keeps ${to}; sending it again from ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(this.deps.workspace, source) || '.'}.`);
            const upload = `${this.onHost.dir}/incoming/${to}`;
            await this.host.uploadDir(source, upload, ['.git'], timeoutMs);
            await this.run('rollback', [to, from, timeoutMs], timeoutMs, upload);
        }
    }
    async teardown(timeoutMs) {
        await this.run('teardown', [], timeoutMs);
    }
    async prune(keep) {
        await this.run('prune', [keep], this.deps.environment.timeoutMs);
    }
    /** What the host serves, read there by the agent (its router and releases). */
    async observe() {
        return (await this.run('observe', [], this.deps.environment.timeoutMs));
    }
    async heal(stable, timeoutMs) {
        return (await this.run('heal', [stable, timeoutMs], timeoutMs));
    }
    /** The router's counters on the host, read through the connection. */
    routerCounters() {
        return this.router.counters();
    }
    canaryEndpoint() {
        return this.router.endpoint('canary');
    }
    stableEndpoint() {
        return this.router.endpoint('stable');
    }
    loadState() {
        return this.onHost.load();
    }
    saveState(state) {
        return this.onHost.save(state);
    }
    lock(options) {
        return this.onHost.lock(options);
    }
}


/***/ }),

/***/ 2717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ AgentRouter)
/* harmony export */ });
/* harmony import */ var _cohorts_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3706);

/**
 * Glidepath's local router on a host over SSH: each operation runs on the host through the agent, and the
 * runner reaches the router's public port through the connection. Compose over SSH drives it (keeping
 * the routes with its slots); the local provider over SSH reads its counters and probes through it.
 */
class AgentRouter {
    agent;
    router;
    timeoutMs;
    constructor(agent, router, timeoutMs) {
        this.agent = agent;
        this.router = router;
        this.timeoutMs = timeoutMs;
    }
    call(op, args, timeoutMs = this.timeoutMs) {
        return this.agent.call(op, args, timeoutMs, { router: { port: this.router.port } });
    }
    /** Checks (and puts there, once) what the host needs to run the router: before anything changes. */
    async prepare() {
        await this.agent.ready();
    }
    /** Points the router on the host at these routes, starting it there first (or upgrading it) when needed: one call. */
    async apply(change) {
        await this.call('router-apply', [change]);
    }
    /** Waits on the host until no request is in flight to `url` through the router, bounded. */
    async drain(url, timeoutMs) {
        return (await this.call('router-drain', [url, timeoutMs], timeoutMs));
    }
    /** Stops the router on the host and forgets its routes (teardown). */
    async remove() {
        await this.call('router-stop', []);
    }
    /** The router's counters on the host, read through the connection. */
    counters() {
        return { stats: async (windowSeconds) => (await this.call('router-stats', [windowSeconds], 30_000)) };
    }
    /** A port nothing listens on on the host (for a release to publish). */
    async freePort() {
        return (await this.call('free-port', [], 30_000));
    }
    /** The router's public address as the runner reaches it: a local port forwarded through the connection. */
    async endpoint(which) {
        const listen = this.router.listen;
        const address = !listen || listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen;
        return { url: `http://${await this.agent.host.forward(`${address}:${this.router.port}`, 30_000)}/`, headers: { [_cohorts_js__WEBPACK_IMPORTED_MODULE_0__/* .ROUTE_HEADER */ .K7]: which } };
    }
}


/***/ })

};
