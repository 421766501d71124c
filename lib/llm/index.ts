// Public API of lib/llm (re-exports only).
export * from "./types";
export { checkSchema, schemaProblems, portableSchema, type JsonSchema, type JsonType, type SchemaResult } from "./schema";
export { INCIDENT_INPUT_SCHEMA, STATE_INPUT_SCHEMA, WHAT_IF_CONTEXT_SCHEMA, checkIncidentInput, checkStateInput, checkWhatIfContext } from "./input-schemas";
export {
  MAX_ENUM_NODES,
  summaryReplySchema,
  diagnosisReplySchema,
  actionsReplySchema,
  whatIfsReplySchema,
  type SummaryReply,
  type DiagnosisReply,
  type ActionsReply,
  type FlatAction,
  type WhatIfsReply,
  type FlatFault,
} from "./reply-schemas";
export { WHAT_IF_SCHEMA, validateWhatIf, validateWhatIfs } from "./what-if-validate";
export { WHAT_IF_DEFAULTS, FAULT_BY_NODE_KIND, generateWhatIfCandidates } from "./what-if-generator";
export { extractJsonObject, type ExtractResult } from "./json-extract";
export { redactSecrets, redactedMessage } from "./redact";
export { ResponseCache, cacheKey, type CacheKeyInput, type CacheEntry, type ResponseCacheOptions } from "./cache";
export { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfter, classifyFailure, type RetryPolicy, type FailureClass, type DroppableParameter, type HeaderReader } from "./retry";
export { emptyUsageTotals, addUsageTotals } from "./usage";
export {
  StructuredChat,
  STRUCTURED_CHAT_DEFAULTS,
  type StructuredChatOptions,
  type StructuredRequest,
  type StructuredResult,
  type ChatMessage,
  type CacheMode,
} from "./structured-chat";
export { DEFAULT_MODEL, readLlmEnvironment, resolveProvider, type LlmEnvironment, type ProviderChoices, type ResolvedProvider, type SupervisorProvider } from "./config";
export { BOUNDED_FETCH_DEFAULTS, ReplyLimitError, boundedFetch, type BoundedFetchOptions } from "./bounded-fetch";
export { DIAGNOSIS_WEIGHTS, rankRootCauses, type RankOptions } from "./heuristic-diagnosis";
export { summarizeState } from "./heuristic-summary";
export { HeuristicSupervisor, HEURISTIC_DEFAULTS, type HeuristicSupervisorOptions } from "./heuristic-supervisor";
export { OpenAISupervisor, describeWarning, type OpenAISupervisorOptions } from "./openai-supervisor";
export { createSupervisor, type CreateSupervisorOptions } from "./create-supervisor";
export {
  SupervisorQueue,
  SUPERVISOR_QUEUE_DEFAULTS,
  DeadlineMissedError,
  type SupervisorRequest,
  type Annotation,
  type AnnotationStatus,
  type DrainReport,
  type SupervisorQueueOptions,
} from "./queue";
export { formatAnswer, formatAction, formatAnnotation } from "./format-answer";
export { toGraphRootCandidates, type GraphRootCauseLike } from "./graph-candidates";
