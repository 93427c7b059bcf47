/** Names for the API's schemas, all from the generated OpenAPI types (schema.d.ts). */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
export type User = Schemas["UserOut"];
export type Severity = Schemas["Severity"];
export type Status = Schemas["Status"];
export type Incident = Schemas["IncidentOut"];
export type IncidentPatch = Schemas["IncidentPatch"];
export type IncidentChange = Schemas["IncidentChange"];
export type TimelineEvent = Schemas["TimelineEventOut"];
export type EventSourceName = Schemas["EventSource"];
export type Task = Schemas["TaskOut"];
export type TaskStatus = Schemas["TaskStatus"];
export type Service = Schemas["ServiceOut"];
export type Correlations = Schemas["CorrelationsOut"];
export type Hypothesis = Schemas["HypothesisOut"];
export type Finding = Schemas["FindingOut"];
export type FailRequest = Schemas["FailIn"];
export type InjectResult = Schemas["InjectOut"];
export type Alert = Schemas["AlertOut"];

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];
export const STATUSES: readonly Status[] = ["open", "investigating", "mitigated", "resolved"];
