export const id = 409;
export const ids = [409];
export const modules = {

/***/ 4409:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  COMMANDS: () => (/* binding */ COMMANDS),
  commandLine: () => (/* binding */ commandLine),
  handleComment: () => (/* binding */ handleComment),
  parseCommand: () => (/* binding */ parseCommand)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/config/load.ts + 2 modules
var load = __webpack_require__(2779);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
;// CONCATENATED MODULE: ./shared/process/git.ts



/**
 * The commit a checkout holds (`git rev-parse HEAD` in it), or undefined when the folder is not a checkout's
 * root (no .git of its own, as in a CLI run outside a repository) or git cannot say.
 */
async function gitHead(workspace) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(workspace, '.git')))
        return undefined;
    try {
        const r = await (0,run/* runProgram */.mB)('git', ['rev-parse', '--verify', 'HEAD'], { cwd: workspace, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' }, timeoutMs: 10_000, label: 'git rev-parse HEAD' });
        const sha = r.stdout.trim();
        return r.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./shared/config/resolve.ts
var resolve = __webpack_require__(6433);
// EXTERNAL MODULE: ./shared/config/schema-validate.ts + 6 modules
var schema_validate = __webpack_require__(4242);
// EXTERNAL MODULE: ./shared/github/client.ts
var github_client = __webpack_require__(6317);
// EXTERNAL MODULE: ./shared/runtime/context.ts
var context = __webpack_require__(3538);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/flows/entries.ts
var entries = __webpack_require__(3744);
// EXTERNAL MODULE: ./shared/flows/target.ts + 2 modules
var flows_target = __webpack_require__(2542);
// EXTERNAL MODULE: ./shared/flows/version.ts
var flows_version = __webpack_require__(7884);
// EXTERNAL MODULE: ./shared/flows/fork.ts
var fork = __webpack_require__(6358);
// EXTERNAL MODULE: ./shared/runtime/runtime.ts
var runtime_runtime = __webpack_require__(5917);
;// CONCATENATED MODULE: ./shared/flows/comment-event.ts
// What the command action reads first, and all it reads of a comment that does not mention a command:
// kept apart from the commands themselves (command.ts, loaded only for a comment that may hold one).
const COMMAND_PREFIX = '/glidepath';
function commentEvent(payload) {
    const comment = payload.comment;
    const issue = payload.issue;
    if (!comment || !issue || typeof comment.id !== 'number' || typeof issue.number !== 'number')
        return undefined;
    return {
        action: typeof payload.action === 'string' ? payload.action : '',
        id: comment.id,
        body: typeof comment.body === 'string' ? comment.body : '',
        login: typeof comment.user?.login === 'string' ? comment.user.login : '',
        issue: issue.number,
        isPullRequest: Boolean(issue.pull_request),
    };
}

// EXTERNAL MODULE: ./node_modules/marked/lib/marked.esm.js
var marked_esm = __webpack_require__(8022);
;// CONCATENATED MODULE: ./shared/github/comment-text.ts

// A comment is read as GitHub renders it (GFM, by a kept CommonMark parser), so only what a reader sees as
// a line of the comment's own prose can act: a line of a top-level paragraph. Fenced and indented code, HTML
// blocks and comments, block quotes, lists, headings, and anything folded in <details> never act, nor a
// line that starts inside an inline code span or HTML comment.
const MASK = '\u0000';
/** The first line of the comment's prose that starts with `prefix` (followed by nothing or a space). */
function proseLineStartingWith(body, prefix) {
    let tokens;
    try {
        tokens = new marked_esm/* Lexer */.JG({ gfm: true }).lex(body);
    }
    catch {
        return undefined;
    }
    let folded = 0;
    for (const token of tokens) {
        if (token.type === 'html') {
            folded += (token.raw.match(/<details\b/gi) ?? []).length - (token.raw.match(/<\/details\s*>/gi) ?? []).length;
            if (folded < 0)
                folded = 0;
            continue;
        }
        if (token.type !== 'paragraph' || folded > 0)
            continue;
        const raw = token.text;
        const masked = maskInline(raw, token.tokens ?? []);
        const lines = raw.split('\n');
        const maskedLines = masked.split('\n');
        for (let i = 0; i < lines.length; i++) {
            const seen = maskedLines[i]?.trim() ?? '';
            if (seen === prefix || seen.startsWith(`${prefix} `) || seen.startsWith(`${prefix}\t`))
                return lines[i].trim();
        }
    }
    return undefined;
}
/** `raw` with every inline code span and inline HTML (comments included) blanked, line breaks kept. */
function maskInline(raw, tokens) {
    let out = '';
    let cursor = 0;
    for (const t of tokens) {
        const at = raw.indexOf(t.raw, cursor);
        if (at < 0)
            continue;
        out += raw.slice(cursor, at);
        if (t.type === 'codespan' || t.type === 'html')
            out += t.raw.replace(/[^\n]/g, MASK);
        else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length)
            out += maskInline(t.raw, t.tokens);
        else
            out += t.raw;
        cursor = at + t.raw.length;
    }
    return out + raw.slice(cursor);
}

// EXTERNAL MODULE: ./shared/report/markdown.ts
var markdown = __webpack_require__(216);
;// CONCATENATED MODULE: ./shared/flows/command.ts
















// Commands in pull-request comments (docs/commands.md): `/glidepath deploy | promote | abort | rollback |
// status | lock | unlock`. A comment is untrusted text: it is parsed into a closed set of words, checked
// against the environments the config names, and never reaches a shell. Only people with write access
// (asked of the API, not read from the comment's author association) may act; a fork's pull request
// deploys only to a preview whose config allows it (previews.forks: command), without the runner's
// secrets. Every command is acknowledged at once (a reaction) and answered (a reply with the outcome and
// the run), and runs as the commenter: the records say who asked.
const COMMANDS = ['deploy', 'promote', 'abort', 'rollback', 'status', 'lock', 'unlock', 'help'];
const USAGE = [
    '/glidepath deploy [to <environment>] [override <reason>]',
    '/glidepath promote [<environment>]',
    '/glidepath abort [<environment>] [<reason>]',
    '/glidepath rollback [<environment>] [to <version>] [<reason>]',
    '/glidepath status [<environment>]',
    '/glidepath lock [<environment>] [<reason>]',
    '/glidepath unlock [<environment>]',
];
const MAX_LINE = 300;
const MAX_REASON = 200;
/** The comment's command: the first line of its prose (as GitHub renders it) that starts with /glidepath. */
function commandLine(body) {
    return proseLineStartingWith(body, COMMAND_PREFIX);
}
function notUnderstood(message) {
    return new errors/* GlidepathError */.HT('GP-COMMAND-001', message, { fix: `Comment one of:\n${USAGE.join('\n')}` });
}
const freeText = (words) => {
    const text = words.join(' ').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    return text ? text.slice(0, MAX_REASON) : undefined;
};
/** Parses a command line against the environments the config names; throws GP-COMMAND-001 with the usage. */
function parseCommand(line, environments) {
    if (line.length > MAX_LINE)
        throw notUnderstood(`The command is ${line.length} characters long (at most ${MAX_LINE}).`);
    if (!line.startsWith(COMMAND_PREFIX))
        throw notUnderstood(`"${line.slice(0, 40)}" does not start with ${COMMAND_PREFIX}.`);
    const words = line.slice(COMMAND_PREFIX.length).trim().split(/\s+/).filter(Boolean);
    const word = (words.shift() ?? 'help').toLowerCase();
    if (!COMMANDS.includes(word)) {
        const suggestion = (0,schema_validate/* didYouMean */.au)(word, COMMANDS);
        throw notUnderstood(`"${COMMAND_PREFIX} ${word.slice(0, 40)}" is not a command${suggestion ? `; did you mean ${COMMAND_PREFIX} ${suggestion}?` : '.'}`);
    }
    const name = word;
    const command = { name, line };
    const known = (w) => (w !== undefined && environments.includes(w) ? w : undefined);
    const takeEnvironment = () => {
        if (known(words[0]))
            command.environment = words.shift();
    };
    const noMore = () => {
        if (words.length)
            throw notUnderstood(`"${words.join(' ').slice(0, 60)}" after ${COMMAND_PREFIX} ${name} is not understood${name === 'deploy' || name === 'promote' || name === 'status' || name === 'unlock' ? ` (environments: ${environments.join(', ')})` : ''}.`);
    };
    switch (name) {
        case 'deploy':
            if (words[0] === 'to') {
                words.shift();
                const env = words.shift();
                if (!known(env)) {
                    const suggestion = env ? (0,schema_validate/* didYouMean */.au)(env, environments) : undefined;
                    throw notUnderstood(`${env ? `"${env.slice(0, 60)}" is not an environment of this repository` : `${COMMAND_PREFIX} deploy to needs an environment`}${suggestion ? `; did you mean ${suggestion}?` : ''} (environments: ${environments.join(', ')}).`);
                }
                command.environment = env;
            }
            else
                takeEnvironment();
            if (words[0] === 'override') {
                words.shift();
                command.override = freeText(words.splice(0));
                if (!command.override)
                    throw notUnderstood(`${COMMAND_PREFIX} deploy ... override needs a reason (it is recorded and reported).`);
            }
            noMore();
            break;
        case 'rollback':
            takeEnvironment();
            if (words[0] === 'to') {
                words.shift();
                const version = words.shift() ?? '';
                try {
                    command.version = (0,flows_version/* checkVersion */.p)(version, 'rollback to');
                }
                catch (e) {
                    throw notUnderstood((0,errors/* toGlidepathError */.cL)(e).message);
                }
            }
            command.reason = freeText(words.splice(0));
            break;
        case 'abort':
        case 'lock':
            takeEnvironment();
            command.reason = freeText(words.splice(0));
            break;
        case 'promote':
        case 'status':
        case 'unlock':
            takeEnvironment();
            noMore();
            break;
        case 'help':
            break;
    }
    return command;
}
const WRITERS = new Set(['admin', 'maintain', 'write']);
const DECISION_FIX = 'Pass the check phase\'s decision output, unchanged, as the run phase\'s decision input for the same comment (as .github/workflows/comment.yml does).';
function readDecision(raw, event) {
    let d;
    try {
        d = JSON.parse(raw);
    }
    catch {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-004', 'The decision input is not the JSON the check phase writes.', { fix: DECISION_FIX });
    }
    const ok = d && d.v === 1 && typeof d.comment === 'number' && typeof d.login === 'string' && typeof d.command === 'string' && COMMANDS.includes(d.command) &&
        typeof d.environment === 'string' && typeof d.sha === 'string' && /^[0-9a-f]{40,64}$/.test(d.sha) && typeof d.config === 'string';
    if (!ok)
        throw new errors/* GlidepathError */.HT('GP-COMMAND-004', 'The decision input is not the JSON the check phase writes (a field is missing or of the wrong kind).', { fix: DECISION_FIX });
    if (d.comment !== event.id) {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-004', `The decision input was made for comment ${d.comment}, not for this run's comment ${event.id}.`, { fix: DECISION_FIX });
    }
    return d;
}
/**
 * Without a decision, the run phase reads the policy from the workspace, which must then still be the
 * commit the event ran on (the default branch's, for issue_comment): a workspace moved to the pull request's
 * head would let the pull request's own config choose where its deploy goes.
 */
async function workspaceAtEventCommit(runtime) {
    const head = await gitHead(runtime.context.workspace);
    if (head === undefined || !runtime.context.sha || head === runtime.context.sha)
        return;
    throw new errors/* GlidepathError */.HT('GP-COMMAND-004', `The workspace holds commit ${head.slice(0, 12)}, not the default branch's ${runtime.context.sha.slice(0, 12)} this comment's run started on: its config cannot decide a command.`, {
        fix: 'Run the command action with phase: check on the default branch\'s checkout first, then check out the pull request\'s head and pass the check\'s decision output to phase: run (.github/workflows/comment.yml does).',
    });
}
/** Acts on one `issue_comment` event. Refusals are answered and return allowed false; a failed operation is answered, then thrown. */
async function handleComment(runtime, settings) {
    const ctx = runtime.context;
    if (ctx.eventName !== 'issue_comment') {
        throw new errors/* GlidepathError */.HT('GP-INPUT-001', `The command action answers issue_comment events; this run is a ${ctx.eventName || 'unknown'} event.`, {
            fix: 'Call it from a workflow with on: issue_comment: types: [created] (workflows-examples/comment-commands).',
        });
    }
    const event = commentEvent(ctx.payload);
    const line = event ? commandLine(event.body) : undefined;
    if (!event || !line) {
        runtime.info('The comment holds no /glidepath command; nothing to do.');
        return { allowed: false };
    }
    if (event.action !== 'created') {
        runtime.notice(`An ${event.action || 'unknown'} comment never acts (only a new one does): ${line.slice(0, 80)}`, { title: 'Glidepath' });
        return { allowed: false };
    }
    const token = settings.commandToken ?? settings.token;
    if (!token) {
        throw new errors/* GlidepathError */.HT('GP-GITHUB-001', 'The command action needs a token to check the commenter\'s permission and to answer.', {
            fix: 'Leave the token input at its default (github.token) with permissions: { issues: write, pull-requests: write, deployments: write, contents: read }.',
        });
    }
    const client = new github_client/* GitHubClient */.j({ token, apiUrl: ctx.apiUrl, repository: ctx.repository, onRetry: (m) => runtime.warning(m) });
    const answer = new Answer(runtime, client, event, settings.phase);
    await answer.react('eyes');
    let command;
    try {
        if (!event.isPullRequest)
            throw notUnderstood(`${COMMAND_PREFIX} commands are answered on pull requests; #${event.issue} is an issue.`);
        await authorise(client, event.login);
        const workspace = ctx.workspace;
        // The policy (environments, branch table, windows, freezes) is the default branch's: read from its
        // checkout by the check phase and carried to the run as the decision, never read again from a workspace
        // that may now hold the pull request's head.
        const decided = settings.decision !== undefined ? readDecision(settings.decision, event) : undefined;
        if (!decided && settings.phase === 'run')
            await workspaceAtEventCommit(runtime);
        const configText = decided?.config ?? (0,load/* readConfigText */.im)(workspace, settings.config);
        const config = (0,load/* loadWorkspaceConfig */._u)(workspace, settings.config, configText);
        command = parseCommand(line, Object.keys(config.environments));
        if (decided && (decided.command !== command.name || decided.login !== event.login)) {
            throw new errors/* GlidepathError */.HT('GP-COMMAND-004', `The decision passed to the run phase is for ${COMMAND_PREFIX} ${decided.command} by @${decided.login}, not this comment's ${COMMAND_PREFIX} ${command.name} by @${event.login}.`, { fix: DECISION_FIX });
        }
        if (command.name === 'help') {
            if (settings.phase === 'check')
                return { command, allowed: true };
            await answer.reply(`Glidepath commands (writers only; a fork's pull request deploys only where previews.forks allows it):\n\n\`\`\`\n${USAGE.join('\n')}\n\`\`\``);
            return { command, allowed: true, reply: answer.last };
        }
        const pr = await pullRequest(client, event.issue);
        if (command.name === 'deploy' && pr.state !== 'open')
            throw notUnderstood(`#${event.issue} is ${pr.state}: only an open pull request deploys.`);
        // The run deploys the commit the check phase saw (and the workflow checked out), even if the pull request moved since.
        const head = decided ? { ...pr, headSha: decided.sha } : pr;
        const asPr = asPullRequestRun(runtime, event, head);
        const environment = decided?.environment ?? command.environment ?? settings.environment ?? defaultEnvironment(runtime, config, asPr.context, command);
        // A fork's code deploys only to a preview whose config (the default branch's) allows it, without secrets (flows/fork.ts).
        const forkDenied = command.name === 'deploy' && pr.fromFork ? (0,fork/* forkRefusal */.b)(environment, config.environments[environment] ?? {}) : undefined;
        if (forkDenied) {
            throw new errors/* GlidepathError */.HT('GP-COMMAND-003', `#${event.issue} comes from a fork: ${forkDenied}. Nothing was deployed.`, {
                fix: 'Push the branch to this repository (a maintainer can) and comment again; or, to preview forks on a writer\'s word, set previews.forks: command on the pull-request environment (its release then sees only previews.forkSecrets of the runner\'s variables).',
            });
        }
        const resolved = (0,resolve/* resolveEnvironment */.g9)(config, asPr.context, environment);
        if (command.name === 'deploy' && pr.fromFork)
            runtime.warning(`Deploying a fork's code (#${event.issue}, ${head.headSha.slice(0, 12)}, pinned when @${event.login} asked) to ${environment}: it sees ${config.environments[environment]?.previews?.forkSecrets?.length ? `only ${config.environments[environment]?.previews?.forkSecrets?.join(', ')} of the runner's secrets` : 'none of the runner\'s secrets'}.`, { title: 'Glidepath: a fork\'s preview' });
        const outcome = {
            command, allowed: true, environment, sha: head.headSha, ref: `refs/heads/${pr.headRef}`,
            environmentName: resolved.kind === 'resolved' ? resolved.environment.name : environment,
        };
        runtime.info(`@${event.login} asked: ${COMMAND_PREFIX} ${command.name} on ${environment}${command.name === 'deploy' ? ` (${pr.headRef} at ${head.headSha.slice(0, 12)})` : ''}.`);
        if (settings.phase === 'check') {
            return { ...outcome, decision: JSON.stringify({ v: 1, comment: event.id, login: event.login, command: command.name, environment, sha: head.headSha, config: configText }) };
        }
        const done = await dispatch(asPr, { ...settings, environment, configText }, command, event);
        await answer.reply(`✅ \`${COMMAND_PREFIX} ${command.name}\` on **${environment}** by @${event.login}: ${done.text}`);
        await answer.react('rocket');
        return { ...outcome, reply: answer.last, result: done.result };
    }
    catch (e) {
        const err = (0,errors/* toGlidepathError */.cL)(e);
        // A refusal is the commenter's (not understood, no access, a fork); a decision that does not hold is the workflow's, and fails the step.
        const refused = err.code.startsWith('GP-COMMAND-') && err.code !== 'GP-COMMAND-004';
        await answer.reply(`${refused ? '🚫' : '❌'} ${(0,markdown/* codeSpan */.SS)(line.slice(0, 120))} by @${event.login}: **${err.code}** ${(0,markdown/* escapeMarkdown */.FV)(err.message)}${err.fix ? `\n\n${err.fix.includes('\n') ? (0,markdown/* codeBlock */.DV)(err.fix) : (0,markdown/* escapeMarkdown */.FV)(err.fix)}` : ''}`);
        await answer.react(refused ? '-1' : 'confused');
        if (refused) {
            runtime.warning(`${err.code}: ${err.message}`, { title: 'Glidepath command refused' });
            return { command, allowed: false, refusal: err, reply: answer.last };
        }
        throw err;
    }
}
/** Reactions and replies; in the check phase only refusals are answered (the run phase answers the rest). */
class Answer {
    runtime;
    client;
    event;
    phase;
    last;
    constructor(runtime, client, event, phase) {
        this.runtime = runtime;
        this.client = client;
        this.event = event;
        this.phase = phase;
    }
    async react(content) {
        if (this.phase === 'check' && content === 'rocket')
            return;
        try {
            await this.client.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { comment_id: this.event.id, content });
        }
        catch (e) {
            this.runtime.warning(`Could not react to the comment: ${(0,errors/* toGlidepathError */.cL)(e).headline()}`);
        }
    }
    async reply(text) {
        const run = (0,context/* runUrl */.Vp)(this.runtime.context);
        const body = `${text}${run ? `\n\n[Run](${run})` : ''}`;
        this.last = body;
        await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.event.issue, body });
    }
}
/** Write access, asked of the API: the author association in the payload says nothing about a team's grant. */
async function authorise(client, login) {
    if (!login || login.endsWith('[bot]')) {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-002', `${login || 'An unknown user'} is a bot: bots never run ${COMMAND_PREFIX} commands.`, { fix: 'A person with write access comments the command.' });
    }
    let data;
    try {
        ;
        ({ data } = await client.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: login }));
    }
    catch (e) {
        // 404: GitHub knows no such collaborator (a deleted account, an outside user): no access, a refusal like any other.
        if ((0,errors/* toGlidepathError */.cL)(e).code !== 'GP-GITHUB-003')
            throw e;
        data = { permission: 'none' };
    }
    const permission = data.role_name ?? data.permission ?? 'none';
    if (!WRITERS.has(permission) && !WRITERS.has(data.permission ?? '')) {
        throw new errors/* GlidepathError */.HT('GP-COMMAND-002', `@${login} has ${permission} access to this repository; ${COMMAND_PREFIX} commands need write access.`, {
            fix: 'Ask someone with write access to comment the command, or ask a maintainer for write access.',
        });
    }
}
async function pullRequest(client, number) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number });
    const head = data.head.repo?.full_name;
    const base = data.base.repo?.full_name;
    return { headRef: data.head.ref, headSha: data.head.sha, baseRef: data.base.ref, state: data.state, title: data.title ?? '', fromFork: !head || !base || head !== base };
}
/** The run as if the pull request's own event had started it, by the commenter: the branch table, the head SHA, the records' actor. */
function asPullRequestRun(runtime, event, pr) {
    const context = {
        ...runtime.context,
        eventName: 'pull_request',
        // A writer's comment, not a push: previews.on tells the two apart (command).
        action: 'command',
        ref: `refs/heads/${pr.headRef}`,
        sha: pr.headSha,
        branch: pr.headRef,
        tag: undefined,
        actor: event.login,
        pr: { number: event.issue, title: pr.title, headRef: pr.headRef, headSha: pr.headSha, baseRef: pr.baseRef, state: pr.state, merged: false, fromFork: pr.fromFork },
    };
    return (0,runtime_runtime/* withContext */.eQ)(runtime, context);
}
function defaultEnvironment(runtime, config, ctx, command) {
    const resolution = (0,resolve/* resolveEnvironment */.g9)(config, ctx);
    if (resolution.kind === 'resolved') {
        runtime.info(`Environment ${resolution.environment.key}: ${resolution.environment.reason}.`);
        return resolution.environment.key;
    }
    throw notUnderstood(`Name the environment: ${resolution.reason} (environments: ${Object.keys(config.environments).join(', ')}), for example ${COMMAND_PREFIX} ${command.name}${command.name === 'deploy' ? ' to' : ''} ${Object.keys(config.environments)[0] ?? '<environment>'}.`);
}
async function dispatch(runtime, settings, command, event) {
    // Named (by the comment or the input), or resolved again by the pull request's branch: the log says which.
    const common = { config: settings.config, configText: settings.configText, environment: settings.environment, lockTimeout: settings.lockTimeout, token: settings.token, state: settings.state };
    const why = (reason, fallback) => `${reason ?? fallback} (${COMMAND_PREFIX} ${command.name} by @${event.login})`;
    switch (command.name) {
        case 'deploy': {
            const outcome = await (0,entries/* deploy */.gg)(runtime, { ...common, version: settings.version, image: settings.image, timeout: settings.timeout, dryRun: false, overrideWindow: command.override });
            const r = outcome.record;
            if (!r)
                return { text: 'nothing to deploy.' };
            return { text: r.phase === 'canary' ? `canary ${r.version} started at ${r.weights.canary}% of traffic; \`${COMMAND_PREFIX} promote\` or \`${COMMAND_PREFIX} abort\` decides it, or the next canary step.` : `${r.version} is live${outcome.environmentUrl ? ` at ${outcome.environmentUrl}` : ''}.`, result: r.version };
        }
        case 'promote':
        case 'abort': {
            const outcome = await (0,entries/* canaryStep */.p3)(runtime, { ...common, step: command.name, reason: command.name === 'abort' ? why(command.reason, 'aborted') : undefined, timeout: settings.timeout });
            return { text: `${outcome.decision}: ${(0,markdown/* escapeMarkdown */.FV)(outcome.reason)}`, result: outcome.decision };
        }
        case 'rollback': {
            const outcome = await (0,entries/* rollback */.dU)(runtime, { ...common, to: command.version, reason: why(command.reason, 'rolled back'), timeout: settings.timeout });
            return { text: outcome.rolledBack ? `rolled back from ${outcome.from ?? 'nothing'} to ${outcome.to}.` : `${outcome.to ?? 'nothing'} already serves; nothing changed.`, result: outcome.to };
        }
        case 'status':
            return { text: await command_status(runtime, common) };
        case 'lock':
        case 'unlock':
            return { text: await holdOrRelease(runtime, common, command, event.login, settings.timeout) };
        case 'help':
            return { text: USAGE.join('; ') };
    }
}
async function openNamed(runtime, settings) {
    const targeting = await (0,flows_target/* openTarget */.Ap)(runtime, settings);
    if (targeting.kind === 'none')
        throw notUnderstood(`No environment: ${targeting.reason}.`);
    return targeting.target;
}
async function command_status(runtime, settings) {
    const target = await openNamed(runtime, settings);
    await (0,flows_target/* hydrateState */.vt)(runtime, target);
    const s = target.store.read();
    const last = s.records.at(-1);
    const lines = [
        `stable **${s.stable?.version ?? 'none'}**`,
        s.canary ? `canary **${s.canary.version}** at ${s.canary.weight}% (step ${s.canary.step})${s.canary.holding?.until ? `, waiting for a decision until ${s.canary.holding.until}` : ''}` : 'no canary',
        ...(s.standby ? [`standby ${s.standby.version}`] : []),
        ...(s.hold ? [`held by @${s.hold.by} since ${s.hold.since}${s.hold.reason ? ` (${(0,markdown/* escapeMarkdown */.FV)(s.hold.reason)})` : ''}`] : []),
        ...(last ? [`last: ${last.kind} of ${(0,markdown/* escapeMarkdown */.FV)(last.version)} ${last.status}${last.actor ? ` by @${last.actor}` : ''}${last.reason ? `, ${(0,markdown/* escapeMarkdown */.FV)(last.reason)}` : ''}`] : []),
    ];
    return lines.join('; ') + '.';
}
async function holdOrRelease(runtime, settings, command, login, timeout) {
    const target = await openNamed(runtime, settings);
    const name = target.environment.name;
    const lock = await (0,flows_target/* lockTarget */.Nd)(runtime, target, command.name, settings.lockTimeout, (0,duration/* parseDuration */.E9)(timeout || target.environment.config.timeout || '5m', 'timeout'));
    try {
        const state = target.store.read();
        if (command.name === 'unlock') {
            if (!state.hold)
                return `${name} was not held; nothing changed.`;
            target.store.write({ ...state, hold: null });
            return `${name} is no longer held (it was held by @${state.hold.by}${state.hold.reason ? `: ${(0,markdown/* escapeMarkdown */.FV)(state.hold.reason)}` : ''}).`;
        }
        if (state.hold && state.hold.by !== login) {
            throw new errors/* GlidepathError */.HT('GP-LOCK-002', `${name} is already held by @${state.hold.by} since ${state.hold.since}${state.hold.reason ? ` (${state.hold.reason})` : ''}.`, {
                fix: `Ask @${state.hold.by} to comment ${COMMAND_PREFIX} unlock ${name} first.`,
            });
        }
        target.store.write({ ...state, hold: { by: login, reason: command.reason ?? '', since: new Date().toISOString() } });
        return `${name} is held by @${login}${command.reason ? ` (${(0,markdown/* escapeMarkdown */.FV)(command.reason)})` : ''}: deploys and promotions by anyone else are refused until \`${COMMAND_PREFIX} unlock ${name}\`; rollbacks and aborts never are.`;
    }
    finally {
        await lock.release();
    }
}


/***/ })

};
