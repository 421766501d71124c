// Finds Jupyter on this machine and registers the tslab kernel against the project's own tslab binary.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

/** The Debian packages that provide what notebook execution needs. */
export const JUPYTER_APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel", "jupyter-notebook"];
export const JUPYTER_INSTALL_HINT = `apt-get update && apt-get install -y ${JUPYTER_APT_PACKAGES.join(" ")}`;

/** The package root (the folder with package.json), from lib/cli or dist/cli. */
export const PACKAGE_ROOT = resolve(__dirname, "..", "..");

/** Where infratwin registers its kernel, so the user's own Jupyter set-up is left alone. */
export const KERNEL_PREFIX = join(PACKAGE_ROOT, ".cache", "jupyter");
export const KERNEL_DATA_DIR = join(KERNEL_PREFIX, "share", "jupyter");

/** A Python interpreter that can import nbclient, or undefined: $INFRATWIN_PYTHON, then Debian's, then the PATH's. */
export function findJupyterPython(): string | undefined {
  const candidates = [process.env.INFRATWIN_PYTHON, "/usr/bin/python3", "python3"].filter((c): c is string => !!c);
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import nbclient, nbformat, jupyter_client"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/** Registers the `tslab` and `jslab` kernels under KERNEL_PREFIX, pointing at node_modules/.bin/tslab. */
export function registerKernel(python: string): void {
  const binary = join(PACKAGE_ROOT, "node_modules", ".bin", "tslab");
  if (!existsSync(binary)) throw new Error(`registerKernel: tslab binary not found at ${binary}; run npm ci first.`);
  mkdirSync(KERNEL_PREFIX, { recursive: true });
  const result = spawnSync(binary, ["install", `--python=${python}`, `--binary=${binary}`, `--prefix=${KERNEL_PREFIX}`], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`registerKernel: "tslab install" failed: ${(result.stderr || result.stdout).trim()}`);
}

/** The environment a Jupyter process needs to see the project's kernel. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const path = base.JUPYTER_PATH ? `${KERNEL_DATA_DIR}:${base.JUPYTER_PATH}` : KERNEL_DATA_DIR;
  return { ...base, JUPYTER_PATH: path };
}
