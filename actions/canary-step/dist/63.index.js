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
// none of 20 or later: the runner's own), then runs its operations there (providers/agent.ts):
// the request as JSON on standard input, never on a command line; log lines, then the result or the
// error, as JSON lines back; one agent per run, each operation a round trip on its channel (issue 37).
// Used by the local provider over SSH (every operation) and by compose over
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
/** Set to 1: an agent per operation instead of the run's channel (for the benchmark that compares them). */
const PER_CALL = 'GLIDEPATH_INTERNAL_AGENT_PER_CALL';
class HostAgent {
    place;
    deps;
    /** The node and bundle to run on the host, once checked (or put there) in this run. */
    command;
    /** The run's agent on the host (ssh/channel.ts), once an operation started it. */
    channel;
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
        const heard = (line) => {
            if ('info' in line)
                this.deps.log.info(`[${this.host.label}] ${line.info}`);
            else if ('warning' in line)
                this.deps.log.warning(`[${this.host.label}] ${line.warning}`);
            else if ('result' in line)
                answer = line;
            else if ('error' in line)
                failure = line.error;
        };
        const other = [];
        let ended = '';
        if (process.env[PER_CALL] === '1') {
            // One agent per operation (as before issue 37's channel): kept for the benchmark beside it.
            const r = await this.host.run('exec "$1" "$2"', {
                env: { [_runtime_self_js__WEBPACK_IMPORTED_MODULE_4__/* .AGENT_ENV */ .wU]: '1' }, args: [node, entry], own: true, input: JSON.stringify(request), timeoutMs: timeoutMs + MARGIN_MS, label: `glidepath ${op}`,
                onLine: (text) => {
                    let line;
                    try {
                        line = JSON.parse(text);
                    }
                    catch { /* not the agent's */ }
                    if (line)
                        heard(line);
                    else if (text.trim())
                        other.push(text);
                },
            });
            ended = ` (exit ${r.code ?? r.signal})`;
        }
        else {
            // The run's agent on the host, started once: the operation is one round trip on its channel.
            this.channel ??= this.host.channel('exec "$1" "$2"', { env: { [_runtime_self_js__WEBPACK_IMPORTED_MODULE_4__/* .AGENT_ENV */ .wU]: 'serve' }, args: [node, entry], label: 'Glidepath\'s agent' });
            await this.channel.request({ request }, timeoutMs + MARGIN_MS, `glidepath ${op} on ${this.host.label}`, (line) => heard(line));
        }
        if (failure)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT(failure.code, `On ${this.host.label}: ${failure.message}`, { fix: failure.fix });
        if (!answer) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-SSH-002', `Glidepath on ${this.host.label} ended without an answer to ${op}${ended}: ${other.slice(-3).join(' | ') || 'no output'}.`, {
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
/* harmony import */ var _traffic_factory_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1085);
/* harmony import */ var _ssh_environment_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8716);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6648);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5030);






