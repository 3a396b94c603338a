export const id = 341;
export const ids = [341];
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

/***/ 4341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ComposeProvider: () => (/* binding */ ComposeProvider)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/template/render.ts
var render = __webpack_require__(9273);
// EXTERNAL MODULE: ./shared/config/resolve.ts + 1 modules
var resolve = __webpack_require__(1569);
// EXTERNAL MODULE: ./shared/state/store.ts
var store = __webpack_require__(8529);
// EXTERNAL MODULE: ./shared/files/json-file.ts
var json_file = __webpack_require__(7273);
// EXTERNAL MODULE: ./shared/files/paths.ts
var paths = __webpack_require__(5274);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
;// CONCATENATED MODULE: ./shared/docker/cli.ts


// The Docker CLI and its Compose v2 plugin, as the compose provider drives them (beside shared/kube/
// for kubectl): no shell, every value an argument; the engine is the runner's (or DOCKER_HOST's).
// What a provider decides (slots, ports, routes) is not here, only how docker is asked and answered.
const LOG_LINES = 20;
class DockerCli {
    settings;
    constructor(settings) {
        this.settings = settings;
    }
    get binary() {
        return this.settings.docker ?? 'docker';
    }
    run(args, timeoutMs, label) {
        return (0,run/* runProgram */.mB)(this.binary, args, { env: this.settings.env, cwd: this.settings.cwd, timeoutMs, label });
    }
    /** `docker compose` with a project's name and files. */
    compose(project, args, timeoutMs, label) {
        return this.run([...projectArgs(project), ...args], timeoutMs, label);
    }
    /** A failure of docker, with its last lines and where to look. */
    failed(result, what) {
        return new errors/* GlidepathError */.HT('GP-COMPOSE-004', `${what} exited with ${result.signal ?? `code ${result.code}`}: ${(0,run/* outputTail */.ci)(result, 6)}`, {
            fix: 'See docker\'s message above; check DOCKER_HOST, that the compose plugin is installed (docker compose version) and the compose file.',
        });
    }
    /**
     * The services a project's files define (`docker compose config --services`): checks at once that docker
     * and its compose plugin are there and that the files are valid compose files.
     */
    async services(project, fileLabel) {
        const result = await this.compose(project, ['config', '--services'], 60_000, 'docker compose config');
        if (result.code !== 0 && /unknown flag: --project-name|'compose' is not a docker command|unknown command "compose"/.test(result.stderr)) {
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-004', `${this.binary} has no compose command: the Compose v2 plugin is not installed on this runner.`, {
                fix: 'Install the docker-compose-plugin package (or the docker-compose binary in ~/.docker/cli-plugins) on the runner.',
            });
        }
        if (result.code !== 0) {
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-001', `docker compose could not read ${fileLabel}: ${(0,run/* outputTail */.ci)(result, 6)}`, {
                fix: 'Fix the compose file (docker compose config shows the problem), and check that docker and its compose plugin are installed.',
            });
        }
        return result.stdout.split('\n').map((s) => s.trim()).filter(Boolean).sort();
    }
    /** Takes a project down (its containers and networks; its volumes too with `volumes`), failing with docker's message. */
    async down(project, options = {}) {
        const result = await this.compose(project, ['down', ...(options.volumes ? ['--volumes'] : []), '--remove-orphans', '--timeout', '10'], options.timeoutMs ?? 120_000, 'docker compose down');
        if (result.code !== 0)
            throw this.failed(result, `docker compose down (${project.name})`);
    }
    /** Running containers that carry a label (docker ps --filter label=...). */
    async containersLabelled(label) {
        const result = await this.run(['ps', '--filter', `label=${label}`, '--format', '{{json .}}'], 30_000, 'docker ps');
        if (result.code !== 0)
            throw this.failed(result, 'docker ps');
        const out = [];
        for (const line of result.stdout.split('\n').filter((l) => l.trim())) {
            const row = JSON.parse(line);
            const labels = Object.fromEntries((row.Labels ?? '').split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
            out.push({ labels, image: row.Image ?? '', port: Number(/:(\d+)->/.exec(row.Ports ?? '')?.[1]) || 0, created: row.CreatedAt ?? '' });
        }
        return out;
    }
    /** Each container of a project: state, health, exit code and last log lines (for an error message). */
    async digest(project) {
        const ps = await this.compose(project, ['ps', '--all', '--format', 'json'], 30_000, 'docker compose ps').catch(() => undefined);
        const rows = [];
        for (const line of (ps?.stdout ?? '').split('\n')) {
            const t = line.trim();
            if (!t)
                continue;
            try {
                const parsed = JSON.parse(t);
                rows.push(...(Array.isArray(parsed) ? parsed : [parsed]));
            }
            catch { /* not JSON */ }
        }
        if (!rows.length)
            return 'No container was created.';
        const out = [];
        for (const r of rows) {
            const service = String(r.Service ?? '?');
            out.push(`${r.Name ?? service}: ${r.State ?? '?'}${r.Health ? ` (${r.Health})` : ''}${r.State === 'exited' ? `, exit code ${r.ExitCode ?? '?'}` : ''} - ${r.Status ?? ''}`);
            const logs = await this.compose(project, ['logs', '--no-color', '--tail', String(LOG_LINES), service], 30_000, 'docker compose logs').catch(() => undefined);
            const text = (logs?.stdout ?? '').trim();
            if (text)
                out.push(...text.split('\n').slice(-LOG_LINES).map((l) => `  ${l}`));
        }
        return out.join('\n');
    }
}
function projectArgs(project) {
    const args = ['compose', '--project-name', project.name];
    for (const f of project.files)
        args.push('--file', f);
    return args;
}

