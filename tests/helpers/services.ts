/**
 * Real services for the multi-replica paths. Tests read REDIS_URL and POSTGRES_URL; `.ci/run`
 * sets both. Without them those tests are skipped, and the run says so.
 */
export const REDIS_URL = process.env.REDIS_URL;
export const POSTGRES_URL = process.env.POSTGRES_URL;

export function skipNotice(name: string, variable: string): void {
  if (!process.env[variable]) {
    console.warn(
      `[kampvuur tests] ${variable} is not set: the ${name} tests are skipped. Set it (see README) to run them.`,
    );
  }
}

/** A namespace no other test run uses, so runs against one server do not see each other. */
export const uniqueProgrammeId = (prefix: string) =>
  `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * The stores the multi-replica tests run on: a fresh SQLite file always, Redis and PostgreSQL
 * when their URL is set (skipped otherwise, with the notice above). `dirs` collects the
 * temporary folders for the caller's clean-up.
 */
export function storeBackends(
  dirs: { dir: string; cleanup: () => void }[],
  makeDir: () => { dir: string; cleanup: () => void },
) {
  return [
    {
      name: "SQLite",
      skip: false,
      url: () => {
        const d = makeDir();
        dirs.push(d);
        return `sqlite://${d.dir}/kampvuur.sqlite`;
      },
    },
    { name: "Redis", skip: !REDIS_URL, url: () => REDIS_URL as string },
    { name: "PostgreSQL", skip: !POSTGRES_URL, url: () => POSTGRES_URL as string },
  ];
}
