export const id = 779;
export const ids = [779];
export const modules = {

/***/ 1779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CommandProvider: () => (/* binding */ CommandProvider)
});

// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var cohorts = __webpack_require__(3706);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/runtime/context.ts
var context = __webpack_require__(3538);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/files/json-file.ts
var json_file = __webpack_require__(7273);
;// CONCATENATED MODULE: ./shared/process/registry.ts



class ChildRegistry {
    file;
    constructor(dir) {
        this.file = (0,external_node_path_.join)(dir, 'children.json');
    }
    read() {
        try {
            return (0,json_file/* readJson */.Vh)(this.file, {});
        }
        catch {
            return {};
        }
    }
    add(pid, label) {
        const all = this.read();
        all[pid] = { owner: process.pid, ownerStart: (0,run/* processStart */.gy)(process.pid), start: (0,run/* processStart */.gy)(pid), label, startedAt: new Date().toISOString() };
        (0,json_file/* writeJsonAtomic */.ZJ)(this.file, all);
    }
    remove(pid) {
        const all = this.read();
        if (!(pid in all))
            return;
        delete all[pid];
        (0,json_file/* writeJsonAtomic */.ZJ)(this.file, all);
    }
    /** Stops the command groups left by runs that are gone; returns what was stopped. */
    reapOrphans() {
        const all = this.read();
        const stopped = [];
        for (const [pid, entry] of Object.entries(all)) {
            if (entry.owner === process.pid || (0,run/* isRunning */.W_)({ pid: entry.owner, start: entry.ownerStart }))
                continue;
            if ((0,run/* signalRecordedGroup */.yS)({ pid: Number(pid), start: entry.start }, 'SIGKILL'))
                stopped.push(`${entry.label} (pid ${pid})`);
            delete all[pid];
        }
        if (Object.keys(all).length !== Object.keys(this.read()).length)
            (0,json_file/* writeJsonAtomic */.ZJ)(this.file, all);
        return stopped;
    }
}

// EXTERNAL MODULE: ./shared/traffic/nginx.ts + 1 modules
var nginx = __webpack_require__(2501);
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

// EXTERNAL MODULE: ./shared/http/request.ts + 1 modules
var request = __webpack_require__(4910);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/ssh/host.ts + 1 modules
var host = __webpack_require__(543);
// EXTERNAL MODULE: ./shared/ssh/environment.ts + 1 modules
var environment = __webpack_require__(8716);
;// CONCATENATED MODULE: ./shared/providers/command.ts











