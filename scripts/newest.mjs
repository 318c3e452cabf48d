// The newest modification time under a file or folder: how the prestart builds (web-build.mjs,
// cli-build.mjs) tell whether their output is older than its sources.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The newest modification time (ms) of `target` and everything under it, 0 when it does not exist.
 * `skip` names entries never descended into; `include` decides which files count (all by default).
 */
export function newest(target, { skip = new Set(), include = () => true } = {}) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return include(target) ? stat.mtimeMs : 0;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (skip.has(entry)) continue;
    latest = Math.max(latest, newest(path.join(target, entry), { skip, include }));
  }
  return latest;
}
