"""The "Email notices" page: the signed-in person switches each kind of notice on or off for
themselves (nobody else's), and sees which address the notices go to."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for

from development_plans.notices import NoticeKind, preferences, save_preferences
from lti_tool.auth import Viewer, launched_required
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection
from lti_tool.mail import MailAddressInvalid, check_address
from lti_tool.notices.forms import NoticesForm
from lti_tool.views import viewer

bp = Blueprint("notices", __name__, url_prefix="/notices")


def _address(who: Viewer) -> str | None:
    try:
        return check_address(who.user.email or "")
    except MailAddressInvalid:
        return None


@bp.route("/", methods=["GET", "POST"])
@launched_required
def settings() -> Any:
    """Show and save the viewer's choices."""
    who = viewer()
    form = NoticesForm()
    if form.validate_on_submit():
        chosen = set(form.kinds.data or [])
        save_preferences(db.session, who.user.id, {k: k.value in chosen for k in NoticeKind})
        db.session.commit()
        flash("Your email notices are saved.", "success")
        return redirect(url_for("notices.settings"), code=303)
    current = preferences(db.session, who.user.id)
    status = 400 if form.errors else 200
    return render_template(
        "notices/settings.html",
        form=form,
        kinds=[(kind, current[kind]) for kind in NoticeKind],
        address=_address(who),
    ), status


def home_section(who: Viewer) -> HomeSection:
    """Everyone's home page links to their email notices."""
    return HomeSection("notices/_home_section.html", order=90, data={"address": _address(who)})
