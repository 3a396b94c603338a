import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { PreviewFront, ownRouterUrl } from '../traffic/local/front.js'
import type { Runtime } from '../runtime/runtime.js'
import type { Target } from './target-types.js'

// previews.host in the flows: a deployed preview joins its environment's front router under its host
// name; its teardown takes it out (traffic/local/front.ts). Only where Glidepath's router serves the
// preview on this machine (the config check refuses previews.host elsewhere).

type FrontTarget = Pick<Target, 'environment' | 'stateDir' | 'store'>

function frontOf(target: FrontTarget): PreviewFront | undefined {
  const host = target.environment.config.previews?.host
  return host ? new PreviewFront(target.stateDir, target.environment.key, host) : undefined
}

/** After a preview's deploy: it answers at its host name through the front; says where. */
export async function joinFront(runtime: Runtime, target: FrontTarget): Promise<string | undefined> {
  const front = frontOf(target)
  const own = front && ownRouterUrl(target.store.dir)
  if (!front || !own) return undefined
  const { environment } = target
  const host = render(environment.config.previews?.host?.name as string, templateContext(runtime.context, environmentFields(environment)), `environments.${environment.key}.previews.host.name`).toLowerCase()
  await front.join({ name: environment.name, host, url: own }, (m) => runtime.info(m))
  runtime.info(`${environment.name} answers at ${host} through the preview front ${front.url} (also with the header x-glidepath-preview-name: ${environment.name}, or under ${front.url}/${environment.name}/).`)
  return host
}

/** With a preview's teardown: out of the front (which stops when the last preview leaves). */
export async function leaveFront(runtime: Runtime, target: FrontTarget): Promise<void> {
  const front = frontOf(target)
  if (front && (await front.leave(target.environment.name, (m) => runtime.info(m)))) runtime.info(`${target.environment.name} left the preview front ${front.url}.`)
}
