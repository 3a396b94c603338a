export const id = 85;
export const ids = [85];
export const modules = {

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


/***/ }),

/***/ 1085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  y: () => (/* binding */ backendRouter),
  Z: () => (/* binding */ frontRouter)
});

// EXTERNAL MODULE: ./shared/config/routers.ts
var routers = __webpack_require__(671);
// EXTERNAL MODULE: ./shared/traffic/agent.ts
var agent = __webpack_require__(2717);
// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var cohorts = __webpack_require__(3706);
;// CONCATENATED MODULE: ./shared/traffic/command.ts
// The `command` router: the user's set-weight command, run by the command provider with
// GLIDEPATH_WEIGHT (and every other value) in its environment.
class CommandRouter {
    runSetWeight;
    name = 'command';
    constructor(runSetWeight) {
        this.runSetWeight = runSetWeight;
    }
    setWeight(weight, versions) {
        return this.runSetWeight(weight, versions);
    }
}

// EXTERNAL MODULE: ./shared/traffic/local/access.ts
var access = __webpack_require__(872);
// EXTERNAL MODULE: ./shared/traffic/local/client.ts
var client = __webpack_require__(2941);
// EXTERNAL MODULE: ./shared/traffic/local/routes.ts
var routes = __webpack_require__(6648);
// EXTERNAL MODULE: ./shared/traffic/nginx.ts + 1 modules
var traffic_nginx = __webpack_require__(2501);
// EXTERNAL MODULE: ./shared/traffic/slots.ts
var slots = __webpack_require__(3577);
;// CONCATENATED MODULE: ./shared/traffic/factory.ts









/** The port and address Glidepath's router listens on: the provider section's; a preview's is chosen when it first starts. */
function ownRouter(site) {
    const { config, provider } = site.environment;
    const port = provider === 'compose' ? config.compose?.port : config.local?.port;
    return { port: port ?? (config.pullRequests ? undefined : routes/* DEFAULT_ROUTER_PORT */.C), listen: provider === 'compose' ? undefined : config.local?.listen };
}
const common = (site) => ({ cwd: site.workspace, env: site.env, timeoutMs: site.environment.timeoutMs, log: (m) => site.log.info(m) });
const nginxHost = (site, via) => (via.host ? (0,traffic_nginx/* sshNginxHost */.lM)(via.host, site.environment.timeoutMs) : undefined);
/** Routers in front of a platform's releases (local, compose), one line each. */
const FRONT_ROUTERS = {
    // Glidepath's router: on a host through the agent, else a process on this machine.
    local: (site, via) => {
        const { port, listen } = ownRouter(site);
        if (via.agent)
            return new agent/* AgentRouter */.j(via.agent, { port: port ?? routes/* DEFAULT_ROUTER_PORT */.C, listen }, site.environment.timeoutMs);
        return new client/* LocalReleaseRouter */._(new client/* LocalRouterClient */.O(site.store.dir, port, listen, (0,cohorts/* cohortsOf */.gb)(site.environment.config.canary), () => (0,access/* previewAccess */.f$)(site)), site.log);
    },
    nginx: (site, via) => {
        const nginx = site.environment.config.traffic?.nginx;
        if (!nginx || !via.slots)
            throw new Error(`router nginx in front of releases needs traffic.nginx and the provider's slots (${site.environment.provider})`);
        return new slots/* NginxSlots */.c({ nginx: { ...nginx, settleMs: site.environment.durations.nginxSettle }, ...via.slots, ...common(site), cohorts: (0,cohorts/* cohortsOf */.gb)(site.environment.config.canary), host: nginxHost(site, via) });
    },
};
/** Routers between two backends the platform already has (the command provider's), one line each. */
const BACKEND_ROUTERS = {
    nginx: (site, via) => {
        const nginx = site.environment.config.traffic?.nginx;
        return nginx ? new traffic_nginx/* NginxRouter */.Sx({ ...nginx, settleMs: site.environment.durations.nginxSettle, cohorts: (0,cohorts/* cohortsOf */.gb)(site.environment.config.canary) }, { ...common(site), host: nginxHost(site, via), fence: () => site.store.fence?.() }) : undefined;
    },
    // The user's set-weight command (the provider runs it with every value of the run in its environment).
    command: (_site, via) => (via.setWeight ? new CommandRouter(via.setWeight) : undefined),
};
/** The router in front of the releases of a local or compose environment (the config refuses any other). */
function frontRouter(site, via = {}) {
    const config = site.environment.config;
    // An environment whose targets each name their nginx (its own section has none) routes nothing itself: Glidepath's router stands in, as it always has.
    const named = (0,routers/* routerOf */.V4)(config, site.environment.provider) ?? 'local';
    const name = named === 'nginx' && !config.traffic?.nginx ? 'local' : named;
    const build = FRONT_ROUTERS[name];
    if (!build)
        throw new Error(`router ${name} cannot be put in front of the ${site.environment.provider} provider's releases`);
    return build(site, via);
}
/** The router between a platform's two backends, or undefined when the environment routes through none (its deploy command switches). */
function backendRouter(site, via = {}) {
    const name = (0,routers/* routerOf */.V4)(site.environment.config, site.environment.provider);
    return name ? BACKEND_ROUTERS[name]?.(site, via) : undefined;
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nF: () => (/* binding */ TrafficStats)
/* harmony export */ });
/* unused harmony exports bucketOf, bucketUpperMs, quantile */
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


