"""How the demo LMS imitates one real platform's habits (``DemoLmsConfig.flavour``), so the tool's
handling of each can be tested against a running platform.

- ``generic`` and ``moodle``: as configured. (Moodle habits are configuration: numeric user ids as
  ``sub`` and ``login_hint``, ``document_target="window"`` for its mobile app, Instructor for both
  kinds of teacher.)
- ``canvas``: one issuer for every customer (configure several client IDs and deployments);
  custom parameters carry Canvas variables, and when personal data is not shared Canvas leaves
  them, and the name and email it was asked for, as literal ``$Variable`` text.
- ``brightspace``: deployment ids are GUIDs (configure one); an anonymous deployment
  (``share_personal_data=False``) sends no name or email at all; contexts are course offerings.
- ``blackboard``: one client ID for the tool everywhere, one deployment per institution.

Without ``share_personal_data`` every flavour but Canvas leaves name and email out of launches and
of the roster."""

from __future__ import annotations

from typing import Any

FLAVOURS = ("generic", "canvas", "brightspace", "blackboard", "moodle")
PERSONAL_CLAIMS = ("name", "given_name", "family_name", "email")
CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"

CANVAS_UNRESOLVED = {
    "name": "$Person.name.full",
    "given_name": "$Person.name.given",
    "family_name": "$Person.name.family",
    "email": "$Person.email.primary",
}


def adjust_claims(flavour: str, share_personal_data: bool, claims: dict[str, Any]) -> None:
    """Change id_token ``claims`` in place as the flavour's platform would send them."""
    if flavour == "canvas":
        custom = claims.setdefault(CUSTOM, {})
        if share_personal_data:
            custom.setdefault("canvas_user_given_name", claims.get("given_name") or "")
        else:
            claims.update(CANVAS_UNRESOLVED)
            custom["canvas_user_given_name"] = "$Person.name.given"
        custom["canvas_user_id"] = "$Canvas.user.id"
        return
    if not share_personal_data:
        for name in PERSONAL_CLAIMS:
            claims.pop(name, None)
