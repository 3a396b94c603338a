import type { Site } from './routes.js'

// One Glidepath router in front of many previews (previews.host): a request goes to the preview whose
// host name it asks for (the Host header, port aside), or whose name it gives in the
// x-glidepath-preview-name header (tests and scripts without DNS), or under whose /<name>/ path it
// comes (the prefix is taken off on the way). Pure: the router asks with the request's parts.

export const SITE_HEADER = 'x-glidepath-preview-name'

export function siteFor(sites: Site[], host: string | undefined, named: string | undefined, path: string): { site: Site; path: string } | undefined {
  if (named) {
    const site = sites.find((s) => s.name === named.trim())
    if (site) return { site, path }
  }
  const bare = host?.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  const byHost = bare ? sites.find((s) => s.host === bare) : undefined
  if (byHost) return { site: byHost, path }
  const first = /^\/([^/?#]+)(\/[^]*|\?[^]*)?$/.exec(path)
  const byPath = first ? sites.find((s) => s.name === decodeURIComponent(first[1])) : undefined
  if (byPath && first) return { site: byPath, path: first[2]?.startsWith('/') ? first[2] : `/${first[2] ?? ''}` }
  return undefined
}
