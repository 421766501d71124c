// scaffoldStudy(): the files a study starts with, the dependency spec, and refusing to overwrite.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { infratwinSpec, INFRATWIN_ROOT, scaffoldStudy } from "../../lib/study";
import { parseScenario } from "../../lib/scenarios";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("scaffoldStudy()", () => {
  it("writes package.json with infratwin, tslab and danfo's overrides, a starter notebook, a valid scenario and .gitignore", () => {
    dir = mkdtempSync(join(tmpdir(), "infratwin-scaffold-"));
    const result = scaffoldStudy(join(dir, "My Study"), { from: "git+https://example.org/infratwin.git" });
    expect(result.files.sort()).toEqual([".gitignore", "README.md", "notebooks/01-first-study.ipynb", "package.json", "scenarios/payday.json"]);
    const pkg = JSON.parse(readFileSync(join(result.dir, "package.json"), "utf8"));
    expect(pkg.name).toBe("my-study");
    expect(pkg.dependencies).toEqual({ infratwin: "git+https://example.org/infratwin.git", tslab: "1.0.22" });
    expect(pkg.overrides).toEqual(JSON.parse(readFileSync(join(INFRATWIN_ROOT, "package.json"), "utf8")).overrides);
    const nb = JSON.parse(readFileSync(join(result.dir, "notebooks", "01-first-study.ipynb"), "utf8"));
    expect(nb.metadata.kernelspec.name).toBe("tslab");
    expect(nb.cells.some((c: { source: string }) => c.source.includes('from "infratwin"'))).toBe(true);
    expect(() => parseScenario(JSON.parse(readFileSync(join(result.dir, "scenarios", "payday.json"), "utf8")), "test")).not.toThrow();
    expect(readFileSync(join(result.dir, ".gitignore"), "utf8")).toContain("node_modules/");
  });

  it("refuses a folder with files unless forced, and then adds only what is missing", () => {
    dir = mkdtempSync(join(tmpdir(), "infratwin-scaffold-"));
    writeFileSync(join(dir, "package.json"), "{}");
    expect(() => scaffoldStudy(dir!)).toThrow(/is not empty; choose a new folder or pass force: true/);
    const result = scaffoldStudy(dir, { force: true });
    expect(result.files).not.toContain("package.json");
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe("{}");
  });

  it("turns folders and tarballs into absolute file: specs and names a missing one", () => {
    expect(infratwinSpec(undefined)).toBe(`file:${INFRATWIN_ROOT}`);
    expect(infratwinSpec("^0.1.0")).toBe("^0.1.0");
    expect(() => infratwinSpec("./no-such.tgz", "/tmp")).toThrow('scaffoldStudy: expected options.from to be a folder, a .tgz from npm pack, a git URL or a version but found "./no-such.tgz".');
  });
});
