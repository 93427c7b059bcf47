"""Integrations: the webhook senders (Alertmanager, Grafana) and their tokens."""