// EXTERNAL MODULE: ./shared/runtime/context.ts
var context = __webpack_require__(3538);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/providers/agent-client.ts
var agent_client = __webpack_require__(4220);
// EXTERNAL MODULE: ./shared/traffic/agent.ts
var agent = __webpack_require__(2717);
// EXTERNAL MODULE: ./shared/traffic/slots.ts
var slots = __webpack_require__(3577);
// EXTERNAL MODULE: ./shared/traffic/factory.ts + 1 modules
var factory = __webpack_require__(1085);
// EXTERNAL MODULE: ./shared/ssh/environment.ts + 1 modules
var environment = __webpack_require__(8716);
// EXTERNAL MODULE: ./shared/providers/releases.ts
var releases = __webpack_require__(5753);
// EXTERNAL MODULE: ./shared/http/request.ts + 1 modules
var request = __webpack_require__(4910);
// EXTERNAL MODULE: ./shared/http/ports.ts
var ports = __webpack_require__(3899);
;// CONCATENATED MODULE: ./shared/providers/compose.ts




















const SLOTS = ['blue', 'green'];
const MAX_IMAGES = 50;
/**
 * Compose: its releases are slots (ComposeSlots), and the router in front is Glidepath's (on this machine
 * or on the host over SSH) or nginx (SlotRouter); the strategies are the shared ones (releases.ts).
 */
