import { createHash } from 'node:crypto'
import { lstatSync, readdirSync, readlinkSync, openSync, readSync, closeSync, chmodSync, existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A digest of a directory tree as a release needs it byte for byte: every entry's path, kind and mode, each
 * file's content, each symbolic link's target as written (a relative link stays relative), and empty folders.
 * `skip` leaves out entries by their path relative to the root.
 */
export function treeDigest(root: string, skip: (relative: string) => boolean = () => false): string {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(1 << 16)
  const walk = (rel: string) => {
    const names = readdirSync(join(root, rel)).sort()
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name
      if (skip(path)) continue
      const abs = join(root, path)
      const st = lstatSync(abs)
      const mode = (st.mode & 0o777).toString(8)
      if (st.isSymbolicLink()) hash.update(`L ${path} -> ${readlinkSync(abs)}\n`)
      else if (st.isDirectory()) {
        hash.update(`D ${path} ${mode}\n`)
        walk(path)
      } else if (st.isFile()) {
        hash.update(`F ${path} ${mode} ${st.size}\n`)
        const fd = openSync(abs, 'r')
        try {
          for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n))
        } finally {
          closeSync(fd)
        }
      } else hash.update(`O ${path}\n`)
    }
  }
  walk('')
  return hash.digest('hex')
}

/** Gives each folder copied from `src` to `dest` its source's mode (Node's cpSync creates folders with the default). */
export function copyFolderModes(src: string, dest: string, rel = ''): void {
  const from = join(src, rel)
  const to = join(dest, rel)
  if (!existsSync(to)) return
  const st = lstatSync(from)
  if (!st.isDirectory() || lstatSync(to).isSymbolicLink()) return
  for (const name of readdirSync(from)) if (lstatSync(join(from, name)).isDirectory()) copyFolderModes(src, dest, rel ? `${rel}/${name}` : name)
  if (rel) chmodSync(to, st.mode & 0o7777)
}
