"""Live updates for the web UI: a change feed over the timeline, served as Server-Sent Events."""
