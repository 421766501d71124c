// The bank the generator builds: its business services, its core applications and their dependencies, and the long-tail vocabulary.
import type { Tier } from "./schema";

/** A business service of the reference bank. */
export type ServiceDef = { key: string; name: string; tier: Tier; baseRps: number };

/** One dependency of a core application: another application (by key), its own database ("db") or its queue ("queue"). */
export type DependencyDef = { to: string; critical?: boolean; fanout?: number };

/** A core application of the reference bank. */
export type CoreAppDef = {
  key: string;
  name: string;
  tier: Tier;
  owner: string;
  /** Instances at the reference size (more on large estates). */
  instances: number;
  /** Runs in the load-balanced front-end racks (customer-facing APIs). */
  front?: boolean;
  /** Requests per second one instance serves at 100% CPU. */
  maxRps: number;
  /** vCPUs and memory of each instance's VM. */
  vm: { cores: number; ramGb: number };
  /** Its own database: members (primary, standby, disaster-recovery replica) and size. */
  db?: { members: 1 | 2 | 3; cores: number; ramGb: number; iops: number; engine: string };
  /** Its own message queue (a replicated pair). */
  queue?: boolean;
  deps: DependencyDef[];
  serves: Array<{ service: string; critical?: boolean }>;
  tags: string[];
  /** Both instances placed on one hypervisor: a deliberate anti-affinity slip, so SPOF analysis has something real to find. */
  sameHost?: boolean;
};

/** Business services, tier 1 first. */
export const BANK_SERVICES: readonly ServiceDef[] = [
  { key: "core-accounts", name: "Core accounts and ledger", tier: 1, baseRps: 300 },
  { key: "payments", name: "Payments (SEPA, SWIFT, instant)", tier: 1, baseRps: 400 },
  { key: "online-banking", name: "Online banking", tier: 1, baseRps: 600 },
  { key: "card-payments", name: "Card payments", tier: 1, baseRps: 900 },
  { key: "atm", name: "ATM network", tier: 1, baseRps: 150 },
  { key: "mobile-banking", name: "Mobile banking", tier: 1, baseRps: 1200 },
  { key: "staff-access", name: "Staff sign-on and directory", tier: 2, baseRps: 80 },
  { key: "fraud-monitoring", name: "Fraud monitoring", tier: 2, baseRps: 200 },
  { key: "aml", name: "AML screening", tier: 2, baseRps: 20 },
  { key: "customer-notifications", name: "Customer notifications", tier: 3, baseRps: 100 },
  { key: "reporting", name: "Regulatory and management reporting", tier: 3, baseRps: 5 },
];

