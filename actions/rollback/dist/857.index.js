export const id = 857;
export const ids = [857];
export const modules = {

/***/ 3857:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  report: () => (/* binding */ report)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/time/retry.ts
var retry = __webpack_require__(3424);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(2094);
;// CONCATENATED MODULE: ./shared/notify/webhook.ts



// POSTs JSON to a webhook (Slack incoming webhook or a generic one), retrying 5xx, 429 and network
// failures with backoff and honouring Retry-After.
class RetryableStatus extends Error {
    status;
    retryAfterMs;
    constructor(status, retryAfterMs) {
        super(`answered ${status}`);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }
}
async function postJson(url, body, options) {
    try {
        return await (0,retry/* retry */.L5)(async () => {
            let res;
            try {
                res = await (0,request/* httpRequest */.aj)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: options.timeoutMs ?? 10_000 });
            }
            catch (e) {
                throw new Error((0,request/* describeFetchError */.Op)(e));
            }
            if (res.status === 429 || res.status >= 500)
                throw new RetryableStatus(res.status, (0,retry/* retryAfterMs */.Vs)(res.headers.get('retry-after')));
            if (res.status >= 400)
                throw Object.assign(new Error(`answered ${res.status}`), { final: true });
            return res.status;
        }, {
            retries: options.retries ?? 3,
            baseMs: 500,
            shouldRetry: (e) => !e.final,
            retryAfterMs: (e) => (e instanceof RetryableStatus ? e.retryAfterMs : undefined),
        });
    }
    catch (e) {
        throw new errors/* GlidepathError */.HT('GP-NET-001', `${options.label} failed: ${e.message}.`, { fix: `Check the ${options.label} URL (it is masked in logs) and that the receiver accepts JSON POSTs.` });
    }
}

// EXTERNAL MODULE: ./shared/report/summary.ts + 1 modules
var summary = __webpack_require__(3230);
// EXTERNAL MODULE: ./shared/report/limits.ts
var limits = __webpack_require__(8753);
;// CONCATENATED MODULE: ./shared/github/comment.ts


// One sticky PR comment per environment, found by a hidden marker and by its author, and updated in place
// (REST only, so it works with GITHUB_TOKEN, a PAT or an App token alike). The marker alone proves nothing:
// anyone can post it first, and a report written into their comment would be theirs to edit afterwards.
const markerFor = (environment) => `<!-- glidepath:${encodeURIComponent(environment)} -->`;
/** What GITHUB_TOKEN's comments are written as. */
const ACTIONS_BOT = 'github-actions[bot]';
/**
 * The login the token's comments carry. A PAT or a user-to-server token answers GET /user; an installation
 * token (GITHUB_TOKEN, a GitHub App's) is refused it, and writes as `configured` (an App's `slug[bot]`),
 * else as github-actions[bot].
 */
async function commentAuthor(client, configured) {
    if (configured)
        return { login: configured, bot: configured.endsWith('[bot]') };
    try {
        const { data } = await client.request('GET /user');
        if (typeof data.login === 'string' && data.login)
            return { login: data.login, bot: data.type === 'Bot' };
    }
    catch (e) {
        // 401, 403 and 404 (GP-GITHUB-001..003): not a user's token.
        if (!(e instanceof errors/* GlidepathError */.HT) || !['GP-GITHUB-001', 'GP-GITHUB-002', 'GP-GITHUB-003'].includes(e.code))
            throw e;
    }
    return { login: ACTIONS_BOT, bot: true };
}
/** The comment is the token's own: written by the same login (and, for a bot, by a bot account). */
function writtenBy(comment, author) {
    const login = comment.user?.login;
    if (!login || login.toLowerCase() !== author.login.toLowerCase())
        return false;
    return !author.bot || comment.user?.type === 'Bot';
}
async function upsertStickyComment(client, issue, environment, body, options = {}) {
    const marker = markerFor(environment);
    const text = (0,limits/* cut */.Jj)(`${marker}\n${body}`, limits/* LIMITS */.b1.comment, '\n\n…(truncated)');
    const author = options.author ?? (await commentAuthor(client));
    let existing;
    for await (const c of client.items('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue })) {
        if (c.body?.startsWith(marker) && writtenBy(c, author)) {
            existing = c;
            break;
        }
    }
    if (existing) {
        const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body: text });
        return { id: data.id, url: data.html_url, created: false };
    }
    if (options.existingOnly)
        return undefined;
    const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue, body: text });
    return { id: data.id, url: data.html_url, created: true };
}

