// Public API of lib/graph (re-exports only).
export {
  NODE_KINDS,
  KIND_CODES,
  NETWORK_DEVICE_KINDS,
  EDGE_KINDS,
  EDGE_KIND_CODES,
  STATUSES,
  DYNAMIC_KEYS,
  IDLE_DYNAMIC,
  CAPACITY_FIELDS,
  ALL_CAPACITY_FIELDS,
  DEFAULT_CAPACITY,
  DEFAULT_BASE_RPS,
  DEFAULT_SERVICE_TIER,
  EDGE_RULES,
  createInfraGraph,
  isNodeKind,
  isEdgeKind,
  edgeKey,
  type NodeKind,
  type EdgeKind,
  type Status,
  type Tier,
  type NetworkDeviceCapacity,
  type ServerCapacity,
  type VmCapacity,
  type DatabaseCapacity,
  type ApplicationCapacity,
  type QueueCapacity,
  type StorageCapacity,
  type CapacityByKind,
  type CapacityKind,
  type CapacityField,
  type DynamicAttributes,
  type DynamicKey,
  type ExtraValue,
  type CommonAttributes,
  type RouterAttributes,
  type SwitchAttributes,
  type FirewallAttributes,
  type LoadBalancerAttributes,
  type ServerAttributes,
  type VmAttributes,
  type DatabaseAttributes,
  type ApplicationAttributes,
  type QueueAttributes,
  type StorageAttributes,
  type BusinessServiceAttributes,
  type NodeAttributes,
  type NodeAttributesOf,
  type EdgeCommon,
  type HostsEdgeAttributes,
  type DependsOnEdgeAttributes,
  type NetworkEdgeAttributes,
  type ReplicatesToEdgeAttributes,
  type ServesEdgeAttributes,
  type EdgeAttributes,
  type EdgeAttributesOf,
  type GraphAttributes,
  type InfraGraph,
  type EdgeRule,
} from "./schema";
export { normaliseNode, normaliseEdge, endpointProblem, type NodeInput, type EdgeInput, type CheckContext } from "./check";
export { addNode, addEdge, hostOf, nodeAttributes, type NewEdge } from "./mutate";
export { validateGraph, assertValidGraph } from "./validate";
export { fromSpec, TOPOLOGY_FORMAT, TOPOLOGY_VERSION, type TopologyDocument, type NodeSpec, type EdgeSpec } from "./spec";
export { toTopologyJSON, formatTopologyJSON, saveTopology, type TopologyJSONOptions } from "./json";
export { topologyFromCsv, loadCsvTopology, type CsvOptions } from "./csv";
export { bankTopology, bankTopologySpec, BANK_DEFAULTS, type BankTopologyOptions } from "./bank";
export { BANK_SERVICES, BANK_CORE_APPS, type ServiceDef, type CoreAppDef, type DependencyDef } from "./bank-catalogue";
export { loadTopology, topologyDatasets, topologyDatasetDir, packageRoot } from "./datasets";
export { indexGraph, buildIndex, neighboursOf, replicasOf, type GraphIndex, type Csr as CsrAdjacency, type CapacityColumns } from "./indexing";
export { syncDynamic, readDynamic, type DynamicColumns, type SyncDynamicOptions } from "./dynamic";
export { GraphologyStore, toIndex, type GraphStore, type GraphSource, type StoredEdge, type Direction } from "./store";
export { blastRadius, explainImpact, type BlastRadius, type BlastRadiusOptions, type Impact, type ImpactCause, type ServiceImpact } from "./blast-radius";
export { dependenciesOf, dependentsOf, type DependencyOptions, type Reached, type NeedEdgeKind } from "./dependencies";
export { rootCauseCandidates, type RootCauseCandidate, type RootCauseOptions } from "./root-cause";
export { singlePointsOfFailure, type ServiceSpofs, type SinglePoint, type SpofOptions } from "./spof";
export { criticalPaths, type CriticalPath, type CriticalPathOptions, type PathStep } from "./critical-paths";
export { toGraphML, fromGraphML } from "./graphml";
export { toTigerGraph, writeTigerGraph, TIGERGRAPH_VERTEX_TYPES, type TigerGraphExport, type TigerGraphOptions } from "./tigergraph";
export { checkTigerGraph, type TigerGraphCheck, type TigerGraphFiles, type GsqlProblem, type LoadedRows } from "./gsql-check";
export { parseGsql, type GsqlScript, type GsqlStatement, type GsqlLoad, type GsqlValue, type GsqlAttribute } from "./gsql-parse";
export { topologyJsonSchema } from "./json-schema";
