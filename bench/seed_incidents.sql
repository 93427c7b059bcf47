-- Bulk seed for bench/api_load.py: incidents 13 minutes apart going back from now, each on one to
-- three of 12 linked services, with a commander, its creator, and 2-4 timeline events.
-- api_load.py replaces @INCIDENTS@ (a count) and @CREATOR@ (the benchmark user's id, a uuid).
INSERT INTO users (id, username, email, password_hash, role, is_active, created_at, updated_at)
SELECT gen_random_uuid(), 'responder' || n, 'responder' || n || '@bench.example', 'x',
       'responder', true, now(), now()
FROM generate_series(1, 20) AS n;

INSERT INTO services (id, name, description, namespace, tier, owner_team, users_served,
                      revenue_per_hour, telemetry, created_at, updated_at)
SELECT gen_random_uuid(), name, 'The ' || name || ' service', 'shop', 1 + n % 3,
       'team-' || n % 4, 1000 * n, 250.0 * n, '{}', now(), now()
FROM unnest(ARRAY['frontend', 'checkout', 'cart', 'payments', 'postgres', 'catalog',
                  'inventory', 'shipping', 'recommendations', 'auth', 'notifications',
                  'redis-cache']) WITH ORDINALITY AS t(name, n);

CREATE TEMP TABLE seed_services AS
SELECT id, name, row_number() OVER (ORDER BY name) - 1 AS n FROM services;
CREATE TEMP TABLE seed_users AS
SELECT id, row_number() OVER (ORDER BY username) - 1 AS n FROM users WHERE password_hash = 'x';

INSERT INTO service_dependencies (service_id, depends_on_id)
SELECT a.id, b.id FROM seed_services a JOIN seed_services b ON b.n IN ((a.n + 1) % 12, (a.n + 5) % 12);

CREATE TEMP TABLE seed AS
SELECT gen_random_uuid() AS id, n,
       CASE WHEN n % 100 < 3 THEN 'open' WHEN n % 100 < 6 THEN 'investigating'
            WHEN n % 100 < 9 THEN 'mitigated' ELSE 'resolved' END AS status,
       (ARRAY['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low'])[1 + n % 7]
           AS severity,
       date_trunc('second', now()) - n * interval '13 minutes' AS started_at,
       60 + n % 900 AS mtta, 1800 + (n * 37) % 14400 AS mttr
FROM generate_series(1, @INCIDENTS@) AS n;

INSERT INTO incidents (id, title, description, severity, status, started_at, detected_at,
                       acknowledged_at, mitigated_at, resolved_at, root_cause, resolution,
                       mtta_seconds, mttr_seconds, commander_id, created_by_id, metadata,
                       timeline_locked, created_at, updated_at)
SELECT s.id, 'Elevated errors on ' || svc.name || ' #' || s.n,
       'Error rate above the SLO threshold on ' || svc.name, s.severity, s.status,
       s.started_at, s.started_at + interval '30 seconds',
       CASE WHEN s.status <> 'open' THEN s.started_at + s.mtta * interval '1 second' END,
       CASE WHEN s.status IN ('mitigated', 'resolved')
            THEN s.started_at + s.mtta * 2 * interval '1 second' END,
       CASE WHEN s.status = 'resolved' THEN s.started_at + s.mttr * interval '1 second' END,
       CASE WHEN s.status = 'resolved' THEN 'Connection pool exhaustion in ' || svc.name END,
       CASE WHEN s.status = 'resolved' THEN 'Raised the pool size and restarted' END,
       CASE WHEN s.status <> 'open' THEN s.mtta END,
       CASE WHEN s.status = 'resolved' THEN s.mttr END,
       u.id, @CREATOR@, jsonb_build_object('source', 'bench', 'region', 'eu-west-' || s.n % 3),
       s.status = 'resolved', s.started_at, s.started_at + s.mttr * interval '1 second'
FROM seed s
JOIN seed_services svc ON svc.n = s.n % 12
JOIN seed_users u ON u.n = s.n % 20;

INSERT INTO incident_services (incident_id, service_id, impact_level, position)
SELECT s.id, svc.id, (ARRAY['primary', 'secondary', 'tertiary'])[1 + k], k
FROM seed s
CROSS JOIN generate_series(0, 2) AS k
JOIN seed_services svc ON svc.n = (s.n + k * 5) % 12
WHERE k <= s.n % 3;

INSERT INTO timeline_events (incident_id, event_type, source, title, description, metadata,
                             occurred_at, created_at, actor_id)
SELECT s.id, e.event_type, e.source, e.title, '', e.metadata, e.at, e.at, e.actor
FROM seed s
JOIN incidents i ON i.id = s.id
CROSS JOIN LATERAL (VALUES
    ('incident_created', 'user', 'Incident created: ' || i.title,
     jsonb_build_object('severity', i.severity), i.started_at, @CREATOR@),
    ('status_changed', 'user', 'Status open → investigating',
     jsonb_build_object('from', 'open', 'to', 'investigating'), i.acknowledged_at,
     i.commander_id),
    ('note', 'user', 'Rolled back the last deploy', '{}'::jsonb,
     i.acknowledged_at + interval '5 minutes', i.commander_id),
    ('incident_resolved', 'user', 'Incident resolved',
     jsonb_build_object('mttr_seconds', i.mttr_seconds), i.resolved_at, i.commander_id)
) AS e(event_type, source, title, metadata, at, actor)
WHERE e.at IS NOT NULL;
