import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadChangelog } from '../../compiler/history/build-changelog.js';
import { renderChangelogMarkdown } from '../../compiler/history/render-changelog.js';
import { gitLocation } from '../../compiler/source/git-source.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';

const HELP = `Usage: canon changelog [options]

The history of metric definitions, from the git history of the catalog folder and canon.yaml.
Every commit is compiled and diffed against its parent; results are cached in .canon/cache/.

Options:
  --since <date>        Only changes on or after this date (YYYY-MM-DD or ISO timestamp)
  --until <date>        Only changes on or before this date (a bare date includes the whole day)
  --metric <name>       Only this metric (its history follows renames)
  --focus-area <name>   Only metrics in this focus area
  --owner <name>        Only metrics owned by this owner
  --format <f>          markdown (default) | json
  --project <path>      Project folder holding canon.yaml (default: current directory)
  --no-cache            Compile every version again, ignoring .canon/cache/
  -h, --help            Show this help`;

export interface ChangelogIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

export function run(args: readonly string[]): Promise<number> {
  return changelogCommand(args, {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  });
}

export async function changelogCommand(args: readonly string[], io: ChangelogIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        metric: { type: 'string' },
        'focus-area': { type: 'string' },
        owner: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        project: { type: 'string' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.stderr(`canon changelog: ${(error as Error).message}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(HELP + '\n');
    return EXIT_OK;
  }
  if (values.format !== 'markdown' && values.format !== 'json') {
    io.stderr(`canon changelog: --format must be markdown or json, not '${values.format}'\n`);
    return EXIT_USAGE;
  }
  for (const flag of ['since', 'until'] as const) {
    const value = values[flag];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      io.stderr(`canon changelog: --${flag} '${value}' is not a date (use YYYY-MM-DD)\n`);
      return EXIT_USAGE;
    }
  }
  const location = gitLocation(resolve(io.cwd, values.project ?? '.'));
  if (!location) {
    io.stderr('canon changelog: the project is not inside a git repository, so it has no history\n');
    return EXIT_ERRORS;
  }
  const changelog = await loadChangelog(location.repoDir, {
    projectPath: location.projectPath,
    ...(values.since ? { since: values.since } : {}),
    ...(values.until ? { until: values.until } : {}),
    ...(values.metric ? { metric: values.metric } : {}),
    ...(values['focus-area'] ? { focusArea: values['focus-area'] } : {}),
    ...(values.owner ? { owner: values.owner } : {}),
    ...(values['no-cache'] ? { cacheDir: false as const } : {}),
  });
  io.stdout(values.format === 'json' ? JSON.stringify(changelog.entries, null, 2) + '\n' : renderChangelogMarkdown(changelog));
  return EXIT_OK;
}
