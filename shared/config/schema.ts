import type { JsonSchema } from './schema-validate.js'
import { DURATION_PATTERN } from '../time/duration.js'
import { ROUTER_NAMES } from './routers.js'

// The configuration schema. The code validates against this object; `npm run build` writes the same
// object to schema/glidepath.schema.json for editors (yaml-language-server), and a test keeps them equal.

const duration: JsonSchema = {
  anyOf: [
    { type: 'string', pattern: DURATION_PATTERN },
    { type: 'number', minimum: 0 },
  ],
  'x-expected': 'a duration such as 500ms, 30s, 10m or 1h30m',
}
const str: JsonSchema = { type: 'string', minLength: 1 }
const strList: JsonSchema = { type: 'array', items: str }
const weight: JsonSchema = { type: 'integer', minimum: 0, maximum: 100 }
// Cohort names and values go into router configs (nginx maps, Ingress annotations): plain tokens only.
const HEADER_NAME = '^[A-Za-z0-9][A-Za-z0-9-]*$'
const COOKIE_NAME = '^[A-Za-z0-9_][A-Za-z0-9_-]*$'
const COHORT_VALUE = '^[A-Za-z0-9._~:/@+=!*-]+$'
const cohortRule = (nameExpected: string, pattern: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'value'],
  properties: {
    name: { type: 'string', pattern, 'x-expected': nameExpected },
    value: { type: 'string', pattern: COHORT_VALUE, 'x-expected': 'a value of letters, digits and . _ ~ : / @ + = ! * - (no spaces, quotes or ;)' },
  },
})
const ssh: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Run the provider on this host over SSH, from the runner (OpenSSH client, one multiplexed connection per host): the command provider\'s commands, or the compose provider\'s Docker engine, and the nginx router.',
  properties: {
    host: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9.:-]*$', 'x-expected': 'a host name or address', description: 'The host name or address.' },
    user: { type: 'string', pattern: '^[a-z_][a-z0-9_.-]*$', 'x-expected': 'a user name', description: 'The account (default root).' },
    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The SSH port (default 22).' },
    key: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-expected': 'an environment variable name', description: 'The variable holding the private key (default GLIDEPATH_SSH_KEY): pass it from a secret on the step.' },
    knownHosts: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-expected': 'an environment variable name', description: 'The variable holding the hosts\' known_hosts lines (default GLIDEPATH_SSH_KNOWN_HOSTS).' },
    hostKeys: { enum: ['strict', 'accept-new'], description: 'strict (default): only the keys given are trusted; accept-new: a host\'s key is trusted the first time, recorded in the state directory, and a changed one refused.' },
    dir: { ...str, description: 'The directory commands run in on the host (default the user\'s home).' },
  },
}
const HHMM: JsonSchema = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', 'x-expected': 'a time of day HH:MM (24h)' }
const freezeBound: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?$', 'x-expected': 'a date (2026-12-21), a local time (2026-12-21T18:00) or an instant (2026-12-21T18:00:00Z)' }
const windows: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'When new versions may go out. A deploy (or a canary step forward) outside every allow window, or in a freeze, is refused before anything changes (GP-WINDOW-001) with the next opening; rollbacks and aborts are never blocked.',
  properties: {
    timezone: { ...str, description: 'IANA time zone the windows and freeze dates are read in (default UTC), with its daylight saving.' },
    allow: {
      type: 'array',
      minItems: 1,
      description: 'Deploys only inside one of these (default: any time). A window whose to is before its from runs past midnight.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to'],
        properties: {
          days: { type: 'array', minItems: 1, items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }, description: 'The days it starts on (default every day).' },
          from: HHMM,
          to: HHMM,
        },
      },
    },
    freezes: {
      type: 'array',
      description: 'Periods with no deploys at all (from inclusive, to exclusive).',
      items: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: freezeBound, to: freezeBound, reason: str } },
    },
    override: { type: 'boolean', description: 'Whether a deploy may go out anyway with the override-window input (a reason), recorded and reported (default false).' },
  },
}
const envName = '^[A-Za-z0-9][A-Za-z0-9._{}-]*$'

