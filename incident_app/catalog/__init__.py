"""The service catalog: services, owners, business value, telemetry hints and dependencies."""
