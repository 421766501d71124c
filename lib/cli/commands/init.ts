// `infratwin init DIR`: scaffolds a study folder, installs it and registers its notebook kernel.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { scaffoldStudy } from "../../study";
import { EXIT, parseArgs, CliUsageError, type Command } from "../command";

export const command: Command = {
  name: "init",
  summary: "Create a study folder (package.json, starter notebook, scenario) and install it",
  help: [
    "Usage: infratwin init DIR [--from PATH|TGZ|GIT-URL] [--no-install] [--force] [--offline]",
    "",
    "Writes DIR/package.json (infratwin, tslab, the npm overrides danfo needs), notebooks/01-first-study.ipynb,",
    "scenarios/payday.json, .gitignore and README.md, then runs npm install there and registers the",
    "TypeScript kernel for DIR (DIR/.cache/jupyter).",
    "",
    "  --from X      where npm gets infratwin: this repository's folder (default), a tarball from npm pack,",
    "                a git URL (git+https://...), or a version range",
    "  --no-install  only write the files (run npm install and npx infratwin notebook --register-only later)",
    "  --offline     install from the local npm cache only (npm install --offline)",
    "  --force       add the missing files to a folder that is not empty",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseArgs("init", args, { values: ["from"], switches: ["no-install", "force", "offline"] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin init: give one folder, e.g. infratwin init my-study.");
    const result = scaffoldStudy(positionals[0], { from: typeof options.from === "string" ? options.from : undefined, force: options.force === true });
    console.log(`study folder ${result.dir}: wrote ${result.files.join(", ") || "nothing new"} (infratwin from ${result.infratwin})`);
    if (options["no-install"]) {
      console.log(`next: cd ${result.dir} && npm install && npx infratwin notebook`);
      return EXIT.ok;
    }
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const install = spawnSync(npm, ["install", "--no-audit", "--no-fund", options.offline ? "--offline" : "--prefer-offline"], { cwd: result.dir, stdio: "inherit" });
    if (install.status !== 0) {
      console.error(`infratwin init: npm install failed in ${result.dir} (exit ${install.status}); fix the error above and run npm install there.`);
      return EXIT.failed;
    }
    // Register with the study's own infratwin, so the kernel runs the installed copy.
    const cli = join(result.dir, "node_modules", "infratwin", "dist", "cli", "main.js");
    const register = spawnSync(process.execPath, [cli, "notebook", "--register-only"], { cwd: result.dir, stdio: "inherit" });
    if (register.status !== 0) return EXIT.failed;
    console.log(`ready: cd ${result.dir} && npx infratwin notebook`);
    return EXIT.ok;
  },
};
