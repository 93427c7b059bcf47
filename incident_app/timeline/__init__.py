"""The incident timeline: every change and note, in order, locked once resolved."""