// EXTERNAL MODULE: ./shared/flows/target.ts + 3 modules
var target = __webpack_require__(8919);
// EXTERNAL MODULE: ./shared/flows/resolve-first.ts
var resolve_first = __webpack_require__(6671);
// EXTERNAL MODULE: ./shared/flows/waves/members.ts + 1 modules
var members = __webpack_require__(3498);
// EXTERNAL MODULE: ./shared/flows/previews.ts
var previews = __webpack_require__(3219);
// EXTERNAL MODULE: ./shared/report/waves.ts
var report_waves = __webpack_require__(6767);
// EXTERNAL MODULE: ./shared/github/integration.ts + 1 modules
var integration = __webpack_require__(9038);
// EXTERNAL MODULE: ./shared/github/deployments.ts
var deployments = __webpack_require__(9596);
// EXTERNAL MODULE: ./shared/report/markdown.ts
var report_markdown = __webpack_require__(216);
// EXTERNAL MODULE: ./shared/report/md.ts
var md = __webpack_require__(7408);
// EXTERNAL MODULE: ./shared/report/serving.ts
var serving = __webpack_require__(4221);
// EXTERNAL MODULE: ./shared/report/headline.ts
var headline = __webpack_require__(4529);
;// CONCATENATED MODULE: ./shared/report/delivery.ts

