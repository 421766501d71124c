// `infratwin init DIR`: writes an analyst's study folder (package.json depending on infratwin, a starter notebook, a scenario, .gitignore).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { invalidArgument, UsageError } from "../errors";
import { starterNotebook, starterScenario } from "./starter";

/** Options of `scaffoldStudy`. */
export interface ScaffoldOptions {
  /**
   * Where npm gets infratwin: a folder (this repository), a `.tgz` from `npm pack`, a git URL, or a version
   * range; the folder of the running infratwin by default.
   */
  from?: string;
  /** The package name (the folder's name, made npm-safe, by default). */
  name?: string;
  /** Write into a folder that already has files (existing files are never overwritten). */
  force?: boolean;
}

/** What `scaffoldStudy` wrote. */
export interface ScaffoldResult {
  dir: string;
  files: string[];
  /** The dependency spec written for infratwin. */
  infratwin: string;
}

/** The folder of the running infratwin package (the one with its package.json). */
export const INFRATWIN_ROOT = resolve(__dirname, "..", "..");

interface OwnPackage {
  version: string;
  overrides?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function ownPackage(): OwnPackage {
  return JSON.parse(readFileSync(join(INFRATWIN_ROOT, "package.json"), "utf8")) as OwnPackage;
}

/** The npm dependency spec for `from`: folders and tarballs as absolute `file:` specs, URLs and ranges as given. */
export function infratwinSpec(from: string | undefined, base: string = process.cwd()): string {
  if (from === undefined) return `file:${INFRATWIN_ROOT}`;
  if (/^(git\+|git:|github:|https?:|file:)/.test(from) || /^[\^~<>=0-9*]/.test(from)) return from;
  const path = isAbsolute(from) ? from : resolve(base, from);
  if (!existsSync(path)) throw invalidArgument("scaffoldStudy", "options.from", "a folder, a .tgz from npm pack, a git URL or a version", from);
  return `file:${path}`;
}

/**
 * Writes a study folder: package.json (infratwin, tslab for notebooks, and the npm overrides danfo needs,
 * since npm applies overrides only at the root project), `notebooks/01-first-study.ipynb`,
 * `scenarios/payday.json`, `.gitignore`, `README.md`. Never overwrites a file.
 * `scaffoldStudy("my-study", { from: "./infratwin-0.1.0.tgz" })`
 */
export function scaffoldStudy(dir: string, options: ScaffoldOptions = {}): ScaffoldResult {
  const api = "scaffoldStudy";
  if (typeof dir !== "string" || dir.trim() === "") throw invalidArgument(api, "dir", "a folder path", dir);
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0 && !options.force) {
    throw new UsageError(`${api}: the folder ${JSON.stringify(root)} is not empty; choose a new folder or pass force: true (--force) to add the missing files only.`);
  }
  const own = ownPackage();
  const name = options.name ?? (basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "") || "infratwin-study");
  const spec = infratwinSpec(options.from);
  const pkg = {
    name,
    version: "0.1.0",
    private: true,
    description: "An infratwin study: notebooks, scenarios and reports about the estate.",
    scripts: {
      notebook: "infratwin notebook",
      run: "infratwin run scenarios/payday.json --out out/payday",
      dashboard: "infratwin dashboard scenarios/payday.json",
    },
    dependencies: {
      infratwin: spec,
      // Notebooks only: infratwin declares tslab as an optional peer.
      tslab: own.peerDependencies?.tslab ?? "1.0.22",
    },
    // danfojs-node installs only with these (npm reads overrides from the root project alone).
    overrides: own.overrides ?? {},
  };
  const files: Array<[string, string]> = [
    ["package.json", JSON.stringify(pkg, null, 2) + "\n"],
    [".gitignore", ["node_modules/", ".cache/", "out/", ".ipynb_checkpoints/", "*.log", ""].join("\n")],
    ["notebooks/01-first-study.ipynb", JSON.stringify(starterNotebook(), null, 1) + "\n"],
    ["scenarios/payday.json", JSON.stringify(starterScenario(), null, 2) + "\n"],
    ["README.md", studyReadme(name)],
  ];
  const written: string[] = [];
  for (const [path, text] of files) {
    const full = join(root, path);
    if (existsSync(full)) continue;
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, text);
    written.push(path);
  }
  return { dir: root, files: written, infratwin: spec };
}

function studyReadme(name: string): string {
  return `# ${name}

An infratwin study.

    npm install                      # infratwin, tslab and their dependencies
    npx infratwin notebook           # Jupyter on notebooks/ with the TypeScript kernel
    npx infratwin run scenarios/payday.json --out out/payday    # result, metrics and report.html
    npx infratwin dashboard scenarios/payday.json               # the live dashboard on a local port

Custom dashboard panels are saved in \`dashboard.json\` in this folder.
`;
}
