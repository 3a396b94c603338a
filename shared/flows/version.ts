import { GlidepathError } from '../errors/index.js'
import type { EventContext } from '../runtime/context.js'

// A version names a release: it becomes a directory name, a label and an environment variable, so it
// is held to a safe alphabet.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/

export function checkVersion(version: string, input = 'version'): string {
  if (!VERSION.test(version) || version.includes('..')) {
    throw new GlidepathError('GP-INPUT-001', `${input} "${version.slice(0, 80)}" is not a valid version.`, {
      fix: 'Use letters, digits, dots, dashes, underscores and plus signs (at most 128), starting with a letter or digit, e.g. v1.4.2 or a commit SHA.',
    })
  }
  return version
}

/** The version of this run: the input, else the image's tag or digest, else the short commit SHA. */
export function chooseVersion(input: string | undefined, image: string | undefined, ctx: EventContext): string {
  if (input) return checkVersion(input)
  if (image) {
    const digest = image.match(/@sha256:([a-f0-9]{12})/)
    if (digest) return checkVersion(`sha256-${digest[1]}`, 'image digest')
    const tag = image.match(/:([A-Za-z0-9._-]+)$/)
    if (tag && !tag[1].includes('/')) return checkVersion(tag[1], 'image tag')
  }
  if (ctx.sha) return ctx.sha.slice(0, 12)
  throw new GlidepathError('GP-INPUT-001', 'No version to deploy: no `version` input, no image tag and no commit SHA.', {
    fix: 'Pass the `version` input (for example --version v1.2.0 on the CLI).',
  })
}