/** Core applications in priority order: small estates keep the first ones that fit. */
export const BANK_CORE_APPS: readonly CoreAppDef[] = [
  {
    key: "core-banking",
    name: "Core banking",
    tier: 1,
    owner: "core-banking-team",
    instances: 3,
    maxRps: 400,
    vm: { cores: 16, ramGb: 64 },
    db: { members: 3, cores: 64, ramGb: 1024, iops: 200000, engine: "oracle" },
    deps: [{ to: "db", fanout: 4 }],
    serves: [{ service: "core-accounts" }],
    tags: ["system-of-record"],
  },
  {
    key: "payments-hub",
    name: "Payments hub",
    tier: 1,
    owner: "payments-team",
    instances: 3,
    maxRps: 300,
    vm: { cores: 8, ramGb: 32 },
    db: { members: 2, cores: 32, ramGb: 256, iops: 80000, engine: "postgres" },
    queue: true,
    deps: [
      { to: "db", fanout: 3 },
      { to: "queue", fanout: 1 },
      { to: "core-banking", fanout: 2 },
      { to: "fraud-scoring", critical: false },
    ],
    serves: [],
    tags: ["payments"],
  },
  {
    key: "payments-gateway",
    name: "Payments gateway (SEPA/SWIFT)",
    tier: 1,
    owner: "payments-team",
    instances: 2,
    front: true,
    maxRps: 500,
    vm: { cores: 4, ramGb: 16 },
    deps: [{ to: "payments-hub" }, { to: "identity", critical: false }],
    serves: [{ service: "payments" }],
    tags: ["payments", "external"],
  },
  {
    key: "online-banking-api",
    name: "Online banking API",
    tier: 1,
    owner: "digital-channels",
    instances: 3,
    front: true,
    maxRps: 600,
    vm: { cores: 8, ramGb: 16 },
    deps: [
      { to: "identity" },
      { to: "core-banking", fanout: 3 },
      { to: "payments-hub", critical: false },
      { to: "notification-service", critical: false },
    ],
    serves: [{ service: "online-banking" }],
    tags: ["customer-facing"],
  },
  {
    key: "card-authorisation",
    name: "Card authorisation",
    tier: 1,
    owner: "cards-team",
    instances: 3,
    maxRps: 800,
    vm: { cores: 8, ramGb: 32 },
    db: { members: 2, cores: 32, ramGb: 256, iops: 100000, engine: "postgres" },
    deps: [{ to: "db", fanout: 2 }, { to: "core-banking" }, { to: "fraud-scoring", critical: false }],
    serves: [{ service: "card-payments" }],
    tags: ["pci"],
  },
  {
    key: "atm-switch",
    name: "ATM switch",
    tier: 1,
    owner: "atm-ops",
    instances: 2,
    maxRps: 300,
    vm: { cores: 4, ramGb: 16 },
    deps: [{ to: "card-authorisation" }, { to: "core-banking" }],
    serves: [{ service: "atm" }],
    tags: ["pci", "atm"],
    sameHost: true,
  },
  {
    key: "identity",
    name: "Identity and LDAP",
    tier: 1,
    owner: "iam-team",
    instances: 3,
    maxRps: 1500,
    vm: { cores: 4, ramGb: 16 },
    db: { members: 2, cores: 8, ramGb: 64, iops: 20000, engine: "ldap" },
    deps: [{ to: "db" }],
    serves: [{ service: "staff-access" }],
    tags: ["security"],
  },
  {
    key: "mobile-banking-api",
    name: "Mobile banking API",
    tier: 1,
    owner: "digital-channels",
    instances: 4,
    front: true,
    maxRps: 600,
    vm: { cores: 8, ramGb: 16 },
    deps: [
      { to: "identity" },
      { to: "core-banking", fanout: 3 },
      { to: "payments-hub", critical: false },
      { to: "card-authorisation", critical: false },
      { to: "notification-service", critical: false },
    ],
    serves: [{ service: "mobile-banking" }],
    tags: ["customer-facing"],
  },
  {
    key: "fraud-scoring",
    name: "Fraud scoring",
    tier: 2,
    owner: "fraud-analytics",
    instances: 3,
    maxRps: 1000,
    vm: { cores: 16, ramGb: 64 },
    db: { members: 2, cores: 16, ramGb: 256, iops: 60000, engine: "cassandra" },
    queue: true,
    deps: [{ to: "db", fanout: 5 }, { to: "queue" }],
    serves: [{ service: "fraud-monitoring" }],
    tags: ["ml"],
  },
  {
    key: "notification-service",
    name: "Notification service",
    tier: 3,
    owner: "digital-channels",
    instances: 2,
    maxRps: 800,
    vm: { cores: 4, ramGb: 8 },
    queue: true,
    deps: [{ to: "queue" }],
    serves: [{ service: "customer-notifications" }],
    tags: [],
  },
  {
    key: "data-warehouse",
    name: "Reporting and data warehouse",
    tier: 3,
    owner: "data-platform",
    instances: 2,
    maxRps: 50,
    vm: { cores: 16, ramGb: 128 },
    db: { members: 1, cores: 64, ramGb: 512, iops: 50000, engine: "teradata" },
    deps: [{ to: "db", fanout: 10 }, { to: "core-banking", critical: false }],
    serves: [{ service: "reporting" }],
    tags: ["batch"],
  },
  {
    key: "aml-batch",
    name: "AML batch screening",
    tier: 2,
    owner: "financial-crime",
    instances: 1,
    maxRps: 40,
    vm: { cores: 16, ramGb: 64 },
    deps: [{ to: "data-warehouse" }, { to: "core-banking" }],
    serves: [{ service: "aml" }],
    tags: ["batch", "regulatory"],
  },
];

/** Business domains for the long tail of applications and services. */
export const LONG_TAIL_DOMAINS: readonly string[] = [
  "Trade finance",
  "Treasury",
  "Loan origination",
  "Mortgage servicing",
  "Wealth management",
  "Branch CRM",
  "Collections",
  "Insurance",
  "Document management",
  "Corporate lending",
  "FX trading",
  "Securities custody",
  "Cash management",
  "Credit risk",
  "Market risk",
  "Liquidity reporting",
  "KYC onboarding",
  "Customer analytics",
  "Marketing campaigns",
  "Contact centre",
  "HR portal",
  "Payroll",
  "Procurement",
  "General ledger",
  "Tax reporting",
  "Merchant services",
  "Leasing",
  "Pensions",
  "Savings products",
  "Complaints handling",
];

/** Application roles for the long tail. */
export const LONG_TAIL_ROLES: readonly string[] = ["portal", "API", "engine", "batch", "gateway", "service", "worker", "adapter"];

/** Owning teams for the long tail. */
export const LONG_TAIL_OWNERS: readonly string[] = ["business-apps", "corporate-it", "risk-it", "channels-it", "back-office-it", "data-platform"];
