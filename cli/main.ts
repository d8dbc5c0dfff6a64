/**
 * `canon` entry point. Thin by design: each subcommand lives in `cli/commands/<name>.ts`, exports
 * `run(args): Promise<number>` (the exit code) and is loaded lazily so `canon validate` never pays
 * for the server or the warehouse drivers.
 */
const COMMANDS: Readonly<Record<string, string>> = {
  validate: 'Check the catalog: schema, references, types, governance lint',
  query: 'Run a metric request on a warehouse and print the rows',
  sql: 'Print the SQL for a metric request in any dialect (no database needed)',
  serve: 'Serve the GraphQL API (and GraphiQL) over the catalog',
  sample: 'Generate the sample RevOps warehouse into a database',
  diff: 'Review what a change to metrics/ does (definitions, SQL, values)',
  changelog: 'The history of metric definitions from git',
};

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`);
  return `Usage: canon <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'canon <command> --help' for a command's options.`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (!(name in COMMANDS)) {
    process.stderr.write(`canon: unknown command '${name}'\n\n${usage()}\n`);
    return EXIT_USAGE;
  }
  // graphql-js skips its development-only instanceof checks in production mode: set it before the
  // server's modules load, unless the operator chose otherwise.
  if (name === 'serve' && process.env['NODE_ENV'] === undefined) process.env['NODE_ENV'] = 'production';
  const command = (await import(`./commands/${name}.js`)) as { run(args: readonly string[]): Promise<number> };
  return command.run(rest);
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]main\.[tj]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A broken invariant, not a user mistake: say what broke without a stack unless asked.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`canon: internal error: ${message}\n`);
      if (process.env['CANON_DEBUG']) console.error(error);
      process.exitCode = 70;
    },
  );
}
