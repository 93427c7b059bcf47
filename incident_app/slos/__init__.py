"""SLOs: definitions, exact evaluation from Prometheus, burn-rate alert tiers, generated rules,
OpenSLO import and export, evaluation history, and the business impact of incidents."""