const median = (xs) => {
    if (!xs.length)
        return null;
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function deliveryMetrics(history, windowDays, now = Date.now()) {
    const from = now - windowDays * 86_400_000;
    const inWindow = history.filter((d) => d.createdAt >= from).sort((a, b) => a.createdAt - b.createdAt);
    const finished = inWindow.filter((d) => d.succeeded || d.state === 'failure' || d.state === 'error');
    const failed = finished.filter((d) => !d.succeeded);
    const successes = inWindow.filter((d) => d.succeeded);
    const restores = [];
    for (const f of failed) {
        const next = successes.find((s) => s.createdAt > f.createdAt);
        if (next)
            restores.push((next.finishedAt - f.finishedAt) / 60_000);
    }
    const leads = successes.filter((s) => s.commitAt !== undefined).map((s) => (s.finishedAt - s.commitAt) / 3_600_000);
    return {
        windowDays,
        deployments: inWindow.length,
        successful: successes.length,
        frequencyPerDay: +(successes.length / windowDays).toFixed(3),
        changeFailureRate: finished.length ? +(failed.length / finished.length).toFixed(3) : null,
        timeToRestoreMinutes: restores.length ? +(restores.reduce((a, b) => a + b, 0) / restores.length).toFixed(1) : null,
        leadTimeHours: leads.length ? +median(leads).toFixed(2) : null,
    };
}
function renderDeliveryMetrics(environment, m) {
    const v = (x, unit = '') => (x === null ? 'n/a' : `${x}${unit}`);
    return new md/* Markdown */.oz().heading((0,md.md) `Delivery metrics: ${environment} (last ${m.windowDays} days)`).table(['metric', 'value'], [
        ['Deployments (successful)', `${m.deployments} (${m.successful})`],
        ['Deployment frequency', `${m.frequencyPerDay} per day`],
        ['Change failure rate', m.changeFailureRate === null ? 'n/a' : `${(m.changeFailureRate * 100).toFixed(1)}%`],
        ['Time to restore (mean)', v(m.timeToRestoreMinutes, ' min')],
        ['Lead time for changes (median)', v(m.leadTimeHours, ' h')],
    ]).toString();
}

;// CONCATENATED MODULE: ./shared/flows/report.ts

















function nothingToReport(runtime, environment, why) {
    runtime.warning(`${why}; nothing to report.`);
    runtime.summary(new md/* Markdown */.oz().heading('Glidepath').para((0,md.md) `Nothing to report for ${environment}: ${why}.`).toString());
    return { skipped: false, notified: [] };
}
// A record status, as a deployment status.
const STATE_OF = {
    success: 'success', failure: 'failure', aborted: 'failure', rolled_back: 'failure', superseded: 'inactive', inactive: 'inactive', in_progress: 'in_progress',
};
/**
 * The deployment status a record calls for, given the job's result: the record decides, except that a
 * job that failed or was cancelled while the record was still in progress ended it (`failure`, `error`).
 * A job that succeeded with the record in progress (a canary awaiting approval) leaves it in progress.
 */
function deploymentStateFor(record, jobStatus) {
    if (record.status === 'in_progress') {
        if (jobStatus === 'failure')
            return 'failure';
        if (jobStatus === 'cancelled')
            return 'error';
        return undefined;
    }
    return STATE_OF[record.status];
}
/** The record to report: by id in the local state, else rebuilt from its GitHub deployment's payload. */
async function findRecord(runtime, records, deploymentId, github) {
    if (!deploymentId)
        return records[records.length - 1];
    const local = records.find((r) => r.id === deploymentId || r.deploymentId === deploymentId);
    if (local || !github || !/^\d+$/.test(deploymentId))
        return local;
    try {
        const record = await github.recordOf(deploymentId);
        if (record)
            runtime.info(`Deployment ${deploymentId} is not in the local state; its record was read from the GitHub deployment payload.`);
        return record;
    }
    catch (e) {
        runtime.warning(`Could not read deployment ${deploymentId} from GitHub: ${e.message}`);
        return undefined;
    }
}
/** One record rendered for every surface: job summary, sticky PR comment, deployment status, Slack and a JSON webhook. */
async function report(runtime, settings, first) {
    if (settings.slackWebhook)
        runtime.mask(settings.slackWebhook);
    if (settings.webhookUrl)
        runtime.mask(settings.webhookUrl);
    const targeting = await (0,target/* openTarget */.Ap)(runtime, settings, undefined, first);
    if (targeting.kind === 'none') {
        (0,resolve_first/* reportNoEnvironment */.pU)(runtime, targeting.reason, resolve_first/* REPORT_OUTPUTS */.Eg);
        return { skipped: true, notified: [] };
    }
    const { store, environment, github } = targeting.target;
    const outcome = { skipped: false, notified: [] };
    let markdown;
    let text;
    let payload;
    if (environment.config.targets?.length) {
        // Waves: one table of every target (each target's own GitHub deployment has its statuses).
        const waves = await (0,members/* readWavesProgress */.E)(runtime, targeting.target);
        if (!waves)
            return nothingToReport(runtime, environment.name, `${environment.name} has no rollout on record here`);
        outcome.waves = waves;
        markdown = (0,report_waves/* renderWavesSummary */.d)(waves);
        text = `${waves.environment}: ${(0,headline/* wavesHeadline */.D)(waves)}`;
        payload = { event: 'glidepath.report', status: waves.status, waves };
    }
    else {
        await (0,target/* hydrateState */.vt)(runtime, targeting.target);
        const record = await findRecord(runtime, store.read().records, settings.deploymentId, github);
        // report runs `if: always()`: a missing record (a failed upload, a run that never deployed) is
        // reported, never a failure of its own.
        if (!record)
            return nothingToReport(runtime, environment.name, settings.deploymentId ? `no record of deployment ${settings.deploymentId} here or in its GitHub payload` : `${environment.name} has no deployment record here`);
        outcome.record = record;
        // What serves, as seen now (never only what the file says): a dead site is never reported as fine.
        const seen = await (0,target/* lookAt */.t5)(targeting.target.provider, targeting.target.provider.name, (m) => runtime.warning(m));
        const s = store.read();
        const recorded = { stable: s.stable?.version ?? null, canary: s.canary?.version ?? null };
        markdown = (0,summary.renderDeploySummary)(record, { seen, recorded });
        const door = recorded.stable || recorded.canary ? (0,previews/* previewDoor */.LS)(runtime, targeting.target, record.url) : undefined;
        if (door)
            markdown += `\n${door}\n`;
        if (seen) {
            outcome.seen = seen;
            if (!(0,serving/* servesAsRouted */.k0)(seen))
                runtime.warning(`${environment.name}: ${(0,serving/* describeServing */.Yh)(seen)} (the record says ${s.stable?.version ?? 'nothing'} serves).`);
        }
        const canary = store.read().canary;
        if (canary?.holding?.until && canary.recordId === record.id) {
            outcome.decision = { environment: environment.name, version: canary.version, weight: canary.weight, step: canary.step, reason: canary.holding.reason, until: canary.holding.until };
            markdown += `\n${(0,summary.renderDecisionNeeded)(outcome.decision)}`;
        }
        const wanted = deploymentStateFor(record, settings.status);
        const status = wanted ?? record.status;
        if (github && record.deploymentId && wanted) {
            // deploy, canary-step and rollback already wrote their statuses (with the run as log_url): a
            // status is written here only when GitHub's differs, e.g. a job cancelled mid-rollout.
            const id = record.deploymentId;
            await (0,integration/* tellGitHub */.X)(runtime, 'report status', async () => {
                const latest = await github.api.latestStatus(Number(id));
                if (latest?.state === wanted)
                    return runtime.info(`GitHub deployment ${id} already says ${wanted}; no status written.`);
                // A later deployment superseded this one (a rollback, a newer deploy): its story is told.
                if (latest?.state === 'inactive')
                    return runtime.info(`GitHub deployment ${id} was superseded (inactive); no status written.`);
                await github.report(id, wanted, `${record.version}: ${settings.status && settings.status !== record.status ? `job ${settings.status}, ` : ''}${record.status}${record.reason ? ` - ${record.reason}` : ''}`, record.url);
            });
        }
        // The same first sentence as the summary's, with the status a job's end may have set.
        text = `${record.environment}: ${(0,headline/* headline */.P)(record, { seen, recordedStable: recorded.stable })}${settings.status && settings.status !== 'success' ? ` (the job: ${settings.status}; GitHub: ${status})` : ''}`;
        payload = { event: 'glidepath.report', status, record };
        const d = outcome.decision;
        if (d) {
            text = `${(0,summary.decisionSentence)(d)} Answer with ${(0,summary.decisionCommands)(d).map((c) => `\`${c}\``).join(' or ')} on its pull request, or run canary-step with step promote or abort.`;
            payload = { event: 'glidepath.decision-needed', status, record, decision: { ...d, commands: (0,summary.decisionCommands)(d) } };
        }
    }
    runtime.summary((0,limits/* cutBytes */.Uw)(markdown, limits/* LIMITS */.b1.summary));
    const pr = runtime.context.pr?.number;
    const wantComment = settings.comment === 'always' || (settings.comment === 'auto' && runtime.context.eventName.startsWith('pull_request'));
    if (wantComment && github && pr) {
        outcome.comment = await upsertStickyComment(github.client, pr, environment.name, markdown, { author: await commentAuthor(github.client, settings.commentAuthor) });
        runtime.info(`${outcome.comment.url ? `PR comment: ${outcome.comment.url}` : 'PR comment updated'}.`);
    }
    else if (outcome.decision && github && settings.comment !== 'never') {
        // A decision is needed and this run has no pull request (a push to main): ask on the pull request that
        // brought the commit in, where a /glidepath comment answers it.
        const record = outcome.record;
        const asked = record.sha ? await pullRequestOf(runtime, github.client, record.sha) : undefined;
        if (asked) {
            outcome.comment = await upsertStickyComment(github.client, asked, environment.name, markdown, { author: await commentAuthor(github.client, settings.commentAuthor) });
            runtime.info(`${environment.name} waits for a decision: asked on pull request #${asked} (${outcome.comment.url}).`);
        }
        else
            runtime.notice(`${environment.name} waits for a decision, and no pull request brought ${record.sha?.slice(0, 12) || 'this commit'} in: answer with canary-step (step promote or abort).`, { title: 'Glidepath' });
    }
    else if (!pr && outcome.record?.sha && github && settings.comment !== 'never' && outcome.record.steps.some((s) => s.decision === 'wait')) {
        // This canary asked for a decision on a pull request: the answer replaces the question there.
        const asked = await pullRequestOf(runtime, github.client, outcome.record.sha);
        const updated = asked ? await upsertStickyComment(github.client, asked, environment.name, markdown, { existingOnly: true, author: await commentAuthor(github.client, settings.commentAuthor) }) : undefined;
        if (updated)
            outcome.comment = updated;
    }
    else if (wantComment && settings.comment === 'always') {
        runtime.notice(github ? 'No pull request in this run; no comment was written.' : 'No GitHub token or repository; no comment was written.');
    }
    if (settings.metricsDays > 0 && github) {
        const history = await (0,deployments/* deploymentHistory */.S)(github.client, environment.name, Date.now() - settings.metricsDays * 86_400_000);
        outcome.delivery = deliveryMetrics(history, settings.metricsDays);
        runtime.summary(renderDeliveryMetrics(environment.name, outcome.delivery));
    }
    // Every surface says the same first sentence: Slack as mrkdwn-safe text, the JSON webhook as plain `text`.
    const targets = [
        ['Slack webhook', settings.slackWebhook, { text: (0,report_markdown/* slackText */.a4)(text) }],
        ['webhook', settings.webhookUrl, { ...payload, text }],
    ];
    for (const [label, url, body] of targets) {
        if (!url)
            continue;
        try {
            await postJson(url, body, { label });
            outcome.notified.push(label);
        }
        catch (e) {
            if (settings.failOnNotifyError)
                throw e;
            runtime.warning(e.headline?.() ?? String(e));
        }
    }
    return outcome;
}
/** The pull request a commit came from (merged or open), for asking where a comment can answer. */
async function pullRequestOf(runtime, client, sha) {
    try {
        const { data } = await client.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha });
        return (data.find((p) => p.merged_at) ?? data[0])?.number;
    }
    catch (e) {
        runtime.warning(`Could not find the pull request of ${sha.slice(0, 12)}: ${(0,errors/* toGlidepathError */.cL)(e).headline()}`);
        return undefined;
    }
}