/***/ }),

/***/ 2501:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Sx: () => (/* binding */ NginxRouter),
  lM: () => (/* binding */ sshNginxHost)
});

// UNUSED EXPORTS: mirrorPath

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var traffic_cohorts = __webpack_require__(3706);
// EXTERNAL MODULE: ./shared/traffic/local/window.ts
var local_window = __webpack_require__(7994);
;// CONCATENATED MODULE: ./shared/traffic/nginx-log.ts

// nginx's own counters, as the judge reads them (issue 24): every request nginx proxied, from its access
// log in Glidepath's format, sorted into the stable and canary versions by the upstream address that
// answered. Real users' requests, not probes, read over the host's SSH connection when nginx is there
// (never a port opened for it). The same windows and histograms as the local router's counters, so
// `source: local` judges the same way behind either router.
/** The log format the user adds to nginx's http block (and names on the app's access_log). */
const NGINX_LOG_FORMAT = "log_format glidepath '$msec $upstream_addr $status $request_time';";
/**
 * The window's figures per version from the log's text. `nowMs` is the host's clock when the text was
 * read (the log's times are the host's). A line nginx answered itself (no upstream) is not a version's;
 * a request retried on another server counts for the last one, which answered; 5xx counts as an error.
 */
function accessLogStats(text, nowMs, windowMs, roles) {
    let lineMs = 0;
    const stats = new local_window/* TrafficStats */.nF(() => lineMs);
    const from = nowMs - windowMs;
    for (const line of text.split('\n')) {
        const m = /^(\d+(?:\.\d+)?) (.+) (\d{3}) (\d+(?:\.\d+)?)$/.exec(line.trim());
        if (!m)
            continue;
        lineMs = Number(m[1]) * 1000;
        if (lineMs < from || lineMs > nowMs + 1000)
            continue;
        const address = m[2].split(/, | : /).pop();
        const who = roles[address];
        if (!who)
            continue;
        const status = Number(m[3]);
        stats.record(who.version, who.role, status, Number(m[4]) * 1000, status >= 500);
    }
    return stats.window(windowMs, nowMs);
}

;// CONCATENATED MODULE: ./shared/traffic/nginx.ts







/** How much of the access log's end is read for a window (a busy host writes about 50 bytes a request). */
const LOG_TAIL_BYTES = 16 * 1024 * 1024;
/** The worker processes of an nginx master, and whether each is shutting down (after a reload). */
function nginxWorkers(masterPid) {
    const out = [];
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)('/proc');
    }
    catch {
        return out;
    }
    for (const entry of entries) {
        if (entry.charCodeAt(0) > 57)
            continue;
        try {
            const stat = (0,external_node_fs_.readFileSync)(`/proc/${entry}/stat`, 'utf8');
            if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== masterPid)
                continue;
            const title = (0,external_node_fs_.readFileSync)(`/proc/${entry}/cmdline`, 'utf8');
            if (!title.includes('worker process'))
                continue;
            out.push({ pid: Number(entry), shuttingDown: title.includes('shutting down') });
        }
        catch { /* gone meanwhile */ }
    }
    return out;
}
function renderUpstream(cfg, weight, versions) {
    // nginx weights are at least 1, so 0% and 100% leave the other server out instead.
    const lines = [`# Managed by Glidepath: do not edit. Canary ${versions.canary ?? '(none)'} at ${weight}%, stable ${versions.stable ?? '(none)'}.`, `upstream ${cfg.upstream} {`];
    if (weight < 100)
        lines.push(`    server ${cfg.stable} weight=${100 - weight};`);
    if (weight > 0)
        lines.push(`    server ${cfg.canary} weight=${weight};`);
    lines.push('}', '');
    if (cfg.cohorts && cfg.location)
        lines.push(...renderCohortMaps(cfg, cfg.cohorts, weight, versions));
    return lines.join('\n');
}
/** nginx variable names of one upstream's cohort maps (glidepath_<upstream>_...). */
const nginxVariable = (upstream, name) => `glidepath_${upstream.replace(/[^A-Za-z0-9_]/g, '_')}_${name}`;
const regexEscape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A map key matching one cookie at exactly one value in a Cookie header. */
const cookieKey = (name, value) => `"~(?:^|;\\s*)${regexEscape(name)}=${regexEscape(value)}(?:;|$)"`;
/**
 * The cohort rules of cohorts.ts as nginx http-level maps (OSS nginx, no commercial module): a client's
 * cookie naming the stable or canary version keeps it there; a new one is split at the weight by
 * split_clients on $request_id and given the cookie; a match rule sends its cohort to the canary. The
 * location file proxies to <upstream>__stable or __canary by the result.
 */