class ComposeProvider extends releases/* ReleaseProvider */.Z {
    name = 'compose';
    cfg;
    releases;
    router;
    /** With an ssh section: the host whose engine runs the releases, and whose nginx routes to them. */
    sshHost;
    onHost;
    /** Over SSH without nginx: Glidepath's router on the host, driven through the agent. */
    hostRouter;
    constructor(deps) {
        super(deps);
        this.cfg = deps.environment.config.compose;
        this.sshHost = deps.host;
        if (this.sshHost)
            this.onHost = new environment/* HostEnvironment */.o(this.sshHost, deps.environment.name);
        const traffic = deps.environment.config.traffic;
        const nginx = traffic?.router === 'nginx' ? traffic.nginx : undefined;
        // The router in front of the slots: nginx (on this machine or the host), or Glidepath's (through the agent on a host).
        const inner = (0,factory/* frontRouter */.Z)(deps, {
            host: this.sshHost,
            agent: this.onHost ? new agent_client/* HostAgent */.g(this.onHost, deps) : undefined,
            slots: { reach: (port, what) => this.releases.reach(port, what), routes: () => this.router.routes() },
        });
        if (inner instanceof agent/* AgentRouter */.j)
            this.hostRouter = inner;
        this.releases = new ComposeSlots(deps, this.cfg, this.project, nginx, this.sshHost, this.hostRouter);
        this.router = new slots/* SlotRouter */.m(this.releases, inner);
    }
    /** The compose project name of this environment (templated; default glidepath-<environment>). */
    get project() {
        const raw = this.cfg.project
            ? (0,render/* render */.XX)(this.cfg.project, (0,resolve/* templateContext */.WX)(this.deps.event, (0,resolve/* environmentFields */.pj)(this.deps.environment)), 'compose.project')
            : `glidepath-${(0,store/* environmentSlug */.Hn)(this.deps.environment.name)}`;
        return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^[^a-z0-9]+/, '');
    }
    describe(release) {
        return `${release.version} (${this.releases.slotProject(release.slot)})`;
    }
    async preflight(request) {
        // Over SSH the key, the host key and the connection are checked before anything changes anywhere.
        await this.onHost?.ensure(request.timeoutMs);
        await this.hostRouter?.prepare();
        const files = this.releases.files;
        const missing = files.filter((f) => !(0,external_node_fs_.existsSync)(f));
        if (missing.length) {
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-001', `Compose file ${missing.map((f) => f.slice(this.deps.workspace.length + 1)).join(', ')} (compose.file) does not exist.`, {
                fix: `Create it or correct environments.${this.deps.environment.key}.compose.file.`,
            });
        }
        if (!this.releases.imageFor(request.version, request.image)) {
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-003', `No image for ${request.version}: the deploy has no image input and compose.image is not set.`, {
                fix: 'Pass the image input (registry/app:tag or @sha256 digest), or set compose.image with {{version}}.',
            });
        }
        const known = await this.releases.docker.services({ name: this.project, files }, this.cfg.file ? String(this.cfg.file) : 'compose.yaml');
        const unknown = this.releases.services.filter((s) => !known.includes(s));
        if (unknown.length) {
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-002', `Service ${unknown.join(', ')} (compose.service${this.cfg.services ? '/services' : ''}) is not in the compose file; it has ${known.join(', ') || 'no services'}.`, {
                fix: `Name a service of the compose file in environments.${this.deps.environment.key}.compose.`,
            });
        }
    }
    /**
     * A runner without this environment's state (a fresh machine reaching the engine through DOCKER_HOST)
     * reads what runs from the containers' labels: each slot's version, image and published port. The
     * newest slot is taken as stable, so the next release goes to the other one, never over it.
     */
    async loadState() {
        const labelled = await this.readLabels();
        const kept = await this.onHost?.load();
        return kept ?? labelled;
    }
    async saveState(state) {
        await this.onHost?.save(state);
    }
    /** Over SSH the lock is held on the host too: two runners never interleave on one engine. */
    async lock(options) {
        return this.onHost ? this.onHost.lock(options) : { release: async () => undefined };
    }
    async readLabels() {
        const slots = this.releases;
        if (slots.recorded())
            return undefined;
        const found = [];
        for (const c of await slots.docker.containersLabelled(`glidepath.environment=${this.deps.environment.name}`)) {
            const slot = c.labels['glidepath.slot'];
            if (!SLOTS.includes(slot) || c.labels['com.docker.compose.project'] !== slots.slotProject(slot) || c.labels['com.docker.compose.service'] !== this.cfg.service)
                continue;
            if (c.port)
                found.push({ slot, version: c.labels['glidepath.version'], image: c.image, port: c.port, created: c.created });
        }
        if (!found.length)
            return undefined;
        found.sort((a, b) => a.created.localeCompare(b.created));
        // Behind nginx its upstream file says which slot serves (the heaviest server); else the newest slot.
        const weights = new Map();
        const nginx = slots.nginx;
        const upstream = nginx ? (this.sshHost ? await this.sshHost.readFile(nginx.file, 30_000) : (0,external_node_fs_.existsSync)(nginx.file) ? (0,external_node_fs_.readFileSync)(nginx.file, 'utf8') : undefined) : undefined;
        if (upstream) {
            for (const m of upstream.matchAll(/server\s+[^\s;]+:(\d+)(?:\s+weight=(\d+))?\s*;/g))
                weights.set(Number(m[1]), Number(m[2] ?? 1));
        }
        const weight = (f) => weights.get(f.port) ?? -1;
        const stable = weights.size ? [...found].sort((a, b) => weight(b) - weight(a))[0] : found[found.length - 1];
        slots.update((st) => {
            for (const f of found) {
                st.slots[f.slot] = { version: f.version, image: f.image, port: f.port, startedAt: f.created };
                st.images[f.version] = f.image;
            }
            const other = found.find((f) => f.slot !== stable.slot && weight(f) > 0);
            st.routed = other ? { stable: stable.slot, canary: other.slot, weight: Math.round((100 * weight(other)) / (weight(other) + weight(stable))) } : { stable: stable.slot, canary: null, weight: 0 };
        });
        if (!nginx)
            await this.router.apply({ stable: { version: stable.version, url: slots.urlOf(stable.port) }, canary: null, weight: 0 });
        this.deps.log.info(`Read from the containers' labels: ${found.map((f) => `${f.version} in ${slots.slotProject(f.slot)}`).join(', ')}; ${stable.version} serves.`);
        return { schema: 1, environment: this.deps.environment.name, stable: { version: stable.version, recordId: 'from-labels' }, canary: null, records: [] };
    }
}
/**
 * The two slots a compose environment runs its releases in, `<project>-blue` and `<project>-green`, and
 * the state that says what each runs (compose.json). A new release goes to the slot not serving as stable.
 */
