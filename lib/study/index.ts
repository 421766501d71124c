// Public API of lib/study (re-exports only).
export { scaffoldStudy, infratwinSpec, INFRATWIN_ROOT, type ScaffoldOptions, type ScaffoldResult } from "./scaffold";
export { starterNotebook, starterScenario } from "./starter";