/***/ }),

/***/ 3498:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n: () => (/* binding */ Waves),
  E: () => (/* binding */ readWavesProgress)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/config/targets.ts
var targets = __webpack_require__(3923);
// EXTERNAL MODULE: ./shared/config/resolve.ts
var resolve = __webpack_require__(6433);
// EXTERNAL MODULE: ./shared/state/store.ts
var state_store = __webpack_require__(8529);
// EXTERNAL MODULE: ./shared/files/json-file.ts
var json_file = __webpack_require__(7273);
// EXTERNAL MODULE: ./shared/state/waves.ts
var waves = __webpack_require__(2446);
// EXTERNAL MODULE: ./shared/state/lock.ts
var lock = __webpack_require__(5745);
// EXTERNAL MODULE: ./shared/providers/index.ts + 4 modules
var providers = __webpack_require__(1384);
// EXTERNAL MODULE: ./shared/report/waves.ts
var report_waves = __webpack_require__(6767);
// EXTERNAL MODULE: ./shared/report/serving.ts
var serving = __webpack_require__(4221);
;// CONCATENATED MODULE: ./shared/runtime/prefixed.ts
/**
 * A runtime for one of several targets run together: its messages carry `[name]`, and its outputs and
 * summary go nowhere (each target's would overwrite the others'; the caller reports once for all).
 */
