"""`flask platform continue`, `flask platform frame-origins` and `flask platform show`: say that
a new registration or deployment continues an old one (the rules are in
``lti_tool/lti/continuation.py``), add the other origins an LMS frames the tool from
(``lti_tool/lti/frame_origins.py``), and see registrations, deployments, their courses and
continuations."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from development_plans.courses import Course
from lti_tool.cli import _registration
from lti_tool.extensions import db
from lti_tool.lti.continuation import (
    ContinuationRefused,
    DeploymentKey,
    continuations,
    continue_deployment,
)
from lti_tool.lti.frame_origins import (
    FrameOriginRefused,
    added_frame_origins,
    allowed_frame_origins,
    frame_origin,
    set_frame_origins,
)
from lti_tool.lti.models import LtiRegistration


@click.command("continue")
@with_appcontext
@click.option("--old-issuer", required=True, help="Issuer of the deployment being replaced.")
@click.option("--old-client-id", required=True, help="Its client ID.")
@click.option("--old-deployment", required=True, help="Its deployment ID.")
@click.option("--new-issuer", default=None, help="Issuer of the new deployment (default: old).")
@click.option("--new-client-id", required=True, help="Client ID of the new registration.")
@click.option("--new-deployment", required=True, help="Deployment ID of the new deployment.")
@click.option("--set-aside", is_flag=True, help="Keep aside work already made under the new one.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def platform_continue(
    old_issuer, old_client_id, old_deployment, new_issuer, new_client_id, new_deployment,
    set_aside, yes,
) -> None:  # fmt: skip
    """Say that a new deployment continues an old one: its courses, people and work carry on."""
    old = DeploymentKey(old_issuer, old_client_id, old_deployment)
    new = DeploymentKey(new_issuer or old_issuer, new_client_id, new_deployment)
    if not yes:
        click.confirm(f"Move every course of {old} to {new}?", abort=True)
    try:
        report = continue_deployment(db.session, old, new, set_aside=set_aside)
    except ContinuationRefused as refusal:
        db.session.rollback()
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()
    click.echo(f"{new} now continues {old}.")
    click.echo(f"Moved {report.courses_moved} course(s) and {report.people_moved} person(s).")
    if report.reversed_previous:
        click.echo("This reverses the earlier continuation the other way.")
    for merged in report.merged:
        click.echo(f"Merged away the empty {merged} made under the new deployment.")
    for kept in report.set_aside:
        click.echo(f"Set aside {kept}: kept, no longer reached by launches.")


@click.command("show")
@with_appcontext
@click.option("--issuer", default=None, help="Only registrations of this issuer.")
def platform_show(issuer) -> None:
    """Registrations with their deployments, the courses each holds, and continuations."""
    query = select(LtiRegistration).order_by(LtiRegistration.id)
    if issuer:
        query = query.where(LtiRegistration.issuer == issuer)
    counts = dict(
        ((i, c, d), n)
        for i, c, d, n in db.session.execute(
            select(Course.issuer, Course.client_id, Course.deployment_id, func.count()).group_by(
                Course.issuer, Course.client_id, Course.deployment_id
            )
        )
    )
    for row in db.session.scalars(query):
        name = f" {row.name!r}" if row.name else ""
        state = "active" if row.active else "inactive"
        click.echo(f"{row.issuer}  client ID {row.client_id}{name}  ({state})")
        click.echo(f"  login: {row.auth_login_url}")
        click.echo(f"  framed from: {' '.join(allowed_frame_origins(row))}")
        for dep in row.deployments:
            courses = counts.get((row.issuer, row.client_id, dep.deployment_id), 0)
            status = "active" if dep.active else "inactive"
            click.echo(f"  deployment {dep.deployment_id}: {status}, {courses} course(s)")
    rows = [
        c for c in continuations(db.session) if not issuer or issuer in (c.from_issuer, c.to_issuer)
    ]
    if rows:
        click.echo("Continuations (launches from the old deployment use the new one's courses):")
    for row in rows:
        click.echo(f"  {row.old}  ->  {row.new}  (since {row.created_at:%Y-%m-%d})")


@click.group("frame-origins", cls=AppGroup)
def frame_origins() -> None:
    """Origins besides its issuer and login URL that a platform frames the tool from (Canvas
    cloud: the institution's own host). Seen by running servers within 30 seconds."""


def _origins(values: tuple[str, ...]) -> list[str]:
    try:
        return [frame_origin(value) for value in values]
    except FrameOriginRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal


def _echo_origins(row: LtiRegistration) -> None:
    added = added_frame_origins(row)
    click.echo(f"{row.issuer}  client ID {row.client_id} is framed from:")
    for origin in allowed_frame_origins(row):
        click.echo(f"  {origin}" + ("  (added)" if origin in added else ""))


@frame_origins.command("add")
@click.option("--issuer", required=True, help="The platform's issuer.")
@click.option("--client-id", required=True, help="The client ID of its registration.")
@click.argument("origins", nargs=-1, required=True)
def frame_origins_add(issuer, client_id, origins) -> None:
    """Let the platform frame the tool from ORIGINS (https://host[:port], no path or wildcard)."""
    row = _registration(issuer, client_id)
    set_frame_origins(row, added_frame_origins(row) + _origins(origins))
    db.session.commit()
    _echo_origins(row)


@frame_origins.command("remove")
@click.option("--issuer", required=True, help="The platform's issuer.")
@click.option("--client-id", required=True, help="The client ID of its registration.")
@click.argument("origins", nargs=-1, required=True)
def frame_origins_remove(issuer, client_id, origins) -> None:
    """Stop the platform framing the tool from ORIGINS added before."""
    row = _registration(issuer, client_id)
    gone = _origins(origins)
    unknown = [origin for origin in gone if origin not in added_frame_origins(row)]
    if unknown:
        raise click.ClickException(f"Not added to this registration: {' '.join(unknown)}.")
    set_frame_origins(row, [o for o in added_frame_origins(row) if o not in gone])
    db.session.commit()
    _echo_origins(row)


@frame_origins.command("list")
@click.option("--issuer", required=True, help="The platform's issuer.")
@click.option("--client-id", required=True, help="The client ID of its registration.")
def frame_origins_list(issuer, client_id) -> None:
    """Every origin the platform may frame the tool from; those added are marked."""
    _echo_origins(_registration(issuer, client_id))