class ComposeSlots {
    deps;
    cfg;
    project;
    nginx;
    sshHost;
    hostRouter;
    stateFile;
    overrideDir;
    cli;
    constructor(deps, cfg, project, nginx, sshHost, hostRouter) {
        this.deps = deps;
        this.cfg = cfg;
        this.project = project;
        this.nginx = nginx;
        this.sshHost = sshHost;
        this.hostRouter = hostRouter;
        this.stateFile = (0,external_node_path_.join)(deps.store.dir, 'compose.json');
        this.overrideDir = (0,external_node_path_.join)(deps.store.dir, 'compose');
    }
    /** The Docker CLI, made when first used (over SSH that needs the key, checked in preflight). */
    get docker() {
        this.cli ??= new DockerCli({ docker: this.cfg.docker, env: this.sshHost ? { ...this.deps.env, ...this.sshHost.dockerEnv(this.deps.env.PATH) } : this.deps.env, cwd: this.deps.workspace });
        return this.cli;
    }
    slotProject(slot) {
        return `${this.project}-${slot}`;
    }
    get services() {
        return [this.cfg.service, ...(this.cfg.services ?? []).filter((s) => s !== this.cfg.service)];
    }
    get files() {
        const list = this.cfg.file === undefined ? ['compose.yaml'] : Array.isArray(this.cfg.file) ? this.cfg.file : [this.cfg.file];
        return list.map((f) => {
            if (!(0,paths/* isInside */.FK)(this.deps.workspace, f))
                throw new errors/* GlidepathError */.HT('GP-INPUT-003', `compose.file "${f}" leaves the workspace.`, { fix: 'Point compose.file at a compose file inside the repository.' });
            return (0,external_node_path_.resolve)(this.deps.workspace, f);
        });
    }
    /** Whether this runner has the environment's compose state (else it is read from the containers). */
    recorded() {
        return (0,external_node_fs_.existsSync)(this.stateFile);
    }
    state() {
        return (0,json_file/* readJson */.Vh)(this.stateFile, { slots: {}, routed: { stable: null, canary: null, weight: 0 }, images: {} });
    }
    update(change) {
        const s = this.state();
        change(s);
        (0,external_node_fs_.mkdirSync)(this.deps.store.dir, { recursive: true });
        (0,json_file/* writeJsonAtomic */.ZJ)(this.stateFile, s);
        return s;
    }
    imageFor(version, image) {
        if (image)
            return image;
        if (this.cfg.image)
            return (0,render/* render */.XX)(this.cfg.image, (0,resolve/* templateContext */.WX)(this.deps.event, { ...(0,resolve/* environmentFields */.pj)(this.deps.environment), version }), 'compose.image');
        return this.state().images[version];
    }
    /** A slot's address as the router reaches it. */
    /** Which slot serves as stable and which as canary, as compose.json records them (traffic/slots.ts routes by it). */
    routes() {
        const st = this.state();
        const backend = (slot) => {
            const s = slot ? st.slots[slot] : undefined;
            return s ? { version: s.version, url: this.urlOf(s.port) } : null;
        };
        const canary = backend(st.routed.canary);
        return { stable: backend(st.routed.stable), canary, weight: canary ? st.routed.weight : 0 };
    }
    /** Records the routes applied, by the slots their addresses belong to. */
    record(routes) {
        const slotOf = (b) => (b ? this.list().find((r) => r.url === b.url)?.slot ?? null : null);
        this.update((s) => { s.routed = { stable: slotOf(routes.stable), canary: slotOf(routes.canary), weight: routes.weight }; });
    }
    urlOf(port) {
        return `http://${this.host()}:${port}`;
    }
    list() {
        const st = this.state();
        return SLOTS.flatMap((slot) => {
            const s = st.slots[slot];
            return s ? [{ version: s.version, url: this.urlOf(s.port), slot, ...(s.starting ? { starting: true } : {}) }] : [];
        });
    }
    /** The slot not serving as stable, and what it still runs (taken down first). */
    place(_version, routes) {
        const stable = this.list().find((r) => r.url === routes.stable?.url)?.slot;
        const slot = SLOTS.find((s) => s !== stable);
        return { key: slot, replaces: this.list().find((r) => r.slot === slot) };
    }
    /**
     * Starts a release in a slot and waits for it: `up -d --wait` (the containers' healthchecks), then the
     * health path for minReady. A release that does not get there is taken down and the error says why,
     * with each container's state, exit code and last log lines.
     */
    async start(key, version, options) {
        const slot = key;
        const image = (options.again ? this.imageFor(version) : this.imageFor(version, options.image));
        const port = await this.slotPort(slot);
        (0,external_node_fs_.mkdirSync)(this.overrideDir, { recursive: true });
        (0,external_node_fs_.writeFileSync)(this.overridePath(slot), this.overrideFile(slot, version, image, port));
        this.update((s) => {
            s.slots[slot] = { version, image, port, startedAt: new Date().toISOString(), starting: true };
            s.images[version] = image;
            const names = Object.keys(s.images);
            for (const old of names.slice(0, Math.max(0, names.length - MAX_IMAGES)))
                delete s.images[old];
        });
        const deadline = Date.now() + options.timeoutMs;
        const seconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
        this.deps.log.info(`Starting ${version} (${image}) as ${this.slotProject(slot)}: docker compose up --wait for ${this.services.join(', ')} (up to ${(0,duration/* formatDuration */.a3)(options.timeoutMs)}).`);
        const up = await this.docker.compose(this.slotCompose(slot), ['up', '--detach', '--wait', '--wait-timeout', String(seconds), '--no-deps', '--no-build', '--pull', 'missing', '--remove-orphans', ...this.services], options.timeoutMs + 30_000, 'docker compose up');
        if (up.code !== 0) {
            const text = `${up.stderr}\n${up.stdout}`;
            const pull = /pull access denied|manifest unknown|not found|no such image|repository does not exist|failed to resolve reference/i.test(text) && !/unhealthy|exited/i.test(text);
            const digest = await this.digest(slot);
            await this.down(slot);
            if (pull) {
                throw new errors/* GlidepathError */.HT('GP-COMPOSE-006', `Image ${image} for ${version} could not be pulled: ${(0,run/* outputTail */.ci)(up, 3)}. Nothing changed; the previous version keeps serving.`, {
                    fix: 'Check the image name and tag (or digest), that it was pushed, and that this runner is logged in to the registry (docker login).',
                });
            }
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-005', `Release ${version} did not become healthy in ${this.slotProject(slot)} (docker compose up --wait: ${(0,run/* outputTail */.ci)(up, 2)}); it was taken down and the previous version keeps serving.\n${digest}`, {
                fix: 'See each container\'s state, exit code and last log lines above; fix the release or its healthcheck, or raise the timeout.',
            });
        }
        if (this.cfg.health)
            await this.waitHealthy(slot, version, port, deadline);
        this.update((s) => {
            const cur = s.slots[slot];
            if (cur)
                delete cur.starting;
        });
        return { version, url: this.urlOf(port), slot };
    }
    async stop(release) {
        if (release.slot)
            await this.down(release.slot);
    }
    async healthy(release) {
        const slot = this.state().slots[release.slot];
        if (!slot)
            return false;
        try {
            const res = await (0,request/* httpRequest */.aj)(`http://${await this.reach(slot.port, 'standby slot')}${this.cfg.health ?? '/'}`, { timeoutMs: 2000 });
            return this.cfg.health ? res.status >= 200 && res.status < 300 : res.status < 500;
        }
        catch {
            return false;
        }
    }
    restartable(version) {
        if (!this.imageFor(version)) {
            throw new errors/* GlidepathError */.HT('GP-ROLLBACK-002', `Glidepath has no image recorded for ${version} in this environment.`, {
                fix: 'Roll back to a version deployed here with the compose provider (see the record history), or deploy it anew with its image.',
            });
        }
    }
    async teardown(timeoutMs) {
        for (const slot of SLOTS)
            await this.docker.down(this.slotCompose(slot), { volumes: true, timeoutMs });
        (0,external_node_fs_.rmSync)(this.overrideDir, { recursive: true, force: true });
        (0,external_node_fs_.rmSync)(this.stateFile, { force: true });
    }
    /**
     * Where the runner reaches a slot's published port: directly, or over SSH through the host's connection
     * (the port is the host's own, never opened to the runner).
     */
    async reach(port, what) {
        const address = `${this.host()}:${port}`;
        const host = this.sshHost;
        if (!host)
            return address;
        const local = await host.forward(address, 30_000);
        // Said once per use of an address (a slot checked for health, then probed as the canary).
        const said = `${what} ${address} ${local}`;
        if (!this.reachSaid.has(said)) {
            this.reachSaid.add(said);
            this.deps.log.info(`Probes reach the ${what} at ${address} on ${host.label} through the SSH connection (${local} on the runner).`);
        }
        return local;
    }
    reachSaid = new Set();
    /** Where slots are published: 127.0.0.1, or the host of nginx's addresses. */
    host() {
        return this.nginx ? this.nginx.stable.replace(/:\d+$/, '') : '127.0.0.1';
    }
    /** A slot's compose project: the user's files, then the override Glidepath writes (once it exists). */
    slotCompose(slot, withOverride = true) {
        const files = [...this.files];
        if (withOverride && (0,external_node_fs_.existsSync)(this.overridePath(slot)))
            files.push(this.overridePath(slot));
        return { name: this.slotProject(slot), files };
    }
    overridePath(slot) {
        return (0,external_node_path_.join)(this.overrideDir, `${slot}.yaml`);
    }
    /** With nginx, each slot has a fixed address: blue at traffic.nginx.stable's, green at canary's. */
    async slotPort(slot) {
        if (this.hostRouter)
            return this.hostRouter.freePort();
        if (!this.nginx)
            return (0,ports/* freePort */.o)();
        const address = slot === 'blue' ? this.nginx.stable : this.nginx.canary;
        const port = Number(/:(\d+)$/.exec(address)?.[1]);
        if (!port)
            throw new errors/* GlidepathError */.HT('GP-COMPOSE-001', `traffic.nginx.${slot === 'blue' ? 'stable' : 'canary'} "${address}" has no port.`, { fix: 'host:port addresses, e.g. 127.0.0.1:9001 and 127.0.0.1:9002.' });
        return port;
    }
    overrideFile(slot, version, image, port) {
        const { event, environment } = this.deps;
        const labels = {
            'glidepath.version': version,
            'glidepath.environment': environment.name,
            'glidepath.slot': slot,
            'glidepath.sha': event.sha ?? '',
            'glidepath.run': (0,context/* runUrl */.Vp)(event) ?? '',
        };
        // JSON is YAML; the !override / !reset tags (compose 2.24+) replace the user's ports instead of adding to them.
        const lines = ['# Managed by Glidepath: the image, labels and published port of this release. Do not edit.', 'services:'];
        for (const service of this.services) {
            lines.push(`  ${JSON.stringify(service)}:`, `    image: ${JSON.stringify(image)}`);
            lines.push(`    labels: ${JSON.stringify(labels)}`);
            lines.push(`    environment: ${JSON.stringify({ GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: environment.name })}`);
            if (service === this.cfg.service)
                lines.push(`    ports: !override [${JSON.stringify(`${this.host()}:${port}:${this.cfg.targetPort}`)}]`);
            else
                lines.push('    ports: !reset []');
        }
        return `${lines.join('\n')}\n`;
    }
    async waitHealthy(slot, version, port, deadline) {
        const minReadyMs = this.deps.environment.durations.minReady;
        const url = `http://${await this.reach(port, `${slot} slot`)}${this.cfg.health}`;
        let healthySince;
        let last = 'no answer yet';
        while (Date.now() < deadline) {
            const probe = await (0,request/* probeHealth */.v_)(url);
            if (probe.ok) {
                healthySince ??= Date.now();
                if (Date.now() - healthySince >= minReadyMs)
                    return;
            }
            else {
                healthySince = undefined;
                last = probe.last;
            }
            await (0,duration/* sleep */.yy)(healthySince ? 50 : 200);
        }
        const digest = await this.digest(slot);
        await this.down(slot);
        throw new errors/* GlidepathError */.HT('GP-COMPOSE-005', `Release ${version} did not answer ${this.cfg.health} with 2xx in time (${last}); it was taken down and the previous version keeps serving.\n${digest}`, {
            fix: `Make ${this.cfg.health} answer 2xx once the app is ready (compose.health), or raise the timeout.`,
        });
    }
    /** Each container of a slot: state, health, exit code and last log lines (for an error message). */
    digest(slot) {
        return this.docker.digest(this.slotCompose(slot));
    }
    /** Takes a slot down (the strategies have drained it through the router first). */
    async down(slot) {
        await this.docker.down(this.slotCompose(slot));
        this.update((st) => {
            delete st.slots[slot];
            if (st.routed.canary === slot)
                st.routed = { ...st.routed, canary: null, weight: 0 };
            if (st.routed.stable === slot)
                st.routed = { ...st.routed, stable: null };
        });
        (0,external_node_fs_.rmSync)(this.overridePath(slot), { force: true });
    }
}