function prefixedRuntime(runtime, name) {
    const p = (m) => `[${name}] ${m}`;
    return {
        kind: runtime.kind,
        context: runtime.context,
        env: runtime.env,
        setOutput: () => undefined,
        summary: () => undefined,
        info: (m) => runtime.info(p(m)),
        debug: (m) => runtime.debug(p(m)),
        warning: (m, props) => runtime.warning(p(m), props),
        error: (m, props) => runtime.error(p(m), props),
        notice: (m, props) => runtime.notice(p(m), props),
        mask: (s) => runtime.mask(s),
        saveState: (n, v) => runtime.saveState(n, v),
        getState: (n) => runtime.getState(n),
        setFailed: (m) => runtime.setFailed(p(m)),
    };
}

// EXTERNAL MODULE: ./shared/flows/target.ts + 3 modules
var target = __webpack_require__(8919);
;// CONCATENATED MODULE: ./shared/flows/waves/members.ts














class Waves {
    runtime;
    parent;
    file;
    members;
    plan;
    position;
    constructor(runtime, parent, version) {
        this.runtime = runtime;
        this.parent = parent;
        const env = parent.environment;
        this.file = (0,external_node_path_.join)(parent.store.dir, 'waves.json');
        this.plan = (0,targets/* wavesOf */.gt)(env.config);
        const carried = parent.carried;
        this.members = (env.config.targets ?? []).map((config) => {
            const environment = (0,resolve/* resolveTargetEnvironment */.VN)(env, config, (0,targets/* waveOf */.j5)(env.config, config), runtime.context, version);
            const store = new state_store/* StateStore */.fy(parent.stateDir, environment.name);
            const rt = prefixedRuntime(runtime, config.name);
            const provider = (0,providers/* createProvider */.Q)({
                environment, store, workspace: parent.workspace, stateDir: parent.stateDir, event: runtime.context,
                env: parent.env, log: { info: (m) => rt.info(m), warning: (m) => rt.warning(m) },
            });
            const target = { config: parent.config, environment, store, provider, stateDir: parent.stateDir, workspace: parent.workspace, github: parent.github, carried: carried?.targets?.[config.name], env: parent.env };
            return { config, wave: (0,targets/* waveOf */.j5)(env.config, config), target, runtime: rt };
        });
    }
    get name() {
        return this.parent.environment.name;
    }
    /** The last rollout on record (waves.json, or the state a job carried here). */
    read() {
        if ((0,external_node_fs_.existsSync)(this.file))
            return (0,json_file/* readJson */.Vh)(this.file, undefined);
        return this.parent.carried?.waves;
    }
    /** The position this run works on (set by begin). */
    get progress() {
        if (!this.position)
            throw new Error('waves: no rollout begun');
        return this.position;
    }
    /** Works on `p` from now on, and writes it ahead. */
    begin(p) {
        this.position = p;
        this.save();
        return this.progress;
    }
    /** Moves the position by one event and writes it ahead. */
    apply(e) {
        this.position = (0,waves/* advance */.np)(this.progress, e);
        this.save();
        return this.progress;
    }
    save() {
        this.position = { ...this.progress, updatedAt: new Date().toISOString() };
        this.parent.store.ensureDir();
        (0,json_file/* writeJsonAtomic */.ZJ)(this.file, this.position);
    }
    async lock(action, lockTimeoutMs) {
        const timeoutMs = lockTimeoutMs ?? this.parent.environment.durations.lockTimeout;
        return (0,lock/* acquireLock */.I)((0,external_node_path_.join)(this.parent.store.dir, 'waves.lock'), {
            timeoutMs, action, runId: this.runtime.context.runId || undefined,
            onWait: (owner) => this.runtime.info(`The waves of ${this.name} are locked by ${owner ? `${owner.action} (pid ${owner.pid})` : 'another run'}; waiting up to ${(0,duration/* formatDuration */.a3)(timeoutMs)}.`),
            onRecover: (owner) => this.runtime.warning(`Recovered a stale waves lock on ${this.name} left by ${owner.action} (pid ${owner.pid} is gone).`),
        });
    }
    member(name) {
        return this.members.find((m) => m.config.name === name);
    }
    /** Sets the `state` output: every target's state and the position, for a later job on another runner. */
    carry(p) {
        const targets = {};
        for (const m of this.members)
            if (m.target.store.exists())
                targets[m.config.name] = JSON.parse((0,state_store/* carryState */.Zk)(m.target.store.read()));
        const bundle = { schema: 1, environment: this.name, stable: null, canary: null, records: [], targets, waves: p };
        this.runtime.setOutput('state', JSON.stringify(bundle));
    }
    /**
     * Records what each target serves now: as seen on its platform where its provider can look (the
     * router's table and whether each routed release answers), beside what its state records.
     */
    async refreshServing() {
        return this.apply(await this.servingNow());
    }
    /** What each target serves now, as an event (report applies it without writing the position). */
    async servingNow() {
        const seen = await Promise.all(this.members.map((m) => (0,target/* lookAt */.t5)(m.target.provider, m.config.name, (w) => m.runtime.warning(w))));
        const recorded = this.members.map((m) => this.serving(m));
        return {
            type: 'serving',
            serving: Object.fromEntries(this.members.map((m, i) => [m.config.name, seen[i] ? seen[i].stable?.version ?? null : recorded[i]])),
            recorded: Object.fromEntries(this.members.map((m, i) => [m.config.name, recorded[i]])),
            seen: Object.fromEntries(this.members.flatMap((m, i) => (seen[i] ? [[m.config.name, { said: (0,serving/* describeServing */.Yh)(seen[i]), asRouted: (0,serving/* servesAsRouted */.k0)(seen[i]) }]] : []))),
        };
    }
    /** However the run ended: what each target serves, the summary table, the waves and state outputs. */
    async finish() {
        if (this.position) {
            const p = await this.refreshServing();
            this.runtime.summary((0,report_waves/* renderWavesSummary */.d)(p));
            this.runtime.setOutput('waves', JSON.stringify(p));
        }
        this.carry(this.position);
    }
    serving(m) {
        return m.target.store.exists() ? m.target.store.read().stable?.version ?? null : null;
    }
}
/** The last rollout of an environment with targets (waves.json, or the carried state), for report. */
async function readWavesProgress(runtime, parent) {
    const w = new Waves(runtime, parent);
    const p = w.read();
    // What each target serves as seen now, never only what the last run wrote down.
    return p ? (0,waves/* advance */.np)(p, await w.servingNow()) : undefined;
}


