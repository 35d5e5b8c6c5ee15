"""Administrator commands: register platforms, manage deployments, rotate keys, validate content,
and print the URLs to paste into the LMS."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from development_plans.framework import Framework
from lti_tool.extensions import db
from lti_tool.lti import keys
from lti_tool.lti.models import LtiDeployment, LtiRegistration
from lti_tool.views import installed_frameworks


def init_app(app: Flask) -> None:
    from lti_tool.platform_cli import platform_continue, platform_show

    platform.add_command(platform_continue)
    platform.add_command(platform_show)
    app.cli.add_command(platform)
    app.cli.add_command(keys_group)
    app.cli.add_command(content)
    app.cli.add_command(tool_urls)


def _registration(issuer: str, client_id: str) -> LtiRegistration:
    row = db.session.scalar(
        select(LtiRegistration).where(
            LtiRegistration.issuer == issuer, LtiRegistration.client_id == client_id
        )
    )
    if row is None:
        raise click.ClickException(
            f"No platform is registered with issuer {issuer} and client ID {client_id}. "
            "See `flask platform list`."
        )
    return row


@click.group(cls=AppGroup)
def platform() -> None:
    """Register LMS platforms (one issuer may have many client IDs) and their deployments."""


@platform.command("add")
@click.option("--issuer", required=True, help="The platform's issuer (Moodle: its wwwroot).")
@click.option("--client-id", required=True, help="The client ID the LMS gave this tool.")
@click.option("--auth-login-url", required=True, help="Platform OIDC authentication URL.")
@click.option("--access-token-url", required=True, help="Platform OAuth2 access token URL.")
@click.option("--keyset-url", required=True, help="Platform public keyset (JWKS) URL.")
@click.option("--audience", default=None, help="Token audience, if not the access token URL.")
@click.option("--deployment", "deployments", multiple=True, help="Deployment ID (repeatable).")
@click.option("--name", default=None, help="A name to recognise this platform by.")
def platform_add(
    issuer, client_id, auth_login_url, access_token_url, keyset_url, audience, deployments, name
) -> None:
    """Register a platform, or update it if (issuer, client ID) is already registered."""
    for label, url in (
        ("--auth-login-url", auth_login_url),
        ("--access-token-url", access_token_url),
        ("--keyset-url", keyset_url),
    ):
        if not url.startswith(("https://", "http://")):
            raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint=label)
    row = db.session.scalar(
        select(LtiRegistration).where(
            LtiRegistration.issuer == issuer, LtiRegistration.client_id == client_id
        )
    )
    created = row is None
    if created:
        row = LtiRegistration(issuer=issuer, client_id=client_id)
        db.session.add(row)
    row.name = name or row.name
    row.auth_login_url = auth_login_url
    row.auth_token_url = access_token_url
    row.key_set_url = keyset_url
    row.auth_audience = audience
    row.active = True
    known = {d.deployment_id: d for d in row.deployments}
    for deployment_id in deployments:
        if deployment_id in known:
            known[deployment_id].active = True
        else:
            row.deployments.append(LtiDeployment(deployment_id=deployment_id, active=True))
    db.session.commit()
    click.echo(f"{'Registered' if created else 'Updated'} {issuer} (client ID {client_id}).")


@platform.command("list")
def platform_list() -> None:
    """List registered platforms with their deployments (`flask platform show` adds courses and
    continuations)."""
    rows = db.session.scalars(select(LtiRegistration).order_by(LtiRegistration.id)).all()
    if not rows:
        click.echo("No platforms registered. Add one with `flask platform add`.")
    for row in rows:
        status = "active" if row.active else "inactive"
        click.echo(f"{row.issuer}  client ID {row.client_id}  ({status})")
        click.echo(f"  login: {row.auth_login_url}")
        click.echo(f"  token: {row.auth_token_url}")
        click.echo(f"  keyset: {row.key_set_url}")
        for dep in row.deployments:
            click.echo(
                f"  deployment {dep.deployment_id}: {'active' if dep.active else 'inactive'}"
            )


@platform.command("remove")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def platform_remove(issuer, client_id, yes) -> None:
    """Remove a registration and its deployments (people's plans are kept)."""
    row = _registration(issuer, client_id)
    if not yes:
        click.confirm(f"Remove {issuer} (client ID {client_id})?", abort=True)
    db.session.delete(row)
    db.session.commit()
    click.echo(f"Removed {issuer} (client ID {client_id}).")


@platform.command("activate")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--deactivate", is_flag=True, help="Switch the registration off instead.")
def platform_activate(issuer, client_id, deactivate) -> None:
    """Approve a registration made through Dynamic Registration (or switch one off)."""
    row = _registration(issuer, client_id)
    row.active = not deactivate
    db.session.commit()
    click.echo(f"{issuer} (client ID {client_id}) is {'active' if row.active else 'inactive'}.")


@platform.command("deployments")
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--add", "to_add", multiple=True, help="Add an active deployment ID.")
@click.option("--activate", multiple=True, help="Activate a deployment ID.")
@click.option("--deactivate", multiple=True, help="Deactivate a deployment ID.")
def platform_deployments(issuer, client_id, to_add, activate, deactivate) -> None:
    """List, add, activate or deactivate a platform's deployments."""
    row = _registration(issuer, client_id)
    known = {d.deployment_id: d for d in row.deployments}
    for deployment_id in (*to_add, *activate):
        if deployment_id in known:
            known[deployment_id].active = True
        elif deployment_id in to_add:
            dep = LtiDeployment(deployment_id=deployment_id, active=True)
            row.deployments.append(dep)
            known[deployment_id] = dep
        else:
            raise click.ClickException(f"Deployment {deployment_id} is not recorded; use --add.")
    for deployment_id in deactivate:
        if deployment_id not in known:
            raise click.ClickException(f"Deployment {deployment_id} is not recorded.")
        known[deployment_id].active = False
    db.session.commit()
    for dep in row.deployments:
        note = " (seen in a refused launch)" if dep.first_refused_at else ""
        click.echo(f"{dep.deployment_id}: {'active' if dep.active else 'inactive'}{note}")


@click.group("keys", cls=AppGroup)
def keys_group() -> None:
    """The tool's signing keys."""


@keys_group.command("rotate")
def keys_rotate() -> None:
    """Start signing with a new key; the old one stays published for the grace period."""
    new, retired = keys.rotate(db.session)
    grace = current_app.config["KEY_ROTATION_GRACE_DAYS"]
    click.echo(f"New signing key {new.kid}.")
    for key in retired:
        click.echo(f"Retired {key.kid}; still published in the JWKS for {grace} days.")


@keys_group.command("list")
def keys_list() -> None:
    """Show the keys published in the JWKS."""
    grace = timedelta(days=current_app.config["KEY_ROTATION_GRACE_DAYS"])
    for key in keys.published_keys(db.session, grace):
        state = "signing" if key.retired_at is None else f"retired {key.retired_at:%Y-%m-%d}"
        click.echo(f"{key.kid}  {state}")


@click.group(cls=AppGroup)
def content() -> None:
    """Framework packs and resource catalogues."""


@content.command("validate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def content_validate(path: str) -> None:
    """Check a framework pack against the schema; exits non-zero with every problem listed."""
    from development_plans.framework import validate_pack_file

    problems = validate_pack_file(path)
    if problems:
        for problem in problems:
            click.echo(f"{path}: {problem}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"{path} is a valid framework pack.")


def _pack(pack: str) -> Framework:
    """A pack by file path, else an installed pack by id."""
    from development_plans.framework import ContentError, load_framework

    try:
        if Path(pack).is_file():
            return load_framework(pack)
        return installed_frameworks()[pack]
    except ContentError as error:
        raise click.ClickException(str(error)) from None
    except KeyError:
        known = ", ".join(installed_frameworks())
        raise click.ClickException(
            f"{pack!r} is neither a pack file nor an installed pack (installed: {known})"
        ) from None


@content.command("export-moodle")
@click.argument("pack")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="file to write")
@with_appcontext
def content_export_moodle(pack: str, output: str | None) -> None:
    """Write PACK (a pack file or an installed pack's id) as a CSV for Moodle's competency
    framework import; standard output unless --output names a file."""
    from development_plans.framework.moodle_csv import moodle_competency_csv

    text = moodle_competency_csv(_pack(pack))
    if output is None:
        click.echo(text, nl=False)
        return
    Path(output).write_text(text, encoding="utf-8", newline="")
    click.echo(f"Wrote {output}. In Moodle: Site administration > Competencies > Import.", err=True)


@content.command("import-spreadsheet")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--output", required=True, type=click.Path(dir_okay=False), help="the pack file to write"
)
def content_import_spreadsheet(file: str, output: str) -> None:
    """Turn a framework spreadsheet (CSV or XLSX, layout in docs/content-packs.md) into a
    pack. Every problem is listed by row and column, and then nothing is written."""
    from development_plans.framework.spreadsheet_import import import_spreadsheet, pack_yaml

    target = Path(output)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise click.BadParameter("name a .yaml file", param_hint="--output")
    data, problems = import_spreadsheet(file)
    if data is None:
        for problem in problems:
            click.echo(f"{file}: {problem}", err=True)
        click.echo(f"{len(problems)} problem(s); nothing was written.", err=True)
        raise click.exceptions.Exit(1)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(pack_yaml(data, Path(file).name), encoding="utf-8")
    partial.replace(target)  # all at once: never half a pack
    click.echo(f"Wrote {output}: {data['title']} version {data['version']}.")


@click.command("urls")
@with_appcontext
@click.option(
    "--base-url", required=True, help="The tool's public base URL, e.g. https://dp.example.org"
)
def tool_urls(base_url: str) -> None:
    """Print the URLs to paste into the LMS's tool configuration."""
    config = current_app.config
    server, scheme = config.get("SERVER_NAME"), config.get("PREFERRED_URL_SCHEME")
    scheme_host = base_url.rstrip("/").split("://", 1)
    if len(scheme_host) != 2:
        raise click.BadParameter("give a full URL such as https://dp.example.org")
    config["PREFERRED_URL_SCHEME"], config["SERVER_NAME"] = scheme_host
    try:
        with current_app.test_request_context("/"):
            login, launch, jwks = (
                url_for("lti.login", _external=True),
                url_for("lti.launch", _external=True),
                url_for("lti.jwks", _external=True),
            )
    finally:
        config["SERVER_NAME"], config["PREFERRED_URL_SCHEME"] = server, scheme
    click.echo(f"Tool URL:                 {launch}")
    click.echo(f"Initiate login URL:       {login}")
    click.echo(f"Redirection URI(s):       {launch}")
    click.echo(f"Public keyset URL:        {jwks}")
    click.echo(f"Content selection URL:    {launch}")
