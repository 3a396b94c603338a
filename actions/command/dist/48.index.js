export const id = 48;
export const ids = [48];
export const modules = {

/***/ 2048:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CommandProvider: () => (/* binding */ CommandProvider)
});

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
// EXTERNAL MODULE: ./shared/traffic/factory.ts + 1 modules
var factory = __webpack_require__(1085);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(2094);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
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
        this.host = deps.host;
        if (this.host)
            this.onHost = new environment/* HostEnvironment */.o(this.host, deps.environment.name);
        this.router = (0,factory/* backendRouter */.y)(deps, { host: this.host, setWeight: (weight, versions) => this.run('set-weight', { version: versions.canary ?? versions.stable ?? '', weight, strategy: 'canary' }, deps.environment.timeoutMs) });
        if (this.router instanceof nginx/* NginxRouter */.Sx) {
            // Behind nginx Glidepath can look: what nginx was told (its managed file), whether it runs, and
            // whether each address answers. With a set-weight command it cannot, and trusts its record.
            this.observe = () => this.observeNginx();
            this.heal = (stable, timeoutMs) => this.healNginx(stable, timeoutMs);
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
            // A lost record names no stable version: nginx keeps the one it was told, the evidence the next
            // reconcile reads (a null written here made the next deploy a first one, at 100%).
            const router = this.router;
            const stable = state.stable?.version ?? (await router.told())?.stable ?? null;
            await router.setWeight(0, { stable, canary: null });
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
