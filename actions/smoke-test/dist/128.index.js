export const id = 128;
export const ids = [128];
export const modules = {

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


/***/ }),

/***/ 543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fQ: () => (/* binding */ SshHost)
});

// UNUSED EXPORTS: remoteCommand, shellQuote

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: ./shared/http/ports.ts
var ports = __webpack_require__(3899);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
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
        const child = (0,external_node_child_process_.spawn)('ssh', [...this.argv, '-T', this.host, '--', 'exec /bin/sh'], {
            cwd: (0,external_node_os_.tmpdir)(),
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true,
        });
        child.stdin?.on('error', () => undefined);
        child.stdout?.on('data', (c) => this.onData('stdout', c.toString('utf8')));
        child.stderr?.on('data', (c) => this.onData('stderr', c.toString('utf8')));
        child.on('error', () => undefined);
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
        const c = this.child;
        if (!c)
            return;
        for (const s of [c, c.stdin, c.stdout, c.stderr]) {
            if (idle)
                s?.unref?.();
            else
                s?.ref?.();
        }
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
        if (!child)
            return;
        child.stdin?.end();
        if (child.pid)
            (0,run/* killGroup */.i0)(child.pid, 'SIGTERM');
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


/***/ })

};
