// Makes `require("infratwin")` resolve from notebooks/ (and anywhere in the checkout)
// to this package, exactly as a user's notebook would see an installed copy.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const link = path.join(root, "node_modules", "infratwin");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  const stat = fs.lstatSync(link);
  if (stat.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === root) return;
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // no link yet
}
fs.symlinkSync("..", link, "dir");