function renderCohortMaps(cfg, cohorts, weight, versions) {
    const v = (name) => `$${nginxVariable(cfg.upstream, name)}`;
    const lines = [
        `upstream ${cfg.upstream}__stable { server ${cfg.stable}; }`,
        `upstream ${cfg.upstream}__canary { server ${versions.canary ? cfg.canary : cfg.stable}; }`,
    ];
    // No canary: everyone on stable. All on the canary (a promotion replacing the stable address): everyone
    // there, whatever their cookie says.
    if (!versions.canary || weight >= 100) {
        lines.push(`map $host ${v('route')} { default ${versions.canary ? 'canary' : 'stable'}; }`, `map $host ${v('cookie')} { default ""; }`);
        if (cohorts.mirror)
            lines.push(`map $host ${v('mirror')} { default ""; }`);
        lines.push('');
        return lines;
    }
    if (cohorts.mirror)
        lines.push(`split_clients "\${request_id}mirror" ${v('mirror')} {`, `    ${cohorts.mirror.weight}% 1;`, '    * "";', '}');
    lines.push(`split_clients "\${request_id}" ${v('new')} {`);
    if (weight > 0 && weight < 100)
        lines.push(`    ${weight}% canary;`);
    lines.push('    * stable;', '}');
    const affinity = cohorts.affinity;
    if (affinity) {
        lines.push(`map $http_cookie ${v('sticky')} {`, `    default new_${v('new')};`, `    ${cookieKey(affinity.cookie, (0,traffic_cohorts/* versionTag */.Vm)(versions.canary))} canary;`);
        if (versions.stable)
            lines.push(`    ${cookieKey(affinity.cookie, (0,traffic_cohorts/* versionTag */.Vm)(versions.stable))} stable;`);
        lines.push('}');
        lines.push(`map ${v('sticky')} ${v('pick')} { new_canary canary; new_stable stable; default ${v('sticky')}; }`);
        const set = (version) => `"${(0,traffic_cohorts/* affinityCookie */.FJ)(affinity, version)}"`;
        lines.push(`map ${v('sticky')} ${v('cookie')} { new_canary ${set(versions.canary)}; ${versions.stable ? `new_stable ${set(versions.stable)}; ` : ''}default ""; }`);
    }
    else {
        lines.push(`map $host ${v('pick')} { default ${v('new')}; }`, `map $host ${v('cookie')} { default ""; }`);
    }
    const matchVars = cohorts.match.map((rule, i) => {
        const name = v(`match${i}`);
        if (rule.header)
            lines.push(`map $http_${rule.header.name.toLowerCase().replace(/-/g, '_')} ${name} { "${rule.header.value}" canary; default ""; }`);
        else if (rule.cookie)
            lines.push(`map $http_cookie ${name} { ${cookieKey(rule.cookie.name, rule.cookie.value)} canary; default ""; }`);
        return name;
    });
    if (matchVars.length)
        lines.push(`map "${matchVars.join('')}" ${v('route')} { "" ${v('pick')}; default canary; }`, '');
    else
        lines.push(`map $host ${v('route')} { default ${v('pick')}; }`, '');
    return lines;
}
/** What the user's location includes: the proxy_pass by cohort and the affinity cookie for new clients. */
function renderLocation(cfg) {
    const v = (name) => `$${nginxVariable(cfg.upstream, name)}`;
    const lines = [
        `# Managed by Glidepath: do not edit. Include it in the location that proxies to ${cfg.upstream}, in place of its proxy_pass.`,
        `proxy_pass http://${cfg.upstream}__${v('route')};`,
        `add_header Set-Cookie ${v('cookie')} always;`,
    ];
    const mirror = cfg.cohorts?.mirror;
    if (mirror) {
        // Copies of the requests stable serves, at the mirror weight and of the listed methods only, go to the
        // canary through a nested internal location; nginx discards their answers. The mirror path must fall
        // under the including location's prefix (nginx -t says so otherwise, and nothing changes).
        const path = mirrorPath(cfg);
        lines.push(`mirror ${path};`, `location ${path} {`, '    internal;', `    if (${v('mirror')} = "") { return 204; }`, `    if (${v('route')} = canary) { return 204; }`, 
        // limit_except would not apply: nginx skips the access phase for subrequests.
        `    if ($request_method !~ ^(${mirror.methods.join('|')})$) { return 204; }`, '    proxy_set_header x-glidepath-mirror 1;', `    proxy_pass http://${cfg.upstream}__canary$request_uri;`, '}');
    }
    lines.push('');
    return lines.join('\n');
}
/** The internal URI mirrored requests take (under `location /` by default; set traffic.nginx.mirrorPath otherwise). */
const mirrorPath = (cfg) => cfg.mirrorPath ?? `/.glidepath-mirror/${cfg.upstream}`;
function localNginxHost(deps) {
    return {
        local: true,
        read: async (path) => ((0,external_node_fs_.existsSync)(path) ? (0,external_node_fs_.readFileSync)(path, 'utf8') : undefined),
        tail: async (path, bytes) => {
            const nowMs = Date.now();
            if (!(0,external_node_fs_.existsSync)(path))
                return { text: '', nowMs };
            const fd = (0,external_node_fs_.openSync)(path, 'r');
            try {
                const size = (0,external_node_fs_.fstatSync)(fd).size;
                const length = Math.min(size, bytes);
                const buffer = Buffer.alloc(length);
                (0,external_node_fs_.readSync)(fd, buffer, 0, length, size - length);
                return { text: buffer.toString('utf8'), nowMs };
            }
            finally {
                (0,external_node_fs_.closeSync)(fd);
            }
        },
        write: async (path, content) => {
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
            (0,external_node_fs_.writeFileSync)(path, content);
        },
        run: async (command, label) => {
            const result = await (0,run/* runCommand */.d1)(command, { cwd: deps.cwd, env: deps.env, timeoutMs: Math.min(deps.timeoutMs, 60_000), label });
            return { ok: result.code === 0, output: result.output.trim() };
        },
    };
}
function sshNginxHost(host, timeoutMs) {
    const limit = Math.min(timeoutMs, 60_000);
    return {
        local: false,
        read: (path) => host.readFile(path, limit),
        tail: async (path, bytes) => {
            // The host's clock first, in the same call: the log's times are the host's.
            const r = await host.capture('date +%s%3N; [ -f "$1" ] && tail -c "$2" "$1"; exit 0', [path, String(bytes)], limit, `read ${path}`);
            const nl = r.stdout.indexOf('\n');
            const nowMs = Number(r.stdout.slice(0, nl));
            if (r.code !== 0 || !Number.isFinite(nowMs))
                throw new Error(`could not read ${path} on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}`);
            return { text: r.stdout.slice(nl + 1), nowMs };
        },
        write: (path, content) => host.writeFile(path, content, limit),
        run: async (command, label) => {
            const result = await host.run(command, { timeoutMs: limit, label });
            return { ok: result.code === 0, output: result.output.trim() };
        },
    };
}
const DEFAULT_SETTLE_MS = 500;
class NginxRouter {
    cfg;
    deps;
    name = 'nginx';
    host;
    /**
     * `fence`: throws when this run no longer holds the environment's lock (flows/target.ts); checked right
     * before the file is written and right before nginx reloads, so a run whose lock was taken over changes
     * no traffic, even one part-way through a weight change when the other run took over.
     */
    constructor(cfg, deps) {
        this.cfg = cfg;
        this.deps = deps;
        this.host = deps.host ?? localNginxHost(deps);
    }
    run(label, command) {
        return this.host.run(command, `nginx ${label}`);
    }
    async setWeight(weight, versions) {
        const { file } = this.cfg;
        const previous = await this.host.read(file);
        const next = renderUpstream(this.cfg, weight, versions);
        const location = this.cfg.cohorts && this.cfg.location;
        const previousLocation = location ? await this.host.read(location) : undefined;
        this.deps.fence?.();
        await this.host.write(file, next);
        if (location)
            await this.host.write(location, renderLocation(this.cfg));
        const restore = async () => {
            await this.host.write(file, previous ?? renderUpstream(this.cfg, 0, versions));
            if (location && previousLocation !== undefined)
                await this.host.write(location, previousLocation);
        };
        const test = await this.run('test', this.cfg.test ?? 'nginx -t');
        if (!test.ok) {
            await restore();
            throw new errors/* GlidepathError */.HT('GP-ROUTER-002', `nginx rejected the new upstream (${this.cfg.test ?? 'nginx -t'}); the previous weights keep serving:\n${test.output}`, {
                fix: `Check the stable/canary addresses and that ${file} is included inside an http block.`,
            });
        }
        const master = this.masterPid();
        const oldWorkers = master ? nginxWorkers(master).filter((w) => !w.shuttingDown).map((w) => w.pid) : [];
        try {
            this.deps.fence?.();
        }
        catch (e) {
            // The lock was taken over while the file was written: it goes back, unless the new holder wrote its own since.
            if ((await this.host.read(file)) === next)
                await restore();
            throw e;
        }
        const reload = await this.run('reload', this.cfg.reload ?? 'nginx -s reload');
        if (!reload.ok) {
            await restore();
            await this.run('reload', this.cfg.reload ?? 'nginx -s reload');
            throw new errors/* GlidepathError */.HT('GP-ROUTER-002', `nginx did not reload (${this.cfg.reload ?? 'nginx -s reload'}); the previous weights keep serving:\n${reload.output}`, {
                fix: 'Check that nginx is running and that this job may signal it (its pid file and user).',
            });
        }
        // `nginx -s reload` returns once the signal is sent; the master then starts new workers and tells
        // the old ones to stop accepting. Until then new connections may still see the old weights.
        await this.settled(master, oldWorkers, this.cfg.settleMs ?? DEFAULT_SETTLE_MS);
        this.deps.log(`nginx: upstream ${this.cfg.upstream} now sends ${weight}% to the canary (${this.cfg.canary}).`);
    }
    /**
     * nginx's counters over the last `windowSeconds`, per version, from its access log (traffic.nginx.accessLog):
     * requests answered at the stable address are the stable version's, at the canary address the canary's.
     */
    async stats(windowSeconds, versions) {
        const file = this.cfg.accessLog;
        if (!file)
            throw new Error('traffic.nginx.accessLog is not set');
        const { text, nowMs } = await this.host.tail(file, LOG_TAIL_BYTES);
        // nginx logs the address it connected to: localhost as 127.0.0.1.
        const roles = {};
        const add = (address, who) => { roles[address] = who; roles[address.replace(/^localhost:/, '127.0.0.1:')] = who; };
        add(this.cfg.canary, { version: versions.canary, role: 'canary' });
        if (versions.stable && this.cfg.stable !== this.cfg.canary)
            add(this.cfg.stable, { version: versions.stable, role: 'stable' });
        return accessLogStats(text, nowMs, windowSeconds * 1000, roles);
    }
    /** The canary weight the managed upstream file was last written with (undefined when there is none). */
    async writtenWeight() {
        return (await this.told())?.weight;
    }
    /**
     * What nginx was last told, from the managed file's first line (the weight and both versions): what the
     * platform was configured with, kept with nginx, so it outlives a lost state file. Undefined when Glidepath
     * never wrote the file (or it cannot be read).
     */
    async told() {
        let text;
        try {
            text = await this.host.read(this.cfg.file);
        }
        catch {
            return undefined;
        }
        const m = /^# Managed by Glidepath: do not edit\. Canary (\S+) at (\d+)%, stable (\S+)\.$/m.exec(text ?? '');
        if (!m)
            return undefined;
        const version = (v) => (v === '(none)' ? null : v);
        return { canary: version(m[1]), weight: Number(m[2]), stable: version(m[3]) };
    }
    /**
     * nginx's master runs: false when its pid file (traffic.nginx.pidFile, else /run/nginx.pid when it exists)
     * names no live process; undefined where this machine cannot tell (nginx on a host over SSH, no pid file).
     */
    running() {
        if (!this.host.local)
            return undefined;
        const file = this.cfg.pidFile ?? '/run/nginx.pid';
        if (!(0,external_node_fs_.existsSync)(file))
            return this.cfg.pidFile ? false : undefined;
        const pid = this.masterPid();
        if (!pid)
            return false;
        try {
            process.kill(pid, 0);
            return true;
        }
        catch (e) {
            return e.code === 'EPERM';
        }
    }
    masterPid() {
        if (!this.host.local)
            return undefined;
        const file = this.cfg.pidFile ?? '/run/nginx.pid';
        try {
            const pid = Number((0,external_node_fs_.readFileSync)(file, 'utf8').trim());
            return pid > 0 ? pid : undefined;
        }
        catch {
            return undefined;
        }
    }
    /** Waits until every old worker stopped taking connections and a new one runs, or `maxMs` at most. */
    async settled(master, oldWorkers, maxMs) {
        const deadline = Date.now() + maxMs;
        if (master && oldWorkers.length) {
            while (Date.now() < deadline) {
                const now = nginxWorkers(master);
                const fresh = now.some((w) => !w.shuttingDown && !oldWorkers.includes(w.pid));
                const oldAccepting = now.some((w) => !w.shuttingDown && oldWorkers.includes(w.pid));
                if (fresh && !oldAccepting)
                    return;
                await (0,duration/* sleep */.yy)(10);
            }
            return;
        }
        await (0,duration/* sleep */.yy)(maxMs);
    }
    canaryEndpoint() {
        return { url: `http://${this.cfg.canary}/`, headers: {} };
    }
}


