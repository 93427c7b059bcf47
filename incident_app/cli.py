"""Operator commands: `flask --app incident_app users create|create-admin|set-role|list`."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from pydantic import ValidationError
from sqlalchemy import select

from incident_app.auth.schemas import RegisterIn
from incident_app.auth.service import register_user
from incident_app.errors import ApiError
from incident_app.extensions import db
from incident_app.models import Role, User

users_cli = AppGroup("users", help="Manage Rootline users (e.g. bootstrap an admin).")
ROLE_CHOICE = click.Choice([r.value for r in Role])


def _create(username: str, email: str, password: str, role: Role | None) -> User:
    try:
        return register_user(RegisterIn(username=username, email=email, password=password), role)
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from None
    except ApiError as exc:
        raise click.ClickException(exc.message) from None


@users_cli.command("create")
@click.argument("username")
@click.argument("email")
@click.option(
    "--role",
    type=ROLE_CHOICE,
    default=None,
    help="Default: viewer (admin if first, where FIRST_USER_ADMIN allows it)",
)
@click.password_option()
def create_user(username: str, email: str, role: str | None, password: str) -> None:
    """Create a user (works when self-registration is closed)."""
    user = _create(username, email, password, Role(role) if role else None)
    click.echo(f"created {user.username} ({user.role.value}) {user.id}")


@users_cli.command("create-admin")
@click.argument("username")
@click.argument("email")
@click.password_option()
def create_admin(username: str, email: str, password: str) -> None:
    """Create an admin: how a production deployment gets its first one (self-registration
    there is closed by default and never makes an admin)."""
    user = _create(username, email, password, Role.admin)
    click.echo(f"created {user.username} (admin) {user.id}")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
def set_role(username: str, role: str) -> None:
    """Change a user's role."""
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise click.ClickException(f"no user named {username}")
    user.role = Role(role)
    db.session.commit()
    click.echo(f"{user.username} is now {role}")


@users_cli.command("list")
def list_users() -> None:
    """List users with their roles."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        state = "" if user.is_active else " (disabled)"
        click.echo(f"{user.username}\t{user.role.value}\t{user.email}{state}")
