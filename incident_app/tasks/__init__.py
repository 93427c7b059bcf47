"""Incident tasks: follow-up work with an assignee, a status and a due date."""
