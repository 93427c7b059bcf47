"""Alert intake: Alertmanager and Grafana webhooks grouped into incidents."""