class CommandProvider {
    deps;
    name = 'command';
    cfg;
    router;
    children;
    /** With an ssh section: the host every command (and the nginx router) runs on. */
    host;
    /** The environment's lock and state on that host. */
    onHost;
    constructor(deps) {
        this.deps = deps;
        this.cfg = deps.environment.config.command;
        this.children = new ChildRegistry(deps.store.dir);
        const ssh = deps.environment.config.ssh;
        if (ssh?.host) {
            this.host = new host/* SshHost */.fQ(ssh, deps.env, deps.store.dir);
            this.onHost = new environment/* HostEnvironment */.o(this.host, deps.environment.name);
        }
        const traffic = deps.environment.config.traffic;
        if (traffic?.router === 'nginx' && traffic.nginx) {
            const host = this.host ? (0,nginx/* sshNginxHost */.lM)(this.host, deps.environment.timeoutMs) : undefined;
            this.router = new nginx/* NginxRouter */.Sx({ ...traffic.nginx, cohorts: (0,cohorts/* cohortsOf */.gb)(deps.environment.config.canary) }, { cwd: deps.workspace, env: deps.env, timeoutMs: deps.environment.timeoutMs, log: (m) => deps.log.info(m), host, fence: () => deps.store.fence?.() });
            // Behind nginx Glidepath can look: what nginx was told (its managed file), whether it runs, and
            // whether each address answers. With a set-weight command it cannot, and trusts its record.
            this.observe = () => this.observeNginx();
            this.heal = (stable, timeoutMs) => this.healNginx(stable, timeoutMs);
        }
        else if (this.cfg['set-weight'] && (!traffic || traffic.router === 'command')) {
            this.router = new CommandRouter((weight, versions) => this.run('set-weight', { version: versions.canary ?? versions.stable ?? '', weight, strategy: 'canary' }, deps.environment.timeoutMs));
        }
    }
    observe;
    heal;
    /**
     * What serves behind nginx, read from the platform: the versions and weight nginx was last told (the
     * managed upstream file, which outlives a lost state file), whether nginx runs (its pid file), and whether
     * each address nginx sends traffic to answers HTTP at all (any status: the app's own checks are smoke
     * tests'). An address that refuses connections is gone: nothing runs there.
     */
    async observeNginx() {
        const router = this.router;
        const told = await router.told();
        const routerUp = router.running();
        if (!told || !told.stable && !told.canary)
            return { routerUp, stable: null, canary: null };
        const canaryWeight = told.canary ? told.weight : 0;
        const served = async (version, role, weight) => {
            if (!version)
                return null;
            // An address that takes no traffic (the stable one while a promotion holds everything on the canary's) is not asked.
            if (weight === 0)
                return { version, weight, healthy: true };
            return { version, weight, ...(await this.answers(role)) };
        };
        return { routerUp, stable: await served(told.stable, 'stable', 100 - canaryWeight), canary: await served(told.canary, 'canary', canaryWeight) };
    }
    /** An address answers HTTP (any status), asked up to three times over about a second; gone when it refuses connections. */
    async answers(role) {
        const endpoint = role === 'stable' ? await this.stableEndpoint() : await this.canaryEndpoint();
        if (!endpoint)
            return { healthy: true };
        let refused = false;
        for (let attempt = 0; attempt < 3; attempt++) {
            try {
                await (0,request/* httpRequest */.aj)(endpoint.url, { timeoutMs: 2000 });
                return { healthy: true };
            }
            catch (e) {
                refused = e instanceof request/* HttpError */.j$ && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET');
            }
            if (attempt < 2)
                await (0,duration/* sleep */.yy)(400);
        }
        return { healthy: false, gone: refused };
    }
    /**
     * Behind nginx: a stable address that refuses connections gets its version placed again by command.deploy
     * (the same command, role and address as a deploy); an upstream file that routes nothing is written again.
     * Glidepath reloads nginx but never starts it: nginx not running fails, changing nothing.
     */
    async healNginx(stable, timeoutMs) {
        const router = this.router;
        if (router.running() === false) {
            throw new errors/* GlidepathError */.HT('GP-STATE-002', `nginx does not run (its pid file ${this.nginx?.pidFile ?? '/run/nginx.pid'} names no live process), so nothing reaches ${stable}. Glidepath reloads nginx but does not start it; nothing was changed.`, {
                fix: 'Start nginx (systemctl start nginx, or how this host runs it), then run again: the next run checks what serves and carries on.',
            });
        }
        const done = [];
        const told = await router.told();
        if (!told?.stable) {
            await router.setWeight(told?.canary ? told.weight : 0, { stable, canary: told?.canary ?? null });
            done.push(`wrote nginx's upstream for ${stable} again`);
        }
        if ((told?.canary ? told.weight : 0) < 100) {
            const seen = await this.answers('stable');
            if (!seen.healthy && seen.gone) {
                try {
                    await this.place({ version: stable, previousVersion: stable, role: 'stable' }, timeoutMs);
                }
                catch (e) {
                    throw new errors/* GlidepathError */.HT('GP-STATE-002', `${stable} does not answer at the stable address ${this.nginx?.stable}, and command.deploy could not place it there again (${e.message}). Nothing else was changed.`, {
                        fix: `See the [deploy] lines above. If nginx's upstream file (${this.nginx?.file}) names a version no longer deployed from here, deploy or roll back to one that is (rollback with to: <version>), or put a version on ${this.nginx?.stable} by hand and run again.`,
                    });
                }
                done.push(`placed ${stable} on the stable address again with command.deploy (${this.nginx?.stable} refused connections)`);
            }
        }
        return done;
    }
    get nginx() {
        return this.router instanceof nginx/* NginxRouter */.Sx ? this.deps.environment.config.traffic?.nginx : undefined;
    }
    /** The variables every command gets. Untrusted values (branch, PR title) are only ever here. */
    variables(operation, v) {
        const { environment, event } = this.deps;
        const vars = {
            GLIDEPATH_OPERATION: operation,
            GLIDEPATH_ENVIRONMENT: environment.name,
            GLIDEPATH_TARGET: environment.target ?? '',
            GLIDEPATH_VERSION: v.version,
            GLIDEPATH_PREVIOUS_VERSION: v.previousVersion ?? '',
            GLIDEPATH_IMAGE: v.image ?? '',
            GLIDEPATH_STRATEGY: v.strategy ?? environment.strategy,
            GLIDEPATH_WEIGHT: v.weight === undefined ? '' : String(v.weight),
            GLIDEPATH_TO_VERSION: v.toVersion ?? '',
            GLIDEPATH_SLOT: v.slot ?? '',
            GLIDEPATH_ROLE: v.role ?? '',
            GLIDEPATH_ADDRESS: v.role && this.nginx ? this.nginx[v.role] : '',
            GLIDEPATH_URL: environment.url ?? '',
            ...(0,context/* eventVariables */.EB)(event),
            GLIDEPATH_STATE_DIR: this.onHost ? this.onHost.dir : this.deps.store.dir,
        };
        return Object.fromEntries(Object.entries(vars).map(([k, val]) => [k, val ?? '']));
    }
    async run(operation, values, timeoutMs) {
        const command = this.cfg[operation];
        if (!command) {
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-006', `The command provider has no "${operation}" command.`, {
                fix: `Add command.${operation} to environments.${this.deps.environment.key} in the config.`,
            });
        }
        // A run whose lock was taken over (or deleted) runs no more of the user's commands.
        this.deps.store.fence?.();
        this.deps.log.info(`Running command.${operation}${values.role ? ` (${values.role})` : ''}${this.host ? ` on ${this.host.label}` : ''}: ${command}`);
        this.deps.store.ensureDir();
        // On a host over SSH only this run's variables go along, never the runner's environment (its secrets).
        const result = this.host ? await this.host.run(command, {
            env: this.variables(operation, values),
            timeoutMs,
            label: `command.${operation}`,
            onLine: (line) => this.deps.log.info(`  [${operation}] ${line}`),
        }) : await (0,run/* runCommand */.d1)(command, {
            cwd: this.deps.workspace,
            env: { ...this.deps.env, ...this.variables(operation, values) },
            timeoutMs,
            label: `command.${operation}`,
            onLine: (line) => this.deps.log.info(`  [${operation}] ${line}`),
            registry: this.children,
        });
        if (result.code !== 0) {
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-004', `command.${operation} exited with ${result.signal ?? `code ${result.code}`}.`, {
                fix: `See the [${operation}] lines above; the command "${command}" must exit 0 on success.`,
            });
        }
    }
    has(operation) {
        return Boolean(this.cfg[operation]);
    }
    stableVersion() {
        return this.deps.store.read().stable?.version ?? null;
    }
    /** Puts a version on the stable or canary address (with a router) and checks it with status. */
    async place(values, timeoutMs, operation = 'deploy') {
        await this.run(operation === 'rollback' && this.has('rollback') ? 'rollback' : 'deploy', values, timeoutMs);
        if (this.has('status'))
            await this.run('status', values, timeoutMs);
    }
    /** What runs at the canary address once nothing routes there (optional command.stop). */
    async stopCanaryAddress(version, timeoutMs) {
        if (this.nginx && this.has('stop'))
            await this.run('stop', { version: version ?? '', role: 'canary' }, timeoutMs);
    }
    /**
     * Behind nginx the two addresses are fixed, so a version never replaces the one serving in place:
     * it is placed on the canary address, takes all traffic there, then is placed on the stable address
     * while the canary address serves, and traffic goes back to stable (Flagger's promotion). No request
     * ever meets an address being replaced.
     */
    async replaceStable(version, previous, timeoutMs, opts) {
        const router = this.router;
        if (!opts.alreadyOnCanary)
            await this.place({ ...opts.base, version, role: 'canary' }, timeoutMs, opts.operation);
        await router.setWeight(100, { stable: previous, canary: version });
        try {
            await this.place({ ...opts.base, version, role: 'stable' }, timeoutMs, opts.operation);
        }
        catch (e) {
            // The stable address could not take the version: put the previous one back there, then traffic.
            if (previous) {
                await this.place({ ...opts.base, version: previous, previousVersion: version, role: 'stable' }, timeoutMs, 'rollback');
                await router.setWeight(0, { stable: previous, canary: null });
                await this.stopCanaryAddress(version, timeoutMs);
            }
            throw e;
        }
        await router.setWeight(0, { stable: version, canary: null });
        await this.stopCanaryAddress(version, timeoutMs);
    }
    async preflight(request) {
        // The key, the host key and the connection are checked before anything changes anywhere.
        await this.onHost?.ensure(request.timeoutMs);
        if (request.strategy === 'canary' && !this.router) {
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-006', 'A canary on the command provider needs a traffic router: command.set-weight or traffic.router nginx.', {
                fix: `Add command.set-weight or a traffic section to environments.${this.deps.environment.key}, or use strategy rolling.`,
            });
        }
    }
    async deploy(request) {
        const base = { version: request.version, previousVersion: request.previousVersion, image: request.image, strategy: request.strategy };
        const versions = { stable: request.previousVersion, canary: request.version };
        if (this.nginx) {
            if (request.strategy === 'canary') {
                await this.place({ ...base, role: 'canary' }, request.timeoutMs);
                await this.router.setWeight(request.canaryWeight, versions);
                return {};
            }
            await this.replaceStable(request.version, request.previousVersion, request.timeoutMs, { alreadyOnCanary: false, operation: 'deploy', base });
            return {};
        }
        let slot;
        if (request.strategy === 'blue-green') {
            const last = [...this.deps.store.read().records].reverse().find((r) => r.status === 'success' && r.slot);
            slot = last?.slot === 'blue' ? 'green' : 'blue';
            base.slot = slot;
        }
        await this.place({ ...base, role: request.strategy === 'canary' ? 'canary' : undefined }, request.timeoutMs);
        if (request.strategy === 'canary')
            await this.router.setWeight(request.canaryWeight, versions);
        else if (request.strategy === 'blue-green' && this.router)
            await this.run('set-weight', { ...base, weight: 100 }, request.timeoutMs);
        return { slot };
    }
    async setCanaryWeight(version, weight, timeoutMs) {
        if (!this.router)
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-006', 'No traffic router to set a canary weight with.', { fix: 'Add command.set-weight or a traffic section.' });
        void timeoutMs;
        await this.router.setWeight(weight, { stable: this.stableVersion(), canary: version });
    }
    async promote(version, timeoutMs) {
        if (this.nginx) {
            await this.replaceStable(version, this.stableVersion(), timeoutMs, { alreadyOnCanary: true, operation: 'deploy', base: { previousVersion: this.stableVersion(), strategy: 'canary' } });
            return;
        }
        await this.run('set-weight', { version, weight: 100, strategy: 'canary' }, timeoutMs);
    }
    async abort(version, timeoutMs) {
        // Behind nginx nothing may reach the canary address once aborted, cohorts included; a set-weight
        // command is told which canary it takes traffic from.
        if (this.router)
            await this.router.setWeight(0, { stable: this.stableVersion(), canary: this.nginx ? null : version });
        await this.stopCanaryAddress(version, timeoutMs);
    }
    async rollback(to, from, timeoutMs) {
        if (this.nginx) {
            const router = this.router;
            if ((await router.writtenWeight()) === 100) {
                // A run killed mid-promotion left all traffic on the canary address, and the stable address may
                // be empty or half-replaced: confirm the traffic stays where it is, put `to` on the stable
                // address while the canary address serves, then move traffic back. No request meets an address
                // being replaced.
                await router.setWeight(100, { stable: to, canary: from });
                await this.place({ version: to, toVersion: to, previousVersion: from, role: 'stable' }, timeoutMs, 'rollback');
                await router.setWeight(0, { stable: to, canary: null });
                await this.stopCanaryAddress(from, timeoutMs);
                return;
            }
            await router.setWeight(0, { stable: from, canary: null });
            await this.replaceStable(to, from, timeoutMs, { alreadyOnCanary: false, operation: 'rollback', base: { toVersion: to, previousVersion: from } });
            return;
        }
        const values = { version: to, toVersion: to, previousVersion: from };
        if (this.has('rollback'))
            await this.run('rollback', values, timeoutMs);
        else
            await this.run('deploy', values, timeoutMs);
        if (this.has('status'))
            await this.run('status', values, timeoutMs);
    }
    async teardown(timeoutMs) {
        await this.run('teardown', { version: this.stableVersion() ?? '' }, timeoutMs);
        if (this.nginx) {
            // nginx is told that nothing is deployed here any more: its managed file is what a later run reads
            // of this environment, and a torn-down one must not be rebuilt (and started again) from it.
            try {
                await this.router.setWeight(0, { stable: null, canary: null });
            }
            catch (e) {
                this.deps.log.warning(`Could not tell nginx that ${this.deps.environment.name} was torn down: ${e.message}`);
            }
        }
    }
    async stopStrays() {
        const stopped = this.children.reapOrphans();
        if (stopped.length)
            this.deps.log.warning(`Stopped command(s) left running by an interrupted run: ${stopped.join(', ')}.`);
    }
    /** After an interrupted run: its commands still running are stopped, and an unrouted canary address too. */
    async prune(keep) {
        await this.stopStrays();
        const state = this.deps.store.read();
        if (this.nginx && !state.canary) {
            await this.router.setWeight(0, { stable: state.stable?.version ?? null, canary: null });
            await this.stopCanaryAddress(null, this.deps.environment.timeoutMs);
        }
        void keep;
    }
    async canaryEndpoint() {
        const nginx = this.nginx;
        if (nginx && this.host)
            return { url: `http://${await this.forward(nginx.canary, 'canary')}/`, headers: {} };
        return this.router?.canaryEndpoint?.();
    }
    /** nginx's counters from its access log (traffic.nginx.accessLog), read over SSH when nginx is on a host. */
    routerCounters() {
        return this.nginx?.accessLog ? this.router : undefined;
    }
    /** On a host over SSH, the lock is held there too: two runners never interleave on one host. */
    async lock(options) {
        return this.onHost ? this.onHost.lock(options) : { release: async () => undefined };
    }
    /** On a host over SSH, the state is kept there too, for a fresh runner. */
    async loadState() {
        return this.onHost?.load();
    }
    async saveState(state) {
        await this.onHost?.save(state);
    }
    async stableEndpoint() {
        const nginx = this.nginx;
        if (!nginx)
            return undefined;
        // On a host over SSH the addresses are the host's own: the runner reaches them through the connection.
        return { url: `http://${this.host ? await this.forward(nginx.stable, 'stable') : nginx.stable}/`, headers: {} };
    }
    /** The runner's end of a forward to an address on the host, through the host's SSH connection. */
    forward(remote, role) {
        const host = this.host;
        return host.forward(remote, 30_000, (local) => this.deps.log.info(`Probes reach the ${role} address ${remote} on ${host.label} through the SSH connection (${local} on the runner).`));
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
        await this.settled(master, oldWorkers, (0,duration/* parseDuration */.E9)(this.cfg.settle ?? '500ms', 'traffic.nginx.settle'));
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


/***/ })

};