/***/ }),

/***/ 5753:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ ReleaseProvider)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4772);


/** How long an abort may take to start a stable that stopped answering, when the caller names no timeout. */
const DEFAULT_ABORT_TIMEOUT_MS = 120_000;
const DRAIN_TIMEOUT_MS = 30_000;
const backend = (r) => ({ version: r.version, url: r.url });
/** Rolling, blue-green and canary over a platform's releases and its router. */
class ReleaseProvider {
    deps;
    keepsPrevious = true;
    constructor(deps) {
        this.deps = deps;
    }
    /** How the log names a release (the version, and where it runs when the platform has slots). */
    describe(release) {
        return release.version;
    }
    async deploy(request) {
        const release = await this.launch(request.version, { image: request.image, timeoutMs: request.timeoutMs });
        try {
            const routes = this.router.routes();
            if (request.strategy === 'canary' && routes.stable) {
                await this.route({ stable: routes.stable, canary: backend(release), weight: request.canaryWeight });
                this.deps.log.info(`Router: canary ${this.describe(release)} takes ${request.canaryWeight}% of traffic.`);
                return { url: this.router.url, slot: release.slot };
            }
            await this.route({ stable: backend(release), canary: null, weight: 0 });
            this.deps.log.info(`Router: ${this.describe(release)} serves 100% of traffic${routes.stable ? ` (was ${routes.stable.version})` : ''}.`);
            // Rolling stops the old release; blue-green keeps it warm without traffic, so a rollback is a switch.
            const previous = routes.stable && routes.stable.version !== request.version ? this.find(routes.stable.url) : undefined;
            const standby = (request.strategy === 'blue-green' || request.keepPrevious) && previous && !previous.starting ? previous : undefined;
            await this.retireAllBut(standby ? [release, standby] : [release]);
            return { url: this.router.url, slot: release.slot ?? (request.strategy === 'blue-green' ? release.version : undefined), standby: standby?.version };
        }
        catch (e) {
            // The new release must not outlive a failed deploy (it never took traffic, or traffic went back).
            if (this.router.routes().stable?.url !== release.url)
                await this.retire(release);
            throw e;
        }
    }
    async setCanaryWeight(version, weight) {
        const routes = this.router.routes();
        if (routes.canary?.version !== version || !routes.stable) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CANARY-001', `The ${this.name} provider's router has no canary ${version}.`, { fix: 'Deploy the version with strategy canary first.' });
        }
        await this.route({ ...routes, weight });
    }
    async promote(version, _timeoutMs, opts = {}) {
        const routes = this.router.routes();
        if (routes.canary?.version !== version) {
            if (routes.stable?.version === version)
                return;
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' });
        }
        await this.route({ stable: routes.canary, canary: null, weight: 0 });
        // Within a rollback window the old stable keeps running without traffic: a rollback is then one switch.
        const previous = opts.keepPrevious && routes.stable ? this.find(routes.stable.url) : undefined;
        await this.retireAllBut([this.find(routes.canary.url), previous]);
    }
    /** The canary gets no traffic, then is stopped; so is a release of `version` that never took any. A blue-green standby of another version stays. */
    async abort(version, timeoutMs = DEFAULT_ABORT_TIMEOUT_MS) {
        let routes = this.router.routes();
        if (routes.canary) {
            // Stable must be ready to take the canary's share back (Argo Rollouts #3888): never all traffic to a
            // version that does not answer. One that does not is started again first; if it cannot be, traffic
            // stays split (the canary keeps answering what stable cannot) and the next run finishes the abort.
            const stable = routes.stable;
            if (stable && !(await this.answers(this.find(stable.url)))) {
                this.deps.log.warning(`${stable.version} (stable) does not answer its health check; it is started again before the canary's ${routes.weight}% moves back to it.`);
                let why;
                try {
                    await this.heal(stable.version, timeoutMs);
                    routes = this.router.routes();
                    if (routes.stable && !(await this.answers(this.find(routes.stable.url))))
                        why = 'it still runs but does not answer, and a running release is never killed for being slow';
                }
                catch (e) {
                    why = `it could not be started again: ${e.message}`;
                }
                if (why) {
                    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-PROVIDER-007', `The canary was not aborted: stable ${stable.version} does not answer its health check, and ${why}. Traffic stays split, so the canary keeps answering what stable cannot.`, {
                        fix: `Make ${stable.version} answer (its process, its host, its release files), then run again: the next run finishes the abort. Or roll back to a version that starts.`,
                    });
                }
                this.deps.log.info(`${stable.version} answers again; the canary's traffic moves back to it.`);
            }
        }
        await this.dropCanary(version);
    }
    /** The canary off traffic (all of it back on stable as routed), then stopped; and any other release of `version`. */
    async dropCanary(version) {
        const routes = this.router.routes();
        if (routes.canary) {
            await this.route({ stable: routes.stable, canary: null, weight: 0 });
            const canary = this.find(routes.canary.url);
            if (canary)
                await this.retire(canary);
        }
        const stable = this.router.routes().stable?.url;
        if (version)
            for (const r of this.releases.list())
                if (r.version === version && r.url !== stable)
                    await this.retire(r);
    }
    async rollback(to, _from, timeoutMs) {
        // The rollback makes `to` answer itself (below), so the canary goes without an abort's check of stable.
        await this.dropCanary(null);
        const routes = this.router.routes();
        // Serving already (a deploy that never took traffic is undone), or kept warm (blue-green standby).
        const serving = (r) => Number(r.url === routes.stable?.url);
        const candidates = this.releases.list().filter((r) => r.version === to && !r.starting).sort((a, b) => serving(b) - serving(a));
        let release;
        for (const r of candidates)
            if (await this.releases.healthy(r)) {
                release = r;
                break;
            }
        if (release && release.url !== routes.stable?.url)
            this.deps.log.info(`${this.describe(release)} is still running (blue-green standby or rollback window) and answers its health check; switching traffic back.`);
        let started = false;
        if (!release) {
            this.releases.restartable(to);
            release = await this.launch(to, { timeoutMs, again: true });
            started = true;
        }
        try {
            await this.route({ stable: backend(release), canary: null, weight: 0 });
        }
        catch (e) {
            // Started for this rollback and never routed: stopped, so nothing runs that no route names.
            if (started)
                await this.releases.stop(release).catch(() => undefined);
            throw e;
        }
        await this.retireAllBut([release]);
    }
    /** Stops releases the state does not keep and the router does not send traffic to, then what no record names. */
    async prune(keep) {
        const routes = this.router.routes();
        const routed = [routes.stable?.url, routes.canary?.url];
        const orphans = this.releases.list().filter((r) => !routed.includes(r.url) && (!keep.includes(r.version) || r.starting));
        if (orphans.length)
            this.deps.log.warning(`Stopping ${orphans.map((r) => this.describe(r)).join(', ')}, left running by an interrupted run.`);
        for (const r of orphans)
            await this.retire(r);
        await this.releases.prune?.();
        await this.router.prune?.();
    }
    /** Stops every release of this environment and its router, and removes what they leave. */
    async teardown(timeoutMs) {
        await this.releases.teardown(timeoutMs, (r) => this.retire(r));
        await this.router.remove();
    }
    async observe() {
        const routes = this.router.routes();
        const routerUp = this.router.up ? await this.router.up() : undefined;
        const served = async (b, weight) => {
            if (!b)
                return null;
            const release = this.find(b.url);
            const healthy = await this.answers(release);
            return { version: b.version, weight, healthy, ...(healthy ? {} : { gone: !release || !this.releases.alive || !this.releases.alive(release) }) };
        };
        const routed = [routes.stable?.url, routes.canary?.url];
        const alive = this.releases.alive?.bind(this.releases);
        const warm = alive ? [...new Set(this.releases.list().filter((r) => !routed.includes(r.url) && !r.starting && alive(r)).map((r) => r.version))] : undefined;
        return { routerUp, stable: await served(routes.stable, routes.canary ? 100 - routes.weight : 100), canary: await served(routes.canary, routes.weight), ...(warm ? { warm } : {}) };
    }
    async heal(stable, timeoutMs) {
        const done = [];
        let routes = this.router.routes();
        const current = routes.stable?.version === stable ? this.find(routes.stable.url) : undefined;
        // A release that still runs but is slow to answer is left alone: restarting it would cut what it serves.
        const gone = !current || this.releases.alive?.(current) === false || (!this.releases.alive && !(await this.answers(current)));
        const routerDown = this.router.up ? !(await this.router.up()) : false;
        if (gone) {
            // A running release of the version that answers (routes lost, a standby) is routed; else it starts again from what was kept.
            const warm = this.releases.list().filter((r) => r.version === stable && !r.starting && r.url !== current?.url);
            let release;
            for (const r of warm)
                if (await this.answers(r)) {
                    release = r;
                    break;
                }
            if (!release) {
                this.releases.restartable(stable);
                release = await this.launch(stable, { timeoutMs, again: true });
                done.push(`started ${this.describe(release)} again (${current ? 'it did not answer' : 'nothing served it'})`);
            }
            else
                done.push(`routed ${this.describe(release)} again (it ran, but the router did not send it traffic)`);
            routes = { ...this.router.routes(), stable: backend(release) };
            await this.route(routes);
            // Routing starts a stopped router (a restarted host loses both): said too, so the summary names all it did.
            if (routerDown)
                done.unshift('restarted the router on its recorded routes');
        }
        else if (routerDown) {
            await this.route(routes);
            done.push('restarted the router on its recorded routes');
        }
        return done;
    }
    /** A release answers its health check: asked up to three times over about a second, so a busy machine's slow answer is not taken for a dead release. */
    async answers(release) {
        if (!release || release.starting)
            return false;
        for (let attempt = 0; attempt < 3; attempt++) {
            if (await this.releases.healthy(release))
                return true;
            if (attempt < 2)
                await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(400);
        }
        return false;
    }
    routerCounters() {
        return this.router.counters();
    }
    canaryEndpoint() {
        return this.router.endpoint('canary');
    }
    stableEndpoint() {
        return this.router.endpoint('stable');
    }
    /** Places a new release (stopping what was there, off traffic first) and starts it. */
    async launch(version, options) {
        const routes = this.router.routes();
        const { key, replaces } = this.releases.place(version, routes);
        if (replaces) {
            // Never start over a release that still takes traffic: the router leaves it first.
            if (replaces.url === routes.canary?.url)
                await this.route({ stable: routes.stable, canary: null, weight: 0 });
            await this.retire(replaces);
        }
        return this.releases.start(key, version, options);
    }
    /** Every route change is fenced: a run that no longer holds the environment's lock changes no traffic. */
    async route(routes) {
        this.deps.store?.fence?.();
        await this.router.apply(routes);
    }
    find(url) {
        return this.releases.list().find((r) => r.url === url);
    }
    /** Stops a release once the requests it has in flight through the router are done (bounded). */
    async retire(release) {
        await this.router.drain(release.url, DRAIN_TIMEOUT_MS);
        await this.releases.stop(release);
    }
    async retireAllBut(keep) {
        const urls = keep.map((r) => r?.url);
        for (const r of this.releases.list())
            if (!urls.includes(r.url))
                await this.retire(r);
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
