"""`flask platform continue` and `flask platform show`: say that a new registration or
deployment continues an old one, and see registrations, deployments, their courses and
continuations (the rules are in ``lti_tool/lti/continuation.py``)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from development_plans.courses import Course
from lti_tool.extensions import db
from lti_tool.lti.continuation import (
    ContinuationRefused,
    DeploymentKey,
    continuations,
    continue_deployment,
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