/***/ }),

/***/ 3577:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ NginxSlots),
/* harmony export */   m: () => (/* binding */ SlotRouter)
/* harmony export */ });
/* harmony import */ var _nginx_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2501);

/**
 * The router in front of the slots, whatever it is: compose.json records which slot serves as stable and
 * which as canary (the router on a host or nginx cannot be asked), and the router is pointed at them.
 */
class SlotRouter {
    slots;
    inner;
    /** Whether the router answers, when the router in front can say (the local router can; nginx cannot here). */
    up;
    constructor(slots, inner) {
        this.slots = slots;
        this.inner = inner;
        if (inner.up)
            this.up = () => inner.up();
    }
    get url() {
        return this.inner.url;
    }
    routes() {
        return this.slots.routes();
    }
    async apply(routes) {
        const weight = routes.canary ? routes.weight : 0;
        await this.inner.apply({ ...routes, weight });
        this.slots.record({ ...routes, weight });
    }
    drain(url, timeoutMs) {
        return this.inner.drain(url, timeoutMs);
    }
    counters() {
        return this.inner.counters();
    }
    endpoint(which) {
        return this.inner.endpoint(which);
    }
    prune() {
        return this.inner.prune?.() ?? Promise.resolve();
    }
    remove() {
        return this.inner.remove();
    }
}
/**
 * nginx in front of the slots: its stable address is the stable slot's, its canary address the canary
 * slot's; its access log is the counters (traffic.nginx.accessLog), and probes reach a slot directly.
 */