const existingAppDirOrNone = (deps, version) => {
    try {
        return (0,_local_js__WEBPACK_IMPORTED_MODULE_4__.existingAppDir)(deps, version);
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
        if (!deps.host)
            throw new Error('the local provider over SSH is given its host (createProvider connects it)');
        this.host = deps.host;
        this.onHost = new _ssh_environment_js__WEBPACK_IMPORTED_MODULE_3__/* .HostEnvironment */ .o(this.host, deps.environment.name);
        this.agent = new _agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .HostAgent */ .g(this.onHost, deps);
        this.router = (0,_traffic_factory_js__WEBPACK_IMPORTED_MODULE_2__/* .frontRouter */ .Z)(deps, { host: this.host, agent: this.agent });
    }
    get port() {
        return this.cfg.port ?? _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_ROUTER_PORT */ .C;
    }
    async preflight(request) {
        (0,_local_js__WEBPACK_IMPORTED_MODULE_4__.existingAppDir)(this.deps, request.version);
        (0,_agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .selfBundle */ .n)();
        await this.onHost.ensure(request.timeoutMs);
        await this.agent.ready();
    }
    /** Runs one operation of the local provider on the host (its log lines become ours, its error ours). */
    run(op, args, timeoutMs, upload) {
        return this.agent.call(op, args, timeoutMs, { upload });
    }
    async deploy(request) {
        const app = (0,_local_js__WEBPACK_IMPORTED_MODULE_4__.existingAppDir)(this.deps, request.version);
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

/***/ 8716:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  o: () => (/* binding */ HostEnvironment)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/state/store.ts
var store = __webpack_require__(8529);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
;// CONCATENATED MODULE: ./shared/ssh/lock.ts



// The environment's lock held on the host itself (issue 24), as a Kubernetes Lease is in a cluster: two
// runners deploying to one host never interleave. A directory made atomically by mkdir, with its
// holder and the host's clock at the last renewal; the holder renews it while it runs, and a lock not
// renewed for LEASE_SECONDS (a runner that died) is taken over. All times are the host's own.
const LEASE_SECONDS = 45;
const RENEW_MS = 10_000;
const POLL_MS = 500;
// $1 lock directory, $2 holder, $3 lease seconds. Prints "acquired", "recovered <holder>" or "held <holder>".
const TAKE = `d="$1"; mkdir -p "$(dirname "$d")"; now=$(date +%s)
if mkdir "$d" 2>/dev/null; then
  # A lock without its holder would look stale to the next run at once: undo it rather than hold it so.
  if printf '%s\\n%s\\n' "$2" "$now" > "$d/holder"; then echo acquired; exit 0; fi
  rm -rf "$d"; echo "could not write $d/holder" >&2; exit 5
fi
h=$(sed -n 1p "$d/holder" 2>/dev/null); t=$(sed -n 2p "$d/holder" 2>/dev/null)
case "$t" in ''|*[!0-9]*) t=0 ;; esac
if [ $((now - t)) -gt "$3" ]; then
  if printf '%s\\n%s\\n' "$2" "$now" > "$d/holder.$$" && mv -f "$d/holder.$$" "$d/holder"; then echo "recovered $h"; exit 0; fi
  rm -f "$d/holder.$$"; echo "could not write $d/holder" >&2; exit 5
fi
echo "held $h"`;
// Renews (or releases, with $3 = release) only while this run is the holder.
const RENEW = `d="$1"; [ "$(sed -n 1p "$d/holder" 2>/dev/null)" = "$2" ] || exit 4
if [ "$3" = release ]; then rm -rf "$d"; else printf '%s\\n%s\\n' "$2" "$(date +%s)" > "$d/holder.$$" && mv -f "$d/holder.$$" "$d/holder"; fi`;
async function acquireHostLock(host, dir, options) {
    const holder = `${options.action}${options.runId ? ` run ${options.runId}` : ''} pid ${process.pid}@${(0,external_node_os_.hostname)()}`;
    const deadline = Date.now() + options.timeoutMs;
    let waited = false;
    for (;;) {
        const r = await host.capture(TAKE, [dir, holder, String(LEASE_SECONDS)], 30_000, 'lock');
        const said = r.stdout.trim();
        if (r.code === 0 && (said === 'acquired' || said.startsWith('recovered'))) {
            if (said.startsWith('recovered'))
                options.onRecover?.(`${said.slice('recovered '.length) || 'an unknown run'} on ${host.label}`);
            break;
        }
        if (r.code !== 0 && !said.startsWith('held')) {
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not take the lock ${dir} on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${host.user} may write ${dir} on the host, and its free disk space.` });
        }
        if (Date.now() >= deadline) {
            throw new errors/* GlidepathError */.HT('GP-LOCK-001', `Environment is locked on ${host.label} by ${said.slice('held '.length) || 'another run'}; waited ${(0,duration/* formatDuration */.a3)(options.timeoutMs)}.`, {
                fix: `Let the other run finish, or raise lock-timeout. A holder that stops renewing is taken over after ${LEASE_SECONDS}s.`,
            });
        }
        if (!waited)
            options.onWait?.(said.slice('held '.length) || 'another run');
        waited = true;
        await (0,duration/* sleep */.yy)(POLL_MS);
    }
    let renewing = Promise.resolve();
    const timer = setInterval(() => {
        renewing = host.capture(RENEW, [dir, holder, 'renew'], 20_000, 'lock renew').catch(() => undefined);
    }, RENEW_MS);
    timer.unref();
    return {
        release: async () => {
            clearInterval(timer);
            await renewing;
            await host.capture(RENEW, [dir, holder, 'release'], 20_000, 'lock release');
        },
    };
}

;// CONCATENATED MODULE: ./shared/ssh/environment.ts



// The environment's own directory on a host reached over SSH (issue 24): its lock and its state live
// there, so two runners never interleave on the host and a fresh runner (a hosted one) finds what the
// last run left. Every provider that runs over SSH keeps them the same way, through this one class.
const STATE_TIMEOUT_MS = 30_000;
class HostEnvironment {
    host;
    /** Relative to ssh.dir (or the user's home): `.glidepath/<environment>`. */
    dir;
    constructor(host, environmentName) {
        this.host = host;
        this.dir = `.glidepath/${(0,store/* environmentSlug */.Hn)(environmentName)}`;
    }
    /** Checks the key, the host key and the connection, and makes the directory: before anything changes anywhere. */
    async ensure(timeoutMs) {
        const r = await this.host.capture('mkdir -p "$1"', [this.dir], Math.min(timeoutMs, STATE_TIMEOUT_MS), 'preflight');
        if (r.code !== 0) {
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `${this.host.label} refused to create ${this.dir}: ${(r.stderr + r.stdout).trim() || `exit ${r.code}`}.`, {
                fix: `Check that ${this.host.user} may write its home directory (or ssh.dir) on the host, and its free disk space.`,
            });
        }
    }
    lock(options) {
        return acquireHostLock(this.host, `${this.dir}/lock`, options);
    }
    async load() {
        const text = await this.host.readFile(`${this.dir}/state.json`, STATE_TIMEOUT_MS);
        return text ? JSON.parse(text) : undefined;
    }
    save(state) {
        return this.host.writeFile(`${this.dir}/state.json`, `${JSON.stringify(state, null, 2)}\n`, STATE_TIMEOUT_MS);
    }
}


/***/ })

};
