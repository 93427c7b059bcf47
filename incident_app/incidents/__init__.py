"""Incidents: creation with service links, listing with filters, and the status lifecycle."""
