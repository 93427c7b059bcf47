// Generated from the API's OpenAPI document by scripts/api-types.mjs: do not edit.
// Regenerate with `npm run api:types` after changing the API.

export interface paths {
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List alerts with filters */
        get: operations["alerts_list_alerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/alertmanager": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive an Alertmanager webhook delivery (payload version 4)
         * @description Idempotent: alerts are upserted by fingerprint, so a repeated delivery changes nothing. Alerts of one group attach to one open incident, opened by the first firing alert; each alert's own status counts, and the incident is mitigated (or resolved, per ALERT_ALL_RESOLVED_STATUS) once all its alerts have resolved.
         */
        post: operations["alerts_receive_alertmanager"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/grafana": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a Grafana-managed alerting webhook delivery (payload version 1)
         * @description Idempotent: alerts are upserted by fingerprint, so a repeated delivery changes nothing. Alerts of one group attach to one open incident, opened by the first firing alert; each alert's own status counts, and the incident is mitigated (or resolved, per ALERT_ALL_RESOLVED_STATUS) once all its alerts have resolved.
         */
        post: operations["alerts_receive_grafana"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analyzers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered analyzer plugins and plugins that failed to load */
        get: operations["correlation_analyzers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with username (or email) and password */
        post: operations["auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke the access token (and the refresh token, if given)
         * @description The access token is revoked even when the refresh token is then refused (422 invalid, 403 another user's).
         */
        post: operations["auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout/everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out everywhere
         * @description Every token of yours issued until now (access and refresh, on every device, this one included) stops working.
         */
        post: operations["auth_logout_everywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current user */
        get: operations["auth_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password
         * @description The new password follows registration's rules. Every token issued so far (refresh tokens too, on every device) stops working; the answer carries fresh ones.
         */
        post: operations["auth_change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for a new access token
         * @description Send the refresh token (not the access token) as the Bearer token.
         */
        post: operations["auth_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a user
         * @description Open unless REGISTRATION_OPEN=false (production's default). New accounts are viewers; in development the very first one becomes the admin.
         */
        post: operations["auth_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live incident changes (Server-Sent Events)
         * @description A text/event-stream: first `event: ready`, then one `event: incident` per incident whose timeline grew, its data an IncidentChange; `: keep-alive` comments while quiet. Send the token as Authorization: Bearer, or (EventSource cannot send headers) as ?access_token=. The stream ends after EVENT_STREAM_SECONDS; reconnect with the last `id` as Last-Event-ID (EventSource does both by itself) to resume without gaps.
         */
        get: operations["events_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List incidents with filters, sorting and pagination */
        get: operations["incidents_list_incidents"];
        put?: never;
        /** Open an incident on one or more services */
        post: operations["incidents_create_incident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incident_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an incident with its services */
        get: operations["incidents_get_incident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an incident: details, severity, commander, services or status
         * @description Status moves open → investigating → mitigated → resolved (forward skips allowed; mitigated may return to investigating). Resolving needs root_cause and resolution, sets resolved_at, MTTA/MTTR and locks the timeline.
         */
        patch: operations["incidents_patch_incident"];
        trace?: never;
    };
    "/api/incidents/{incident_id}/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The incident's alerts, firing first */
        get: operations["alerts_incident_alerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incident_id}/analyze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the correlation analysis again */
        post: operations["correlation_reanalyze"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incident_id}/correlations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ranked root-cause hypotheses with their evidence, and every analysis run */
        get: operations["correlation_correlations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incident_id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the incident's tasks */
        get: operations["tasks_list_tasks"];
        put?: never;
        /** Add a task */
        post: operations["tasks_create_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incident_id}/tasks/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a task */
        get: operations["tasks_get_task"];
        put?: never;
        post?: never;
        /** Delete a task */
        delete: operations["tasks_delete_task"];
        options?: never;
        head?: never;
        /** Change a task */
        patch: operations["tasks_patch_task"];
        trace?: never;
    };
    "/api/incidents/{incident_id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The incident's timeline, oldest first */
        get: operations["timeline_list_events"];
        put?: never;
        /** Add a note or event to the timeline */
        post: operations["timeline_add_event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List alert integrations (never their tokens) */
        get: operations["integrations_list_integrations"];
        put?: never;
        /**
         * Add an alert integration; its token is shown only in this response
         * @description The sender authenticates its webhook deliveries with `Authorization: Bearer <token>`; only a hash of the token is stored.
         */
        post: operations["integrations_create_integration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{integration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an integration: its token stops working, received alerts stay */
        delete: operations["integrations_delete_integration"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List services */
        get: operations["catalog_list_services"];
        put?: never;
        /** Add a service to the catalog */
        post: operations["catalog_create_service"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{service_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a service */
        get: operations["catalog_get_service"];
        put?: never;
        post?: never;
        /** Delete a service that no incident references */
        delete: operations["catalog_delete_service"];
        options?: never;
        head?: never;
        /** Change a service (depends_on replaces the dependency list) */
        patch: operations["catalog_patch_service"];
        trace?: never;
    };
    "/api/slos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List SLOs */
        get: operations["slos_list_slos"];
        put?: never;
        /** Define an SLO (its queries are checked at Prometheus) */
        post: operations["slos_create_slo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slos/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export SLOs as OpenSLO v1 documents */
        get: operations["slos_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slos/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import OpenSLO v1 documents (create, or redefine by name; all or nothing) */
        post: operations["slos_import_"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slos/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus recording and alerting rules for every SLO (a rule file; JSON is YAML) */
        get: operations["slos_rules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slos/{slo_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an SLO with its latest evaluation */
        get: operations["slos_get_slo"];
        put?: never;
        post?: never;
        /** Delete an SLO and its history */
        delete: operations["slos_delete_slo"];
        options?: never;
        head?: never;
        /** Change an SLO */
        patch: operations["slos_patch_slo"];
        trace?: never;
    };
    "/api/slos/{slo_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The periodic evaluations of an SLO, oldest first (for budget and burn charts) */
        get: operations["slos_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slos/{slo_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Evaluate an SLO at Prometheus now (or at `at`): SLI, error budget, burn rates, tiers
         * @description Evaluated at `at` (or now) rounded down to SLO_STATUS_CACHE_SECONDS, and answered from the cache within that bucket; SLO_STATUS_RATE_LIMIT calls per user.
         */
        get: operations["slos_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/test/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a simulated service misbehave
         * @description Drives the service's error rate, CPU, memory, latency and database connections to the given values; callers follow with a lag. An error rate above 25% anywhere opens an incident (the service primary, its callers secondary) whose correlation analysis starts once the effects are visible.
         */
        post: operations["simulation_fail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/test/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End simulated failures (all, or one service's) */
        post: operations["simulation_recover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/test/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End every simulated failure and start over with a fresh shop
         * @description Restarted pods, Kubernetes events, a rolled-back release and a disturbed baseline are what a real incident leaves behind, and analyses of later incidents see them. Reset between demo scenarios to start each from a clean, freshly back-filled history; analyses not yet queued are dropped.
         */
        post: operations["simulation_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/test/scenarios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Named failure scenarios and the simulated services */
        get: operations["simulation_scenarios"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/test/scenarios/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a named failure scenario */
        post: operations["simulation_run_scenario"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: operations["users_list_users"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user */
        get: operations["users_get_user"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role or access */
        patch: operations["users_patch_user"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AccessTokenOut */
        AccessTokenOut: {
            /** Access Token */
            access_token: string;
            /**
             * Token Type
             * @default Bearer
             */
            token_type?: string;
            /** Expires In */
            expires_in: number;
        };
        /** AlertOut */
        AlertOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Incident Id
             * Format: uuid
             */
            incident_id: string;
            /** Integration Id */
            integration_id: string | null;
            source: components["schemas"]["IntegrationKind"];
            /** Fingerprint */
            fingerprint: string;
            /** Name */
            name: string;
            status: components["schemas"]["AlertStatus"];
            severity: components["schemas"]["Severity"];
            /** Labels */
            labels: {
                [key: string]: string;
            };
            /** Annotations */
            annotations: {
                [key: string]: string;
            };
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
            /** Ends At */
            ends_at: string | null;
            /** Generator Url */
            generator_url: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** AlertQuery */
        AlertQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 25
             */
            per_page?: number;
            /** @default null */
            status?: components["schemas"]["AlertStatus"] | null;
            /** @default null */
            severity?: components["schemas"]["Severity"] | null;
            /** @default null */
            source?: components["schemas"]["IntegrationKind"] | null;
            /**
             * Integration Id
             * @default null
             */
            integration_id?: string | null;
            /**
             * Incident Id
             * @default null
             */
            incident_id?: string | null;
            /**
             * Fingerprint
             * @default null
             */
            fingerprint?: string | null;
            /**
             * Name
             * @description The alertname label
             * @default null
             */
            name?: string | null;
            /**
             * Label
             * @description One label match, name=value
             * @default null
             */
            label?: string | null;
            /**
             * Since
             * @description starts_at at or after
             * @default null
             */
            since?: string | null;
            /**
             * Until
             * @description starts_at before
             * @default null
             */
            until?: string | null;
            /**
             * Sort
             * @default -starts_at
             * @enum {string}
             */
            sort?: "starts_at" | "-starts_at" | "updated_at" | "-updated_at";
        };
        /**
         * AlertStatus
         * @enum {string}
         */
        AlertStatus: "firing" | "resolved";
        /**
         * AlertTierIn
         * @description Fire when both windows burn faster than burn_rate, or than spending budget_percent of
         *     the budget within the long window (give one of them).
         */
        AlertTierIn: {
            /**
             * Severity
             * @enum {string}
             */
            severity: "page" | "ticket";
            /**
             * Long Window
             * @enum {string}
             */
            long_window: "5m" | "30m" | "1h" | "2h" | "6h" | "1d" | "3d";
            /**
             * Short Window
             * @enum {string}
             */
            short_window: "5m" | "30m" | "1h" | "2h" | "6h" | "1d" | "3d";
            /**
             * Budget Percent
             * @default null
             */
            budget_percent?: number | string | null;
            /**
             * Burn Rate
             * @default null
             */
            burn_rate?: number | string | null;
        };
        /** AlertmanagerAlert */
        AlertmanagerAlert: {
            /** @description This alert's own status; the group's does not count */
            status: components["schemas"]["AlertStatus"];
            /** Labels */
            labels: {
                [key: string]: string;
            };
            /** Annotations */
            annotations?: {
                [key: string]: string;
            };
            /**
             * Startsat
             * Format: date-time
             * @description Not before 2000, at most 5 minutes ahead: otherwise the delivery is refused (422), as an incident's started_at is
             */
            startsAt: string;
            /**
             * Endsat
             * @description 0001-01-01T00:00:00Z (still firing) reads as null
             * @default null
             */
            endsAt?: string | null;
            /**
             * Generatorurl
             * @default
             */
            generatorURL?: string;
            /**
             * Fingerprint
             * @description Computed like Alertmanager (FNV-1a 64 of the labels) when left out
             * @default
             */
            fingerprint?: string;
        };
        /**
         * AlertmanagerWebhook
         * @description Alertmanager's webhook_config payload, version 4.
         */
        AlertmanagerWebhook: {
            /** Alerts */
            alerts: components["schemas"]["AlertmanagerAlert"][];
            /**
             * Receiver
             * @default
             */
            receiver?: string;
            status: components["schemas"]["AlertStatus"];
            /** Groupkey */
            groupKey: string;
            /**
             * Truncatedalerts
             * @default 0
             */
            truncatedAlerts?: number;
            /** Grouplabels */
            groupLabels?: {
                [key: string]: string;
            };
            /** Commonlabels */
            commonLabels?: {
                [key: string]: string;
            };
            /** Commonannotations */
            commonAnnotations?: {
                [key: string]: string;
            };
            /**
             * Externalurl
             * @default
             */
            externalURL?: string;
            /**
             * Version
             * @constant
             */
            version: "4";
        };
        /** AnalyzerOut */
        AnalyzerOut: {
            /** Name */
            name: string;
            /** Version */
            version: string;
            /** Signals */
            signals: string[];
            /** Plugin */
            plugin: string;
            /** Distribution */
            distribution: string;
            /**
             * Status
             * @description enabled or disabled
             */
            status: string;
        };
        /** AnalyzersOut */
        AnalyzersOut: {
            /** Analyzers */
            analyzers: components["schemas"]["AnalyzerOut"][];
            /** Failures */
            failures: components["schemas"]["PluginFailureOut"][];
        };
        /**
         * AvailabilitySli
         * @description Bad requests over all requests, from one counter (e.g. 5xx of http_requests_total).
         */
        AvailabilitySli: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "availability";
            /**
             * Metric
             * @description Request counter (default: the service's)
             * @default
             */
            metric?: string;
            /**
             * Selector
             * @description Matchers of the service's series (default: it)
             * @default
             */
            selector?: string;
            /**
             * Bad
             * @description Matchers of bad requests
             * @default code=~"5.."
             */
            bad?: string;
        };
        /** BudgetOut */
        BudgetOut: {
            /**
             * Events
             * @description (1 - target/100) * total events
             */
            events: number | null;
            /**
             * Minutes
             * @description (1 - target/100) * window minutes: full-outage minutes
             */
            minutes: number;
            /** Consumed Events */
            consumed_events: number | null;
            /** Remaining Events */
            remaining_events: number | null;
            /** Remaining Percent */
            remaining_percent: number | null;
            /** Remaining Minutes */
            remaining_minutes: number | null;
            /**
             * Exhaustion Seconds
             * @description Until the budget is spent at the 1h burn rate (null: not burning)
             */
            exhaustion_seconds: number | null;
        };
        /** BurnOut */
        BurnOut: {
            /** Window */
            window: string;
            /**
             * Burn Rate
             * @description null: fewer than min_events events
             */
            burn_rate: number | null;
            /** Bad Events */
            bad_events: number | null;
            /** Total Events */
            total_events: number | null;
        };
        /**
         * CheckedLogsHints
         * @description LogsHints as a request may set them: a stream selector and nothing else.
         */
        CheckedLogsHints: {
            /**
             * Selector
             * @description Stream selector only, e.g. {app="checkout"} (default: {app=<name>})
             * @default
             */
            selector?: string;
        };
        /**
         * CheckedMetricsHints
         * @description MetricsHints as a request may set them: label matchers and plain metric names only.
         */
        CheckedMetricsHints: {
            /**
             * Selector
             * @description Label matchers only, e.g. service="checkout" (default: service="<name>")
             * @default
             */
            selector?: string;
            /**
             * Requests Metric
             * @default http_requests_total
             */
            requests_metric?: string;
            /**
             * Duration Metric
             * @default http_request_duration_seconds
             */
            duration_metric?: string;
        };
        /** CorrelationsOut */
        CorrelationsOut: {
            /**
             * Incident Id
             * Format: uuid
             */
            incident_id: string;
            /** @description The run whose hypotheses are shown */
            run: components["schemas"]["RunOut"] | null;
            /** Hypotheses */
            hypotheses: components["schemas"]["HypothesisOut"][];
            /**
             * Certainty
             * @description likely: the top hypothesis stands out; uncertain: its confidence is low or split with a runner-up (several services are comparably anomalous); none: no hypothesis
             * @enum {string}
             */
            certainty: "likely" | "uncertain" | "none";
            /**
             * Runs
             * @description Every run of this incident, newest first
             */
            runs: components["schemas"]["RunOut"][];
        };
        /** CorrelationsQuery */
        CorrelationsQuery: {
            /**
             * Run Id
             * @description Default: the latest completed run
             * @default null
             */
            run_id?: string | null;
        };
        /**
         * CustomSli
         * @description Any PromQL pair counting events over `$window`: good (or bad) and total.
         */
        CustomSli: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "custom";
            /**
             * Good Query
             * @default null
             */
            good_query?: string | null;
            /**
             * Bad Query
             * @default null
             */
            bad_query?: string | null;
            /** Total Query */
            total_query: string;
        };
        /**
         * DeliveryResult
         * @description What one delivery changed; a repeated delivery reports everything as unchanged.
         */
        DeliveryResult: {
            /**
             * Incident Id
             * @description The incident the group's alerts attach to
             */
            incident_id: string | null;
            /** Incident Created */
            incident_created: boolean;
            /**
             * Received
             * @description Distinct alerts (by fingerprint) in the delivery
             */
            received: number;
            /**
             * Firing
             * @description Alerts that started firing (new or firing again)
             */
            firing: number;
            /**
             * Resolved
             * @description Alerts that resolved
             */
            resolved: number;
            /** Unchanged */
            unchanged: number;
            /**
             * Ignored
             * @description Resolved alerts Rootline never saw firing
             */
            ignored: number;
            /** Truncated Alerts */
            truncated_alerts: number;
        };
        /** ErrorBody */
        ErrorBody: {
            /** Code */
            code: string;
            /** Message */
            message: string;
            /**
             * Details
             * @default null
             */
            details?: unknown;
        };
        /** ErrorResponse */
        ErrorResponse: {
            error: components["schemas"]["ErrorBody"];
        };
        /**
         * EventSource
         * @enum {string}
         */
        EventSource: "user" | "system" | "prometheus" | "correlation_engine" | "slo_system" | "alertmanager" | "grafana" | "kubernetes";
        /** ExportQuery */
        ExportQuery: {
            /**
             * Service
             * @description Service name
             * @default null
             */
            service?: string | null;
        };
        /**
         * FailIn
         * @description The seed's payload: where to fail and how; an omitted field stays at its baseline.
         */
        FailIn: {
            /** Service */
            service: string;
            /**
             * Error Rate
             * @description Share of requests failing, 0-1
             * @default null
             */
            error_rate?: number | null;
            /**
             * Cpu Usage
             * @description Percent of the CPU limit
             * @default null
             */
            cpu_usage?: number | null;
            /**
             * Memory Usage
             * @description Percent of the memory limit (98 or more: containers are OOMKilled)
             * @default null
             */
            memory_usage?: number | null;
            /**
             * Response Time Ms
             * @description Median response time
             * @default null
             */
            response_time_ms?: number | null;
            /**
             * Db Connections
             * @description Connections in use, at most the pool's size
             * @default null
             */
            db_connections?: number | null;
            /**
             * Ramp Seconds
             * @description Seconds to reach the targets
             * @default 5
             */
            ramp_seconds?: number;
        };
        /** FaultOut */
        FaultOut: {
            /** Service */
            service: string;
            /**
             * Fault
             * @description Fault class: pool-exhaustion, oom, cpu, rollout, ...
             */
            fault: string;
            /** Scenario */
            scenario: string | null;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** Ended At */
            ended_at: string | null;
            /** Ramp Seconds */
            ramp_seconds: number;
            /** Error Rate */
            error_rate: number | null;
            /** Cpu Usage */
            cpu_usage: number | null;
            /** Memory Usage */
            memory_usage: number | null;
            /** Response Time Ms */
            response_time_ms: number | null;
            /** Db Connections */
            db_connections: number | null;
            /** Version */
            version: string | null;
        };
        /** FindingOut */
        FindingOut: {
            /** Analyzer */
            analyzer: string;
            /** Service */
            service: string;
            /** Signal */
            signal: string;
            /** Kind */
            kind: string;
            /** Summary */
            summary: string;
            /** Score */
            score: number;
            /** Fault */
            fault: string | null;
            /**
             * Onset
             * @description Unix seconds when the anomaly began
             */
            onset: number | null;
            /** Evidence */
            evidence: {
                [key: string]: unknown;
            };
        };
        /** GrafanaAlert */
        GrafanaAlert: {
            /** @description This alert's own status; the group's does not count */
            status: components["schemas"]["AlertStatus"];
            /** Labels */
            labels: {
                [key: string]: string;
            };
            /** Annotations */
            annotations?: {
                [key: string]: string;
            };
            /**
             * Startsat
             * Format: date-time
             * @description Not before 2000, at most 5 minutes ahead: otherwise the delivery is refused (422), as an incident's started_at is
             */
            startsAt: string;
            /**
             * Endsat
             * @description 0001-01-01T00:00:00Z (still firing) reads as null
             * @default null
             */
            endsAt?: string | null;
            /**
             * Generatorurl
             * @default
             */
            generatorURL?: string;
            /**
             * Fingerprint
             * @description Computed like Alertmanager (FNV-1a 64 of the labels) when left out
             * @default
             */
            fingerprint?: string;
            /**
             * Silenceurl
             * @default
             */
            silenceURL?: string;
            /**
             * Dashboardurl
             * @default
             */
            dashboardURL?: string;
            /**
             * Panelurl
             * @default
             */
            panelURL?: string;
            /**
             * Imageurl
             * @default
             */
            imageURL?: string;
            /**
             * Values
             * @default null
             */
            values?: {
                [key: string]: number | null;
            } | null;
            /**
             * Valuestring
             * @default
             */
            valueString?: string;
        };
        /**
         * GrafanaWebhook
         * @description Grafana-managed alerting's webhook contact point payload, version 1.
         */
        GrafanaWebhook: {
            /** Alerts */
            alerts: components["schemas"]["GrafanaAlert"][];
            /**
             * Receiver
             * @default
             */
            receiver?: string;
            status: components["schemas"]["AlertStatus"];
            /** Groupkey */
            groupKey: string;
            /**
             * Truncatedalerts
             * @default 0
             */
            truncatedAlerts?: number;
            /** Grouplabels */
            groupLabels?: {
                [key: string]: string;
            };
            /** Commonlabels */
            commonLabels?: {
                [key: string]: string;
            };
            /** Commonannotations */
            commonAnnotations?: {
                [key: string]: string;
            };
            /**
             * Externalurl
             * @default
             */
            externalURL?: string;
            /**
             * Version
             * @constant
             */
            version: "1";
            /**
             * Orgid
             * @default null
             */
            orgId?: number | null;
            /**
             * Title
             * @default
             */
            title?: string;
            /**
             * State
             * @default
             */
            state?: string;
            /**
             * Message
             * @default
             */
            message?: string;
        };
        /** HistoryOut */
        HistoryOut: {
            /**
             * Slo Id
             * Format: uuid
             */
            slo_id: string;
            /**
             * Since
             * Format: date-time
             */
            since: string;
            /**
             * Until
             * Format: date-time
             */
            until: string;
            /**
             * Truncated
             * @description More points than limit: the oldest were left out
             */
            truncated: boolean;
            /** Items */
            items: components["schemas"]["HistoryPointOut"][];
        };
        /** HistoryPointOut */
        HistoryPointOut: {
            /**
             * Evaluated At
             * Format: date-time
             */
            evaluated_at: string;
            status: components["schemas"]["SloStatus"];
            /** Sli Percent */
            sli_percent: number | null;
            /** Budget Remaining Percent */
            budget_remaining_percent: number | null;
            /** Total Events */
            total_events: number | null;
            /** Bad Events */
            bad_events: number | null;
            /** Burn Rates */
            burn_rates: {
                [key: string]: number | null;
            };
            /** Firing Tiers */
            firing_tiers: string[];
        };
        /** HistoryQuery */
        HistoryQuery: {
            /**
             * Since
             * @description Default: 24 hours before until
             * @default null
             */
            since?: string | null;
            /**
             * Until
             * @description Default: now
             * @default null
             */
            until?: string | null;
            /**
             * Limit
             * @description The newest points, at most
             * @default 1000
             */
            limit?: number;
        };
        /** HypothesisOut */
        HypothesisOut: {
            /** Rank */
            rank: number;
            /** Service */
            service: string;
            /** Fault */
            fault: string;
            /**
             * Confidence
             * @description 0..1; see docs/analyzers.md for how it is computed
             */
            confidence: number;
            /** Summary */
            summary: string;
            /** Findings */
            findings: components["schemas"]["FindingOut"][];
        };
        /**
         * ImpactLevel
         * @enum {string}
         */
        ImpactLevel: "primary" | "secondary" | "tertiary";
        /** IncidentAlertQuery */
        IncidentAlertQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 100
             */
            per_page?: number;
            /** @default null */
            status?: components["schemas"]["AlertStatus"] | null;
        };
        /**
         * IncidentChange
         * @description The data of an `incident` event: the incident as it is now, and what happened to it.
         */
        IncidentChange: {
            incident: components["schemas"]["IncidentOut"];
            /**
             * Events
             * @description Its timeline events recorded since the previous message, oldest first
             */
            events: components["schemas"]["TimelineEventOut"][];
        };
        /** IncidentCreate */
        IncidentCreate: {
            /** Title */
            title: string;
            /**
             * Description
             * @default
             */
            description?: string;
            severity: components["schemas"]["Severity"];
            /**
             * Started At
             * @description When impact began (default: now); not before 2000, and at most 5 minutes ahead (clock skew: read as now)
             * @default null
             */
            started_at?: string | null;
            /** Services */
            services?: components["schemas"]["ServiceRefIn"][];
            /**
             * Commander Id
             * @default null
             */
            commander_id?: string | null;
            /**
             * Metadata
             * @description Free-form; the keys Rootline writes itself (alert_group, business_impact, simulation, slo_burn) are refused
             */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** IncidentOut */
        IncidentOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Title */
            title: string;
            /** Description */
            description: string;
            severity: components["schemas"]["Severity"];
            status: components["schemas"]["Status"];
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /**
             * Detected At
             * Format: date-time
             */
            detected_at: string;
            /** Acknowledged At */
            acknowledged_at: string | null;
            /** Mitigated At */
            mitigated_at: string | null;
            /** Resolved At */
            resolved_at: string | null;
            /** Root Cause */
            root_cause: string | null;
            /** Resolution */
            resolution: string | null;
            /** Mtta Seconds */
            mtta_seconds: number | null;
            /** Mttr Seconds */
            mttr_seconds: number | null;
            commander: components["schemas"]["UserRef"] | null;
            created_by: components["schemas"]["UserRef"] | null;
            /** Services */
            services: components["schemas"]["IncidentServiceOut"][];
            /** Metadata */
            metadata: {
                [key: string]: unknown;
            };
            /** Timeline Locked */
            timeline_locked: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** IncidentPatch */
        IncidentPatch: {
            /** Title */
            title?: string;
            /** Description */
            description?: string;
            severity?: components["schemas"]["Severity"];
            status?: components["schemas"]["Status"];
            /**
             * Root Cause
             * @default null
             */
            root_cause?: string | null;
            /**
             * Resolution
             * @default null
             */
            resolution?: string | null;
            /**
             * Commander Id
             * @default null
             */
            commander_id?: string | null;
            /** Services */
            services?: components["schemas"]["ServiceRefIn"][];
        };
        /** IncidentQuery */
        IncidentQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 25
             */
            per_page?: number;
            /**
             * Status
             * @description Comma-separated statuses
             * @default null
             */
            status?: string | null;
            /**
             * Severity
             * @description Comma-separated severities
             * @default null
             */
            severity?: string | null;
            /**
             * Service
             * @description Service name or id
             * @default null
             */
            service?: string | null;
            /**
             * Since
             * @description started_at at or after
             * @default null
             */
            since?: string | null;
            /**
             * Until
             * @description started_at before
             * @default null
             */
            until?: string | null;
            /**
             * Sort
             * @default -started_at
             * @enum {string}
             */
            sort?: "started_at" | "-started_at" | "severity" | "-severity" | "status" | "-status" | "updated_at" | "-updated_at";
        };
        /** IncidentRef */
        IncidentRef: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Title */
            title: string;
            severity: components["schemas"]["Severity"];
        };
        /** IncidentServiceOut */
        IncidentServiceOut: {
            /**
             * Service Id
             * Format: uuid
             */
            service_id: string;
            /** Name */
            name: string;
            impact_level: components["schemas"]["ImpactLevel"];
        };
        /** InjectOut */
        InjectOut: {
            fault: components["schemas"]["FaultOut"];
            /**
             * Peak Error Rate
             * @description Highest error rate the fault causes anywhere
             */
            peak_error_rate: number;
            /**
             * Affected Services
             * @description The service and every caller upstream
             */
            affected_services: string[];
            /** @description Opened when the error rate exceeds 25% */
            incident: components["schemas"]["IncidentRef"] | null;
            /**
             * Analysis Scheduled At
             * @description When correlation starts: once the fault has been visible for a while
             */
            analysis_scheduled_at: string | null;
        };
        /** IntegrationCreate */
        IntegrationCreate: {
            /** Name */
            name: string;
            kind: components["schemas"]["IntegrationKind"];
        };
        /** IntegrationCreated */
        IntegrationCreated: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            kind: components["schemas"]["IntegrationKind"];
            /**
             * Token Hint
             * @description The token's first characters
             */
            token_hint: string;
            created_by: components["schemas"]["UserRef"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Token
             * @description Send as `Authorization: Bearer <token>`; shown only in this response
             */
            token: string;
            /**
             * Webhook Path
             * @description Where the sender delivers, e.g. /api/alerts/grafana
             */
            webhook_path: string;
        };
        /**
         * IntegrationKind
         * @enum {string}
         */
        IntegrationKind: "alertmanager" | "grafana";
        /** IntegrationOut */
        IntegrationOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            kind: components["schemas"]["IntegrationKind"];
            /**
             * Token Hint
             * @description The token's first characters
             */
            token_hint: string;
            created_by: components["schemas"]["UserRef"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** IntegrationQuery */
        IntegrationQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 25
             */
            per_page?: number;
            /** @default null */
            kind?: components["schemas"]["IntegrationKind"] | null;
        };
        /**
         * KubernetesHints
         * @description Kubernetes: where the service's pods run and how to select them.
         */
        KubernetesHints: {
            /**
             * Namespace
             * @default
             */
            namespace?: string;
            /**
             * Workload
             * @description Deployment or StatefulSet name
             * @default
             */
            workload?: string;
            /**
             * Label Selector
             * @description e.g. app=checkout
             * @default
             */
            label_selector?: string;
        };
        /**
         * LatencySli
         * @description Requests slower than a histogram bucket's bound, over all requests.
         */
        "LatencySli-Input": {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "latency";
            /**
             * Metric
             * @description Histogram name (default: the service's)
             * @default
             */
            metric?: string;
            /**
             * Selector
             * @default
             */
            selector?: string;
            /**
             * Threshold Seconds
             * @description A bucket's `le` bound
             */
            threshold_seconds: number | string;
        };
        /**
         * LatencySli
         * @description Requests slower than a histogram bucket's bound, over all requests.
         */
        "LatencySli-Output": {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "latency";
            /**
             * Metric
             * @description Histogram name (default: the service's)
             * @default
             */
            metric?: string;
            /**
             * Selector
             * @default
             */
            selector?: string;
            /**
             * Threshold Seconds
             * @description A bucket's `le` bound
             */
            threshold_seconds: number;
        };
        /** LoginIn */
        LoginIn: {
            /** Username */
            username: string;
            /** Password */
            password: string;
        };
        /** LogoutIn */
        LogoutIn: {
            /**
             * Refresh Token
             * @description Also revoke this refresh token (yours, from the same login)
             * @default null
             */
            refresh_token?: string | null;
        };
        /**
         * LogsHints
         * @description Loki: the stream selector for this service's logs.
         */
        LogsHints: {
            /**
             * Selector
             * @description e.g. {app="checkout"} (default: {app=<name>})
             * @default
             */
            selector?: string;
        };
        /**
         * MetricsHints
         * @description Prometheus: the label matchers that select this service's series.
         */
        MetricsHints: {
            /**
             * Selector
             * @description e.g. service="checkout" (default: service="<name>")
             * @default
             */
            selector?: string;
            /**
             * Requests Metric
             * @default http_requests_total
             */
            requests_metric?: string;
            /**
             * Duration Metric
             * @default http_request_duration_seconds
             */
            duration_metric?: string;
        };
        /** OpenSloExportOut */
        OpenSloExportOut: {
            /** Yaml */
            yaml: string;
            /** Documents */
            documents: {
                [key: string]: unknown;
            }[];
        };
        /** OpenSloImportIn */
        OpenSloImportIn: {
            /**
             * Yaml
             * @description OpenSLO v1 documents
             */
            yaml: string;
        };
        /** OpenSloImportOut */
        OpenSloImportOut: {
            /** Created */
            created: string[];
            /** Updated */
            updated: string[];
            /**
             * Ignored
             * @description Documents of other kinds, as kind/name
             */
            ignored: string[];
            /** Items */
            items: components["schemas"]["SloOut"][];
        };
        /** Page[AlertOut] */
        Page_AlertOut_: {
            /** Items */
            items: components["schemas"]["AlertOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[IncidentOut] */
        Page_IncidentOut_: {
            /** Items */
            items: components["schemas"]["IncidentOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[IntegrationOut] */
        Page_IntegrationOut_: {
            /** Items */
            items: components["schemas"]["IntegrationOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[ServiceOut] */
        Page_ServiceOut_: {
            /** Items */
            items: components["schemas"]["ServiceOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[SloOut] */
        Page_SloOut_: {
            /** Items */
            items: components["schemas"]["SloOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[TaskOut] */
        Page_TaskOut_: {
            /** Items */
            items: components["schemas"]["TaskOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[TimelineEventOut] */
        Page_TimelineEventOut_: {
            /** Items */
            items: components["schemas"]["TimelineEventOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** Page[UserOut] */
        Page_UserOut_: {
            /** Items */
            items: components["schemas"]["UserOut"][];
            /** Total */
            total: number;
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
        };
        /** PasswordChangeIn */
        PasswordChangeIn: {
            /** Current Password */
            current_password: string;
            /**
             * New Password
             * @description 10+ characters, at most 72 bytes; not a common password, and not containing the username or the email's local part
             */
            new_password: string;
        };
        /** PluginFailureOut */
        PluginFailureOut: {
            /** Plugin */
            plugin: string;
            /** Error */
            error: string;
        };
        /**
         * QueriesOut
         * @description The PromQL Rootline evaluates, over `$window`.
         */
        QueriesOut: {
            /** Bad */
            bad: string;
            /** Total */
            total: string;
        };
        /** RecoverIn */
        RecoverIn: {
            /**
             * Service
             * @description Only this service (default: all)
             * @default null
             */
            service?: string | null;
        };
        /** RecoverOut */
        RecoverOut: {
            /** Recovered */
            recovered: components["schemas"]["FaultOut"][];
        };
        /** RegisterIn */
        RegisterIn: {
            /** Username */
            username: string;
            /**
             * Email
             * Format: email
             */
            email: string;
            /**
             * Password
             * @description 10+ characters, at most 72 bytes; not a common password, and not containing the username or the email's local part
             */
            password: string;
        };
        /**
         * Role
         * @description Roles are ranked: each one may do everything the ones below it may.
         * @enum {string}
         */
        Role: "viewer" | "responder" | "admin";
        /** RuleGroupOut */
        RuleGroupOut: {
            /** Name */
            name: string;
            /** Rules */
            rules: components["schemas"]["RuleOut"][];
        };
        RuleOut: {
            [key: string]: unknown;
        };
        /**
         * RulesOut
         * @description A Prometheus rule file (JSON is YAML): save it and list it under rule_files.
         */
        RulesOut: {
            /** Groups */
            groups: components["schemas"]["RuleGroupOut"][];
        };
        /** RunOut */
        RunOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Incident Id
             * Format: uuid
             */
            incident_id: string;
            status: components["schemas"]["RunStatus"];
            /** Trigger */
            trigger: string;
            /** Attempts */
            attempts: number;
            /**
             * Queued At
             * Format: date-time
             */
            queued_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Duration Ms */
            duration_ms: number | null;
            /** Degraded */
            degraded: boolean;
            /** Sources */
            sources: {
                [key: string]: unknown;
            };
            /** Analyzers */
            analyzers: {
                [key: string]: unknown;
            };
            /** Problems */
            problems: {
                [key: string]: unknown;
            };
            /** Error */
            error: string | null;
        };
        /**
         * RunStatus
         * @enum {string}
         */
        RunStatus: "queued" | "running" | "completed" | "failed";
        /** ScenarioOut */
        ScenarioOut: {
            /** Name */
            name: string;
            /** Title */
            title: string;
            /** Description */
            description: string;
            /** Service */
            service: string;
            /** Fault */
            fault: string;
            /**
             * Payload
             * @description The equivalent POST /api/test/fail body
             */
            payload: {
                [key: string]: unknown;
            };
        };
        /** ScenariosOut */
        ScenariosOut: {
            /** Items */
            items: components["schemas"]["ScenarioOut"][];
            /**
             * Services
             * @description The simulated services
             */
            services: string[];
        };
        /** ServiceCreate */
        ServiceCreate: {
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Namespace
             * @default default
             */
            namespace?: string;
            /**
             * Tier
             * @description 1 = most critical
             * @default 3
             */
            tier?: number;
            /**
             * Owner Team
             * @default
             */
            owner_team?: string;
            /**
             * Users Served
             * @default 0
             */
            users_served?: number;
            /**
             * Revenue Per Hour
             * @default 0
             */
            revenue_per_hour?: number;
            telemetry?: components["schemas"]["TelemetryIn"];
            /**
             * Depends On
             * @description Names of services this one calls
             */
            depends_on?: string[];
            /** Name */
            name: string;
        };
        /** ServiceOut */
        ServiceOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Description */
            description: string;
            /** Namespace */
            namespace: string;
            /** Tier */
            tier: number;
            /** Owner Team */
            owner_team: string;
            /** Users Served */
            users_served: number;
            /** Revenue Per Hour */
            revenue_per_hour: number;
            telemetry: components["schemas"]["Telemetry"];
            /** Depends On */
            depends_on: string[];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** ServicePatch */
        ServicePatch: {
            /** Name */
            name?: string;
            /** Description */
            description?: string;
            /** Namespace */
            namespace?: string;
            /** Tier */
            tier?: number;
            /** Owner Team */
            owner_team?: string;
            /** Users Served */
            users_served?: number;
            /** Revenue Per Hour */
            revenue_per_hour?: number;
            /** @default null */
            telemetry?: components["schemas"]["TelemetryIn"] | null;
            /**
             * Depends On
             * @default null
             */
            depends_on?: string[] | null;
        };
        /** ServiceQuery */
        ServiceQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 100
             */
            per_page?: number;
            /**
             * Namespace
             * @default null
             */
            namespace?: string | null;
            /**
             * Owner Team
             * @default null
             */
            owner_team?: string | null;
        };
        /**
         * ServiceRefIn
         * @description A service named by id or by name (exactly one), and how hard the incident hits it.
         */
        ServiceRefIn: {
            /**
             * Service Id
             * @default null
             */
            service_id?: string | null;
            /**
             * Name
             * @default null
             */
            name?: string | null;
            /** @default primary */
            impact_level?: components["schemas"]["ImpactLevel"];
        };
        /**
         * Severity
         * @enum {string}
         */
        Severity: "critical" | "high" | "medium" | "low";
        /** SloCreate */
        SloCreate: {
            /** Name */
            name: string;
            /** Service */
            service: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /** Sli */
            sli: components["schemas"]["AvailabilitySli"] | components["schemas"]["LatencySli-Input"] | components["schemas"]["CustomSli"];
            /**
             * Target
             * @description Objective in percent, e.g. 99.9
             */
            target: number | string;
            /** @default 30d */
            window?: components["schemas"]["SloWindow"];
            /**
             * Owner
             * @default
             */
            owner?: string;
            /**
             * Runbook Url
             * @default
             */
            runbook_url?: string;
            /**
             * Alert Tiers
             * @description Default: the SRE-workbook tiers
             * @default null
             */
            alert_tiers?: components["schemas"]["AlertTierIn"][] | null;
            /**
             * Min Events
             * @description Fewer events in a window: no data
             * @default 10
             */
            min_events?: number;
        };
        /** SloOut */
        SloOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Service */
            service: string;
            /**
             * Service Id
             * Format: uuid
             */
            service_id: string;
            /** Description */
            description: string;
            /** Sli */
            sli: components["schemas"]["AvailabilitySli"] | components["schemas"]["LatencySli-Output"] | components["schemas"]["CustomSli"];
            /** Target */
            target: number;
            window: components["schemas"]["SloWindow"];
            /** Owner */
            owner: string;
            /** Runbook Url */
            runbook_url: string;
            /** Alert Tiers */
            alert_tiers: components["schemas"]["TierOut"][];
            /** Default Tiers */
            default_tiers: boolean;
            /** Min Events */
            min_events: number;
            queries: components["schemas"]["QueriesOut"];
            /** @description At the latest periodic evaluation */
            status: components["schemas"]["SloStatus"] | null;
            /** Evaluated At */
            evaluated_at: string | null;
            /** Sli Percent */
            sli_percent: number | null;
            /** Budget Remaining Percent */
            budget_remaining_percent: number | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** SloPatch */
        SloPatch: {
            /** Name */
            name?: string;
            /** Service */
            service?: string;
            /** Description */
            description?: string;
            /** Sli */
            sli?: components["schemas"]["AvailabilitySli"] | components["schemas"]["LatencySli-Input"] | components["schemas"]["CustomSli"];
            /**
             * Target
             * @default null
             */
            target?: number | string | null;
            window?: components["schemas"]["SloWindow"];
            /** Owner */
            owner?: string;
            /** Runbook Url */
            runbook_url?: string;
            /**
             * Alert Tiers
             * @default null
             */
            alert_tiers?: components["schemas"]["AlertTierIn"][] | null;
            /** Min Events */
            min_events?: number;
        };
        /** SloQuery */
        SloQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 100
             */
            per_page?: number;
            /**
             * Service
             * @description Service name
             * @default null
             */
            service?: string | null;
            /** @default null */
            status?: components["schemas"]["SloStatus"] | null;
        };
        /**
         * SloStatus
         * @enum {string}
         */
        SloStatus: "healthy" | "warning" | "critical" | "no_data";
        /** SloStatusOut */
        SloStatusOut: {
            /**
             * Slo Id
             * Format: uuid
             */
            slo_id: string;
            /** Name */
            name: string;
            /** Service */
            service: string;
            /**
             * At
             * Format: date-time
             */
            at: string;
            window: components["schemas"]["SloWindow"];
            /**
             * Window Start
             * Format: date-time
             */
            window_start: string;
            /** Target */
            target: number;
            status: components["schemas"]["SloStatus"];
            /** Sli Percent */
            sli_percent: number | null;
            /** Total Events */
            total_events: number | null;
            /** Bad Events */
            bad_events: number | null;
            error_budget: components["schemas"]["BudgetOut"];
            /** Burn Rates */
            burn_rates: components["schemas"]["BurnOut"][];
            /** Tiers */
            tiers: components["schemas"]["TierStateOut"][];
            /** Formulas */
            formulas: {
                [key: string]: string;
            };
        };
        /**
         * SloWindow
         * @enum {string}
         */
        SloWindow: "7d" | "28d" | "30d" | "calendar_month";
        /**
         * Status
         * @enum {string}
         */
        Status: "open" | "investigating" | "mitigated" | "resolved";
        /** StatusQuery */
        StatusQuery: {
            /**
             * At
             * @description Evaluate at this moment (default: now)
             * @default null
             */
            at?: string | null;
        };
        /** StreamQuery */
        StreamQuery: {
            /**
             * Access Token
             * @description The access token, for clients that cannot send an Authorization header (the browser's EventSource); an Authorization header works too
             * @default null
             */
            access_token?: string | null;
        };
        /** TaskCreate */
        TaskCreate: {
            /** Title */
            title: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Assignee Id
             * @default null
             */
            assignee_id?: string | null;
            /** @default todo */
            status?: components["schemas"]["TaskStatus"];
            /**
             * Due At
             * @default null
             */
            due_at?: string | null;
        };
        /** TaskOut */
        TaskOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Incident Id
             * Format: uuid
             */
            incident_id: string;
            /** Title */
            title: string;
            /** Description */
            description: string;
            status: components["schemas"]["TaskStatus"];
            assignee: components["schemas"]["UserRef"] | null;
            /** Due At */
            due_at: string | null;
            /** Completed At */
            completed_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** TaskPatch */
        TaskPatch: {
            /** Title */
            title?: string;
            /** Description */
            description?: string;
            /**
             * Assignee Id
             * @default null
             */
            assignee_id?: string | null;
            status?: components["schemas"]["TaskStatus"];
            /**
             * Due At
             * @default null
             */
            due_at?: string | null;
        };
        /** TaskQuery */
        TaskQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 100
             */
            per_page?: number;
            /** @default null */
            status?: components["schemas"]["TaskStatus"] | null;
        };
        /**
         * TaskStatus
         * @enum {string}
         */
        TaskStatus: "todo" | "in_progress" | "done";
        /** Telemetry */
        Telemetry: {
            metrics?: components["schemas"]["MetricsHints"];
            logs?: components["schemas"]["LogsHints"];
            traces?: components["schemas"]["TracesHints"];
            kubernetes?: components["schemas"]["KubernetesHints"];
        };
        /**
         * TelemetryIn
         * @description Telemetry hints in a request: the parts spliced into PromQL and LogQL are checked.
         */
        TelemetryIn: {
            metrics?: components["schemas"]["CheckedMetricsHints"];
            logs?: components["schemas"]["CheckedLogsHints"];
            traces?: components["schemas"]["TracesHints"];
            kubernetes?: components["schemas"]["KubernetesHints"];
        };
        /** TierOut */
        TierOut: {
            /** Severity */
            severity: string;
            /** Long Window */
            long_window: string;
            /** Short Window */
            short_window: string;
            /** Budget Percent */
            budget_percent: number | null;
            /** Burn Rate */
            burn_rate: number | null;
            /**
             * Threshold
             * @description Burn rate above which the tier fires
             */
            threshold: number;
        };
        /** TierStateOut */
        TierStateOut: {
            /** Severity */
            severity: string;
            /** Long Window */
            long_window: string;
            /** Short Window */
            short_window: string;
            /** Budget Percent */
            budget_percent: number | null;
            /** Burn Rate */
            burn_rate: number | null;
            /**
             * Threshold
             * @description Burn rate above which the tier fires
             */
            threshold: number;
            /** Long Burn Rate */
            long_burn_rate: number | null;
            /** Short Burn Rate */
            short_burn_rate: number | null;
            /** Firing */
            firing: boolean;
        };
        /** TimelineEventIn */
        TimelineEventIn: {
            /**
             * Event Type
             * @default note
             */
            event_type?: string;
            /**
             * @deprecated
             * @description Ignored: an event posted here is always recorded with source user
             * @default user
             */
            source?: components["schemas"]["EventSource"];
            /** Title */
            title: string;
            /**
             * Description
             * @default
             */
            description?: string;
            /**
             * Metadata
             * @description Free-form; the keys Rootline writes itself (alert_group, business_impact, simulation, slo_burn) are refused
             */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * Occurred At
             * @description When it happened (default: now); not in the future
             * @default null
             */
            occurred_at?: string | null;
        };
        /** TimelineEventOut */
        TimelineEventOut: {
            /** Id */
            id: number;
            /**
             * Incident Id
             * Format: uuid
             */
            incident_id: string;
            /** Event Type */
            event_type: string;
            source: components["schemas"]["EventSource"];
            /** Title */
            title: string;
            /** Description */
            description: string;
            /** Metadata */
            metadata: {
                [key: string]: unknown;
            };
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            actor: components["schemas"]["UserRef"] | null;
        };
        /** TimelineQuery */
        TimelineQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 100
             */
            per_page?: number;
        };
        /** TokensOut */
        TokensOut: {
            /** Access Token */
            access_token: string;
            /** Refresh Token */
            refresh_token: string;
            /**
             * Token Type
             * @default Bearer
             */
            token_type?: string;
            /** Expires In */
            expires_in: number;
            user: components["schemas"]["UserOut"];
        };
        /**
         * TracesHints
         * @description Tempo: the resource service.name this service reports spans under.
         */
        TracesHints: {
            /**
             * Service Name
             * @default
             */
            service_name?: string;
        };
        /** UserOut */
        UserOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Username */
            username: string;
            /** Email */
            email: string;
            role: components["schemas"]["Role"];
            /** Is Active */
            is_active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Last Login At */
            last_login_at: string | null;
        };
        /** UserPatch */
        UserPatch: {
            role?: components["schemas"]["Role"];
            /** Is Active */
            is_active?: boolean;
        };
        /** UserQuery */
        UserQuery: {
            /**
             * Page
             * @default 1
             */
            page?: number;
            /**
             * Per Page
             * @default 25
             */
            per_page?: number;
            /** @default null */
            role?: components["schemas"]["Role"] | null;
            /**
             * Q
             * @description Substring of username or email
             * @default null
             */
            q?: string | null;
        };
        /** UserRef */
        UserRef: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Username */
            username: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    alerts_list_alerts: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                status?: components["schemas"]["AlertStatus"];
                severity?: components["schemas"]["Severity"];
                source?: components["schemas"]["IntegrationKind"];
                integration_id?: string;
                incident_id?: string;
                fingerprint?: string;
                name?: string;
                label?: string;
                since?: string;
                until?: string;
                sort?: "starts_at" | "-starts_at" | "updated_at" | "-updated_at";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List alerts with filters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AlertOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    alerts_receive_alertmanager: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlertmanagerWebhook"];
            };
        };
        responses: {
            /** @description Receive an Alertmanager webhook delivery (payload version 4) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryResult"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No integration token, or an unknown one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token belongs to an integration of another kind */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or its number of alerts is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    alerts_receive_grafana: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrafanaWebhook"];
            };
        };
        responses: {
            /** @description Receive a Grafana-managed alerting webhook delivery (payload version 1) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryResult"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No integration token, or an unknown one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token belongs to an integration of another kind */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or its number of alerts is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    correlation_analyzers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Registered analyzer plugins and plugins that failed to load */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyzersOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginIn"];
            };
        };
        responses: {
            /** @description Log in with username (or email) and password */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown username, wrong password, or a disabled user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; retry later */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogoutIn"];
            };
        };
        responses: {
            /** @description Revoke the access token (and the refresh token, if given) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_logout_everywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sign out everywhere */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChangeIn"];
            };
        };
        responses: {
            /** @description Change your password */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The current password is wrong */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Exchange a refresh token for a new access token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    auth_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterIn"];
            };
        };
        responses: {
            /** @description Register a user */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Self-registration is disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The username or email is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; retry later */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    events_stream: {
        parameters: {
            query?: {
                access_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live incident changes (Server-Sent Events) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": {
                        event?: string;
                        id?: string;
                        retry?: number;
                        data: string;
                    };
                };
            };
            /** @description Last-Event-ID is not an event id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description This user already has their most streams open here (too_many_streams) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description This process already serves its most streams (stream_busy) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    incidents_list_incidents: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                status?: string;
                severity?: string;
                service?: string;
                since?: string;
                until?: string;
                sort?: "started_at" | "-started_at" | "severity" | "-severity" | "status" | "-status" | "updated_at" | "-updated_at";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List incidents with filters, sorting and pagination */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_IncidentOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    incidents_create_incident: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IncidentCreate"];
            };
        };
        responses: {
            /** @description Open an incident on one or more services */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    incidents_get_incident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get an incident with its services */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    incidents_patch_incident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IncidentPatch"];
            };
        };
        responses: {
            /** @description Change an incident: details, severity, commander, services or status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Invalid transition or the incident is resolved */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    alerts_incident_alerts: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                status?: components["schemas"]["AlertStatus"];
            };
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The incident's alerts, firing first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AlertOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    correlation_reanalyze: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run the correlation analysis again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    correlation_correlations: {
        parameters: {
            query?: {
                run_id?: string;
            };
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ranked root-cause hypotheses with their evidence, and every analysis run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrelationsOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    tasks_list_tasks: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                status?: components["schemas"]["TaskStatus"];
            };
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List the incident's tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TaskOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    tasks_create_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskCreate"];
            };
        };
        responses: {
            /** @description Add a task */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The incident is resolved; its timeline is locked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    tasks_get_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get a task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    tasks_delete_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delete a task */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The incident is resolved; its timeline is locked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    tasks_patch_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
                task_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskPatch"];
            };
        };
        responses: {
            /** @description Change a task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The incident is resolved; its timeline is locked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    timeline_list_events: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
            };
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The incident's timeline, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TimelineEventOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    timeline_add_event: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incident_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TimelineEventIn"];
            };
        };
        responses: {
            /** @description Add a note or event to the timeline */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineEventOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The incident is resolved; its timeline is locked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    integrations_list_integrations: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                kind?: components["schemas"]["IntegrationKind"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List alert integrations (never their tokens) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_IntegrationOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    integrations_create_integration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IntegrationCreate"];
            };
        };
        responses: {
            /** @description Add an alert integration; its token is shown only in this response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationCreated"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The name is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    integrations_delete_integration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delete an integration: its token stops working, received alerts stay */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    catalog_list_services: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                namespace?: string;
                owner_team?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List services */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ServiceOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    catalog_create_service: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceCreate"];
            };
        };
        responses: {
            /** @description Add a service to the catalog */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The name is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    catalog_get_service: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                service_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get a service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    catalog_delete_service: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                service_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delete a service that no incident references */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service is linked to incidents */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    catalog_patch_service: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                service_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServicePatch"];
            };
        };
        responses: {
            /** @description Change a service (depends_on replaces the dependency list) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The name is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_list_slos: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                service?: string;
                status?: components["schemas"]["SloStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List SLOs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_SloOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_create_slo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SloCreate"];
            };
        };
        responses: {
            /** @description Define an SLO (its queries are checked at Prometheus) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SloOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The name is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Prometheus is not configured, unreachable, or rejects the query */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_export: {
        parameters: {
            query?: {
                service?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Export SLOs as OpenSLO v1 documents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenSloExportOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_import_: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenSloImportIn"];
            };
        };
        responses: {
            /** @description Import OpenSLO v1 documents (create, or redefine by name; all or nothing) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenSloImportOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Prometheus is not configured, unreachable, or rejects the query */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_rules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus recording and alerting rules for every SLO (a rule file; JSON is YAML) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulesOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_get_slo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slo_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get an SLO with its latest evaluation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SloOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_delete_slo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slo_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delete an SLO and its history */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_patch_slo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slo_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SloPatch"];
            };
        };
        responses: {
            /** @description Change an SLO */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SloOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The name is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Prometheus is not configured, unreachable, or rejects the query */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_history: {
        parameters: {
            query?: {
                since?: string;
                until?: string;
                limit?: number;
            };
            header?: never;
            path: {
                slo_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The periodic evaluations of an SLO, oldest first (for budget and burn charts) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    slos_status: {
        parameters: {
            query?: {
                at?: string;
            };
            header?: never;
            path: {
                slo_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Evaluate an SLO at Prometheus now (or at `at`): SLI, error budget, burn rates, tiers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SloStatusOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many status calls (SLO_STATUS_RATE_LIMIT) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Prometheus is not configured, unreachable, or rejects the query */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    simulation_fail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FailIn"];
            };
        };
        responses: {
            /** @description Make a simulated service misbehave */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InjectOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Simulation is disabled (simulation_disabled) or the scenario is unknown */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    simulation_recover: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecoverIn"];
            };
        };
        responses: {
            /** @description End simulated failures (all, or one service's) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoverOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Simulation is disabled (simulation_disabled) or the scenario is unknown */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    simulation_reset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description End every simulated failure and start over with a fresh shop */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoverOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Simulation is disabled (simulation_disabled) or the scenario is unknown */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    simulation_scenarios: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Named failure scenarios and the simulated services */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScenariosOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Simulation is disabled (simulation_disabled) or the scenario is unknown */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    simulation_run_scenario: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Run a named failure scenario */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InjectOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Simulation is disabled (simulation_disabled) or the scenario is unknown */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    users_list_users: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
                role?: components["schemas"]["Role"];
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_UserOut_"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    users_get_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Get a user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    users_patch_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserPatch"];
            };
        };
        responses: {
            /** @description Change a user's role or access */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token (missing, malformed, expired, revoked, or its user disabled) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The token's user (or integration) may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body or parameters are invalid (details name each field) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
