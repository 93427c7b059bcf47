"""User administration: the directory, roles and deactivation."""