const metric: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'source'],
  properties: {
    name: str,
    source: { enum: ['local', 'probe', 'prometheus', 'http'] },
    metric: { enum: ['error-rate', 'request-count', 'latency-p50', 'latency-p95', 'latency-p99', 'success-rate'] },
    query: { ...str, description: 'PromQL for source prometheus; {{canary.version}} and friends are escaped for PromQL.' },
    volumeQuery: { ...str, description: 'PromQL giving the request count behind the value (prometheus): below minRequests the result is inconclusive.' },
    headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra request headers (http and probe sources).' },
    url: { ...str, description: 'http: the JSON endpoint; probe: the canary URL; prometheus: the server address (overrides analysis.prometheus).' },
    path: { ...str, description: 'A JSON path ($.a.b) into the http source answer.' },
    min: { anyOf: [{ type: 'number' }, { type: 'string', pattern: DURATION_PATTERN }], 'x-expected': 'a number or a duration' },
    max: { anyOf: [{ type: 'number' }, { type: 'string', pattern: DURATION_PATTERN }], 'x-expected': 'a number or a duration' },
    failureLimit: { type: 'integer', minimum: 0 },
    inconclusiveLimit: { type: 'integer', minimum: 0 },
    errorLimit: { type: 'integer', minimum: 0 },
    minRequests: { type: 'integer', minimum: 0 },
    dryRun: { type: 'boolean' },
    requests: { type: 'integer', minimum: 1, maximum: 1000, description: 'probe: requests per interval' },
    compare: { enum: ['stable', 'previous'], description: 'Judge against a baseline over the same interval: the stable version (canary analysis) or the version that served before (verify).' },
    maxIncrease: { anyOf: [{ type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$' }, { type: 'number', minimum: 0 }], 'x-expected': 'a relative allowance such as 0%, 20% or 0.2', description: 'Allowance over the baseline, relative.' },
    maxDifference: { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: DURATION_PATTERN }], 'x-expected': 'an absolute allowance: a number, or a duration for latencies', description: 'Allowance over the baseline, absolute (fixed tests).' },
    test: { enum: ['sequential', 'fixed'], description: 'sequential: anytime-valid, stops as soon as the evidence is in; fixed: each interval against the baseline plus the allowance.' },
    alpha: { type: 'number', exclusiveMinimum: 0, maximum: 0.5, 'x-expected': 'a probability in (0, 0.5], e.g. 0.01', description: 'Bound on aborting a canary as good as its baseline, however often it is looked at (sequential).' },
    consecutiveFailures: { type: 'integer', minimum: 1, description: 'Fixed tests: fail after this many failing intervals in a row.' },
    detectIncrease: { anyOf: [{ type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$' }, { type: 'number', exclusiveMinimum: 0 }], 'x-expected': 'a relative increase such as 100% (twice the allowed rate)', description: 'Sequential tests: a step passes only with the evidence to detect this increase (default 100%).' },
    minEffect: { anyOf: [{ type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$' }, { type: 'string', pattern: DURATION_PATTERN }, { type: 'number', exclusiveMinimum: 0 }], 'x-expected': 'the smallest regression worth catching: a share such as 1% for error rates, a duration such as 25ms for latencies', description: 'Sequential tests: the smallest regression worth catching in absolute terms (default 5% of requests for error rates, 10ms for latencies). A material regression is the larger of this and detectIncrease over the allowance; promotion needs the evidence to catch it, and a canary whose always-valid bound excludes it passes at once.' },
    power: { type: 'number', minimum: 0.5, maximum: 0.99, 'x-expected': 'a probability in [0.5, 0.99], e.g. 0.9', description: 'Sequential tests against stable: the chance a material regression would have been caught before promotion (default 0.8). Higher asks more evidence of a healthy canary; 0.9 catches a regression of exactly the material size in about nine canaries out of ten.' },
    baselineQuery: { ...str, description: 'prometheus: the PromQL for the baseline (default: query with {{version}} set to the baseline version).' },
    baselineUrl: { ...str, description: 'http: the baseline\'s JSON endpoint (compare).' },
  },
}

const verify: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['window', 'metrics'],
  description: 'Watch a version after it goes live (rolling and blue-green deploys, and after a promotion); a failure rolls back when rollback.automatic is set.',
  properties: {
    window: duration,
    interval: duration,
    minRequests: { type: 'integer', minimum: 0 },
    onNoData: { enum: ['hold', 'fail', 'pass'] },
    metrics: { type: 'array', minItems: 1, items: metric },
    prometheus: { type: 'object', additionalProperties: false, required: ['address'], properties: { address: { ...str, pattern: '^https?://' } } },
  },
}

const analysis: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    interval: duration,
    warmup: { ...duration, description: 'The longest a new release\'s warm-up lasts (e.g. 30s): its latency metrics are measured and reported but not judged until its latency settles (at the stable version\'s, or two intervals in a row within 20%), so a cold release is not aborted as a slow one; errors still abort at once, and warm-up samples never enter a latency test. Default: off.' },
    minRequests: { type: 'integer', minimum: 0 },
    priors: { type: 'boolean', description: 'Start each canary\'s judge from what earlier canaries measured of the stable version, kept in the environment\'s record (default true): the error test bets on the regression its error rate makes material, and the latency test\'s thresholds start from its histogram. Both are fixed before the canary\'s data, so false aborts stay under alpha whatever the history says; a stale history costs samples, never a false abort.' },
    onNoData: { enum: ['hold', 'fail', 'pass'] },
    failureLimit: { type: 'integer', minimum: 0 },
    inconclusiveLimit: { type: 'integer', minimum: 0 },
    errorLimit: { type: 'integer', minimum: 0 },
    metrics: { type: 'array', items: metric },
    prometheus: {
      type: 'object',
      additionalProperties: false,
      required: ['address'],
      properties: { address: { ...str, pattern: '^https?://', 'x-expected': 'the Prometheus base URL, e.g. http://prometheus:9090' } },
    },
    synthetic: {
      type: 'object',
      additionalProperties: false,
      description: 'Evidence on demand: when real traffic is short, each canary step sends its own safe requests to the canary and the stable version in equal measure, through the router\'s pin (so the router counts them and no user sees a difference): the least that brings the judge the power it asks for by the step\'s end, at most rate requests/s per version and max per step. They carry x-glidepath-synthetic: 1.',
      properties: {
        rate: { type: 'number', exclusiveMinimum: 0, maximum: 100, description: 'At most this many requests per second to each version, the canary\'s real requests counted (default 2); sent at this rate before the judge has said what it lacks.' },
        max: { type: 'integer', minimum: 2, maximum: 100000, description: 'At most this many synthetic requests per step, both versions together (default 600).' },
        requests: {
          type: 'array',
          minItems: 1,
          description: 'What to send, in turn (default GET /): safe requests only.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: { type: 'string', pattern: '^/[^\\s]*$', 'x-expected': 'a path on the site, e.g. /products?page=1' },
              method: { enum: ['GET', 'HEAD'], description: 'GET (default) or HEAD: a synthetic request never changes anything.' },
              headers: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
  },
}

const environment: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    branches: { ...strList, description: 'Branch globs (release/*, hotfix/**) that deploy here.' },
    tags: { ...strList, description: 'Tag globs (v*) that deploy here.' },
    pullRequests: { type: 'boolean', description: 'Pull requests whose head branch matches deploy here (previews).' },
    name: { ...str, description: 'Deployment environment name; may use {{pr.number}}, {{branch}}...' },
    url: { ...str, description: 'Environment URL; may use {{pr.number}}, {{branch}}, {{version}}...' },
    provider: { enum: ['local', 'command', 'kubernetes', 'helm', 'compose'] },
    strategy: { enum: ['rolling', 'canary', 'blue-green'] },
    timeout: duration,
    production: { type: 'boolean' },
    transient: { type: 'boolean' },
    local: {
      type: 'object',
      additionalProperties: false,
      required: ['app', 'start'],
      properties: {
        app: { ...str, description: 'Directory copied into each release; may use {{version}}.' },
        start: { ...str, description: 'Command run in the release with PORT and GLIDEPATH_VERSION set.' },
        health: { ...str, pattern: '^/', 'x-expected': 'a path starting with /' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        listen: { ...str, description: 'The address the local router listens on (default 127.0.0.1; 0.0.0.0 for every interface, as on a host reached over SSH).' },
        stateDir: str,
        minReady: { ...duration, description: 'How long the health path must keep answering 2xx before the release takes traffic (default 500ms): a release that crashes right after start never does.' },
      },
    },
    command: {
      type: 'object',
      additionalProperties: false,
      properties: {
        deploy: str,
        'set-weight': str,
        rollback: str,
        status: str,
        teardown: str,
        stop: { ...str, description: 'Stops what runs at $GLIDEPATH_ADDRESS ($GLIDEPATH_ROLE canary) once it no longer takes traffic (after a promotion, an abort or a rollout through nginx).' },
      },
      required: ['deploy'],
    },
    kubernetes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        manifests: { anyOf: [str, strList], description: 'Files or directories inside the repository (a string may list several, split by newline, comma or semicolon). Without them, the live workload named by `workload` gets the image (set-image mode).' },
        namespace: { ...str, description: 'Namespace for objects that name none; templated (pr-{{pr.number}}). Objects with their own namespace keep it.' },
        workload: { ...str, pattern: '^([A-Za-z]+/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', 'x-expected': 'kind/name, e.g. deployment/web', description: 'The primary workload (canary and blue-green copy it as -canary / -green).' },
        container: { ...str, description: 'The container of the primary workload that gets the image.' },
        service: { ...str, description: 'The stable Service (default: named like the workload, or selecting its pods).' },
        serverSide: { type: 'boolean', description: 'kubectl apply --server-side.' },
        kubeconfig: { ...str, description: 'A kubeconfig inside the repository (default: KUBECONFIG).' },
        context: str,
        kubectl: { ...str, description: 'The kubectl binary (default: kubectl on PATH).' },
        failFast: { ...duration, description: 'Pods stuck in ImagePullBackOff, CrashLoopBackOff and the like fail the rollout after this long (default 20s).' },
        restoreOnFailure: { type: 'boolean', description: 'After a failed rolling deploy, re-apply the previous version\'s recorded spec (default true).' },
        rollbackTimeout: { ...duration, description: 'Time budget of a restore or rollback, separate from the deploy timeout.' },
        createNamespace: { type: 'boolean', description: 'Create kubernetes.namespace with the first deploy and delete it on teardown (previews).' },
        deleteNamespaces: { type: 'boolean', description: 'Teardown also deletes Namespace objects from the manifests.' },
      },
    },
    helm: {
      type: 'object',
      additionalProperties: false,
      required: ['release', 'chart'],
      properties: {
        release: { ...str, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'x-expected': 'a release name (lower case letters, digits and -)' },
        chart: { ...str, description: 'A chart directory in the repository, repo/chart, or oci://.' },
        namespace: str,
        chartVersion: str,
        values: { ...strList, description: 'Values files inside the repository.' },
        set: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }, description: 'Extra values by dotted path.' },
        imageValues: {
          type: 'object',
          additionalProperties: false,
          properties: { repository: str, tag: str, digest: str },
          description: 'Where the image goes in the values (default image.repository, image.tag, image.digest).',
        },
        createNamespace: { type: 'boolean' },
        rollbackTimeout: { ...duration, description: 'Time budget of a rollback, separate from the upgrade timeout.' },
        helm: { ...str, description: 'The helm binary (default: helm on PATH).' },
        kubectl: str,
        kubeconfig: str,
        context: str,
        historyMax: { type: 'integer', minimum: 0 },
      },
    },
    compose: {
      type: 'object',
      additionalProperties: false,
      required: ['service', 'targetPort'],
      properties: {
        file: { anyOf: [str, strList], description: 'Compose file(s) inside the repository (default compose.yaml); Glidepath never edits them.' },
        service: { ...str, pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$', 'x-expected': 'a compose service name', description: 'The service that takes traffic: it gets the image and the published port.' },
        services: { ...strList, description: 'Other services of the release that get the same image (workers).' },
        targetPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port the service listens on inside its container.' },
        image: { ...str, description: 'Image of a version, e.g. registry/app:{{version}} (default: the deploy\'s image input).' },
        port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The local router\'s port (default 8080); with traffic.router nginx, nginx is in front instead.' },
        health: { ...str, pattern: '^/', 'x-expected': 'a path starting with /', description: 'Must answer 2xx through the published port after the containers\' healthchecks pass.' },
        minReady: { ...duration, description: 'How long the health path must keep answering 2xx (default 500ms).' },
        project: { ...str, description: 'The compose project (templated, e.g. shop-pr-{{pr.number}}; default glidepath-<environment>).' },
        docker: { ...str, description: 'The docker binary (default docker on PATH; DOCKER_HOST picks the engine).' },
      },
    },
    traffic: {
      type: 'object',
      additionalProperties: false,
      required: ['router'],
      properties: {
        router: { enum: ROUTER_NAMES },
        nginx: {
          type: 'object',
          additionalProperties: false,
          required: ['upstream', 'file', 'stable', 'canary'],
          properties: { upstream: str, file: str, stable: str, canary: str, test: str, reload: str, settle: duration, mirrorPath: { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$', 'x-expected': 'a URI path such as /app/.glidepath-mirror', description: 'With canary.mirror: the internal URI mirrored requests take, under the prefix of the location that includes the location file (default /.glidepath-mirror/<upstream>).' }, location: { ...str, description: 'With canary.affinity or match: the file Glidepath writes for the app\'s location block to include in place of its proxy_pass (the route by cohort and the affinity cookie).' }, pidFile: { ...str, description: 'nginx\'s pid file (default /run/nginx.pid): when readable, each reload is confirmed (old workers told to stop, a new one running) rather than waited out for settle.' }, accessLog: { ...str, description: 'nginx\'s access log of the app, written in Glidepath\'s format (log_format glidepath \'$msec $upstream_addr $status $request_time\';): analysis metrics with source local then judge real requests by the upstream address that answered them, read over SSH when nginx is on a host.' } },
        },
        gatewayApi: { type: 'object', additionalProperties: false, required: ['route'], properties: { route: str, namespace: str } },
        ingress: str,
      },
    },
    canary: {
      type: 'object',
      additionalProperties: false,
      properties: {
        steps: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              weight,
              partition: { type: 'integer', minimum: 0, description: 'A StatefulSet\'s canary (router partition): ordinals at or above this run the new revision by this step, so partitions go down step by step; 0 updates every ordinal (promotion). Instead of weight; below the replica count.' },
              nodes: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[A-Za-z0-9./_-]+(!?=[A-Za-z0-9._-]*)?(,[A-Za-z0-9./_-]+(!?=[A-Za-z0-9._-]*)?)*$', 'x-expected': 'a node label selector such as topology.kubernetes.io/zone=eu-1a' }], description: 'A DaemonSet\'s canary (router nodes): the nodes running the new revision by the end of this step, a count (e.g. 2) or a node label selector (e.g. topology.kubernetes.io/zone=eu-1a), on top of the earlier steps\' nodes. Instead of weight; the last step passing updates every node.' },
              pause: duration, interval: { ...duration, description: 'This step\'s analysis interval (default analysis.interval): e.g. short at a small weight, longer once the canary carries half the traffic.' } },
          },
        },
        analysis,
        onHold: { enum: ['abort', 'fail', 'wait'], description: 'What a step does when it still lacks evidence after its pause and holdTimeout: abort the canary (default), fail the job leaving traffic split, or wait for a person (decision wait: the weight stays, promote or abort decides, every later run judges it again, and past maxWait the next run aborts it).' },
        maxWait: { ...duration, description: 'onHold wait: how long a canary waits for a person\'s decision before the next run (or a scheduled reap: deploy with reap true) aborts it (default 24h).' },
        holdTimeout: { ...duration, description: 'How long a step goes on measuring past its pause when the evidence is not in yet (default: the step\'s pause).' },
        abort: {
          type: 'object',
          additionalProperties: false,
          required: ['steps'],
          description: 'An abort moves the canary\'s share back to stable in steps rather than at once (a stable that scales or warms up takes the traffic gradually): the weights below the canary\'s, highest first, pause apart, then 0%. Stable is checked ready first.',
          properties: {
            steps: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 99 }, description: 'Weights the canary keeps on the way back, highest first (e.g. [50, 20]); those at or above its weight are skipped.' },
            pause: { ...duration, description: 'How long each step holds (default 30s).' },
          },
        },
        affinity: {
          type: 'object',
          additionalProperties: false,
          description: 'A client stays on the version it first met (a cookie) until promotion or abort; raising the weight moves new clients only. The weight is then the share of new clients, not of requests.',
          properties: {
            cookie: { type: 'string', pattern: COOKIE_NAME, 'x-expected': 'a cookie name (letters, digits, - and _)', description: 'The cookie that records the version (default gp-canary).' },
            maxAge: { ...duration, description: 'How long a client keeps its version (default 1h).' },
          },
        },
        match: {
          type: 'array',
          minItems: 1,
          description: 'Requests that always go to the canary (testers, A/B cohorts): any rule matching is enough. A step of weight 0 then sends testers only.',
          items: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { header: cohortRule('a header name (letters, digits and -)', HEADER_NAME), cookie: cohortRule('a cookie name (letters, digits, - and _)', COOKIE_NAME) },
          },
        },
        mirror: {
          type: 'object',
          additionalProperties: false,
          required: ['weight'],
          description: 'Copies of stable\'s requests sent to the canary, its answers discarded: the canary is judged on real traffic no user sees. Only requests without a body, of the methods listed.',
          properties: {
            weight: { type: 'integer', minimum: 1, maximum: 100, description: 'Percent of stable\'s requests copied.' },
            methods: { type: 'array', minItems: 1, items: { enum: ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] }, description: 'Methods copied (default GET and HEAD).' },
          },
        },
      },
    },
    smoke: {
      type: 'object',
      additionalProperties: false,
      properties: { checks: str, url: str },
    },
    verify,
    database: {
      type: 'object',
      additionalProperties: false,
      description: 'The database in the deploy lifecycle: a backup before anything changes, migrations before traffic, down on rollback, restore (opt-in), contract after promotion.',
      properties: {
        postgres: { type: 'object', additionalProperties: false, properties: { urlEnv: { ...str, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-expected': 'an environment variable name, e.g. DATABASE_URL', description: 'The variable holding postgres://user:password@host:port/database (from a secret; never logged).' } } },
        backup: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            keep: { type: 'integer', minimum: 1, description: 'Backups kept per environment (default 5).' },
            dir: { ...str, description: 'Where backups go (default: the environment\'s state directory); an absolute path on a self-hosted runner keeps them between jobs.' },
            command: { ...str, description: 'Instead of pg_dump: writes the backup to $GLIDEPATH_BACKUP.' },
          },
        },
        migrate: { ...str, description: 'Runs after the backup, before the new version takes traffic (dbmate, node-pg-migrate, Flyway, psql...).' },
        down: { ...str, description: 'Runs when a deploy that applied migrations is rolled back.' },
        version: { ...str, description: 'Prints the schema version (recorded with the app version).' },
        contract: { ...str, description: 'Runs after a promotion or a passed verify window (expand/contract).' },
        restore: { type: 'boolean', description: 'Restore the backup taken before a deploy when it is rolled back (discards the writes since; off by default).' },
      },
    },
    previews: {
      type: 'object',
      additionalProperties: false,
      description: 'Pull-request previews (an environment with pullRequests: true): when one opens, how long it lives, how many run, and a database of its own.',
      properties: {
        on: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^(opened|command|labeled:[^\\s]+)$', 'x-expected': 'opened, command or labeled:<label> (e.g. labeled:preview)' },
          description: 'What opens or updates a preview: opened (every push to the pull request, the default), labeled:<label> (only while the pull request carries that label), command (only a writer\'s /glidepath deploy comment).',
        },
        forks: { enum: ['never', 'command'], description: 'A fork\'s pull request: never gets a preview (the default), or gets one when a person with write access comments /glidepath deploy on it (its head commit, pinned when they asked). Its release, scripts and database steps then see none of the runner\'s variables but a safe few (PATH, HOME, locale, the GITHUB_* run facts) and those forkSecrets names.' },
        forkSecrets: { type: 'array', items: { ...str, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-expected': 'an environment variable name, e.g. STRIPE_TEST_KEY' }, description: 'With forks: command, the runner\'s variables a fork\'s preview may see (none by default). With a database, its urlEnv must be listed: the fork\'s migrations run with the server\'s role.' },
        ttl: { ...duration, description: 'The scheduled reap removes a preview this long after its last deploy (e.g. 3d); a push deploys it again.' },
        idle: { ...duration, description: 'The scheduled reap puts a preview to sleep after this long without a request (e.g. 30m): its releases stop, and the first request wakes it (the request waits a few seconds, then is answered), as do a push and a comment command. Local provider (behind previews.host or its own router).' },
        max: { type: 'integer', minimum: 1, description: 'At most this many previews of the environment run at once.' },
        onMax: { enum: ['stop-oldest', 'refuse', 'wait'], description: 'At max: stop the preview deployed longest ago (default), refuse the new one with GP-PREVIEW-001, or let the new one wait (up to maxWait) until a preview closes, is reaped or torn down.' },
        maxWait: { ...duration, description: 'With onMax: wait, how long a new preview waits for room before it is refused with GP-PREVIEW-001 (default 30m).' },
        private: { type: 'boolean', description: 'Previews answer only with their token: the link in the pull request\'s comment (a cookie), basic auth, or the x-glidepath-preview header that smoke-test and the judge send themselves. Default true where Glidepath\'s router is in front (local, compose); false makes them public.' },
        secretEnv: { ...str, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-expected': 'an environment variable name, e.g. GLIDEPATH_PREVIEW_SECRET', description: 'The variable holding the repository\'s preview secret, from which each preview\'s token is made (default GLIDEPATH_PREVIEW_SECRET; without it, a secret per preview is kept in its state directory).' },
        host: {
          type: 'object',
          additionalProperties: false,
          required: ['port', 'name'],
          description: 'One Glidepath router in front of every preview of the environment, on this port, each preview at its own host name (point a wildcard DNS record at the machine). Local provider, or compose without nginx.',
          properties: {
            port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The front\'s port, one for every preview (e.g. 8080 behind a TLS proxy, or 80).' },
            name: { ...str, description: 'Each preview\'s host name, with {{pr.number}} (e.g. pr-{{pr.number}}.preview.example.com).' },
            listen: { ...str, description: 'The address the front listens on (default 127.0.0.1; 0.0.0.0 for every interface).' },
          },
        },
        database: {
          type: 'object',
          additionalProperties: false,
          description: 'A PostgreSQL database per preview on the server of database.postgres: made when the preview opens, its URL given to the release in database.postgres.urlEnv, dropped on teardown and by the reap.',
          properties: {
            template: { ...str, pattern: '^[A-Za-z_][A-Za-z0-9_$-]*$', 'x-expected': 'a database name on the same server, e.g. shop_seed', description: 'Copied with CREATE DATABASE ... TEMPLATE (a dump and restore when the template is in use).' },
            seed: { ...str, description: 'A pg_dump -Fc file in the workspace restored into the new database.' },
            seedCommand: { ...str, description: 'Runs once the database exists, with its URL in database.postgres.urlEnv (psql -f seed.sql, a fixtures script...).' },
          },
        },
      },
    },
    rollback: {
      type: 'object',
      additionalProperties: false,
      properties: {
        automatic: { type: 'boolean' },
        window: { ...duration, description: 'After a rolling deploy or a canary promotion, the previous version keeps running, health-checked and routable, for this long (e.g. 1h): a rollback within it is one router switch, without a start or steps. Local, compose and hosts over SSH; default 0s (stopped at once).' },
      },
    },
    lock: {
      type: 'object',
      additionalProperties: false,
      properties: { timeout: duration },
    },
  },
}