class NginxSlots {
    o;
    constructor(o) {
        this.o = o;
    }
    router(routes) {
        const address = (b) => (b ? b.url.replace(/^http:\/\//, '') : this.o.nginx.stable);
        return new _nginx_js__WEBPACK_IMPORTED_MODULE_0__/* .NginxRouter */ .Sx({ ...this.o.nginx, stable: address(routes.stable), canary: address(routes.canary ?? routes.stable), cohorts: this.o.cohorts }, { cwd: this.o.cwd, env: this.o.env, timeoutMs: this.o.timeoutMs, log: this.o.log, host: this.o.host });
    }
    async apply(routes) {
        await this.router(routes).setWeight(routes.weight, { stable: routes.stable?.version ?? null, canary: routes.canary?.version ?? null });
    }
    /** nginx cannot say what it has in flight: a slot leaving traffic is taken down at once (nginx reloads gracefully). */
    async drain() { }
    counters() {
        if (!this.o.nginx.accessLog)
            return undefined;
        return { stats: (windowSeconds, versions) => this.router(this.o.routes()).stats(windowSeconds, versions) };
    }
    async endpoint(which) {
        const backend = this.o.routes()[which];
        const port = backend ? Number(/:(\d+)$/.exec(backend.url)?.[1]) : undefined;
        return port ? { url: `http://${await this.o.reach(port, `${which} release`)}/`, headers: {} } : undefined;
    }
    async remove() { }
}


/***/ })

};