/***/ }),

/***/ 6767:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ renderWavesSummary)
/* harmony export */ });
/* harmony import */ var _md_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7408);
/* harmony import */ var _headline_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4529);
/* harmony import */ var _state_waves_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2446);



// The job summary's table of a rollout across targets: one row per target, in wave order.
const STATUS_ICON = { pending: '⏸️', rolling: '🟡', succeeded: '✅', failed: '❌', 'rolled-back': '↩️', 'rollback-failed': '⚠️' };
function renderWavesSummary(p) {
    const out = new _md_js__WEBPACK_IMPORTED_MODULE_0__/* .Markdown */ .oz().heading((0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `Waves of ${p.environment}: ${p.version} ${p.status}`).para((0,_md_js__WEBPACK_IMPORTED_MODULE_0__/* .bold */ .Cr)((0,_headline_js__WEBPACK_IMPORTED_MODULE_1__/* .wavesHeadline */ .D)(p))).para(p.reason);
    return out.table(['wave', 'target', 'status', 'was', 'serves (seen)', 'reason'], [...p.targets].sort((a, b) => a.wave - b.wave).map((t) => {
        // What the platform was seen serving where it could be seen; a record that disagrees is said beside it.
        const serves = t.seen === undefined ? (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `${t.serving ?? '(nothing)'} (recorded; not seen)` : (0,_state_waves_js__WEBPACK_IMPORTED_MODULE_2__/* .servesPlainly */ .ae)(t) ? t.serving ?? '(nothing)' : (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `${(0,_md_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(t.healthy === false ? '⚠️ ' : '')}${t.seen}`;
        const record = t.recorded !== undefined ? (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `; the record says ${t.recorded ?? 'nothing'}` : '';
        return [t.wave, t.name, (0,_md_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`${STATUS_ICON[t.status]} ${t.status}`), t.status === 'pending' ? '' : t.previousVersion ?? '(none)', (0,_md_js__WEBPACK_IMPORTED_MODULE_0__.md) `${serves}${record}`, t.reason ?? ''];
    })).toString();
}


/***/ })

};