/** The same mapping with nothing required (a target's settings merge over the environment's). */
function partial(schema: JsonSchema): JsonSchema {
  const { required: _required, ...rest } = schema
  if (!rest.properties) return rest
  return { ...rest, properties: Object.fromEntries(Object.entries(rest.properties).map(([k, v]) => [k, v.type === 'object' && v.properties ? partial(v) : v])) }
}

const envProps = environment.properties!
envProps.windows = windows
envProps.ssh = ssh
const target: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { ...str, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', 'x-expected': 'a name of letters, digits, ., _ and - (us-west-2)', description: 'The target\'s name; its deployment environment is <environment>/<name>.' },
    wave: { type: 'integer', minimum: 1, description: 'The wave it rolls out in (1, 2, ...); targets of one wave roll out together. Default: its own wave, in list order.' },
    url: envProps.url,
    provider: { ...envProps.provider, description: 'This target\'s own provider (a mixed fleet: a cluster in one region, hosts or a compose box in another), with its settings in its own section; default: the environment\'s.' },
    local: partial(envProps.local),
    command: partial(envProps.command),
    kubernetes: partial(envProps.kubernetes),
    helm: partial(envProps.helm),
    compose: partial(envProps.compose),
    ssh: partial(ssh),
    traffic: partial(envProps.traffic),
    verify: envProps.verify,
  },
}
envProps.schedules = { ...strList, description: 'Cron strings of schedule: events that deploy here (the workflow\'s on.schedule[].cron, e.g. "0 3 * * *"); a scheduled run goes to the environment that lists its cron.' }
envProps.targets = { type: 'array', minItems: 1, items: target, description: 'Regions, clusters or hosts rolled out in waves: each runs the environment\'s strategy with its own provider settings merged over the environment\'s.' }
envProps.waves = {
  type: 'object',
  additionalProperties: false,
  description: 'How targets roll out: a bake time between waves; a failure halts the rollout and rolls back the failed targets (rollback-all: every target it moved).',
  properties: {
    bake: { ...duration, description: 'Wait after a wave before the next starts (default 0s).' },
    onFailure: { enum: ['rollback-failed', 'rollback-all'], description: 'rollback-failed (default): the failed targets return to their previous version; rollback-all: the targets this rollout finished return too.' },
  },
}

export const CONFIG_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://glidepath.dev/schema/glidepath.schema.json',
  title: 'Glidepath configuration (.github/glidepath.yml)',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'environments'],
  properties: {
    version: { const: 1, description: 'Configuration format version.' },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        provider: environment.properties!.provider,
        strategy: environment.properties!.strategy,
        timeout: duration,
        stateDir: str,
      },
    },
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { type: 'string', pattern: envName },
      additionalProperties: { $ref: '#/$defs/environment' },
    },
  },
  $defs: { environment },
}
