"""Authentication: registration, login, token refresh and revocation."""
