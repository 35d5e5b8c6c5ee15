"""Why a launch was refused, in words a learner can read and an administrator can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LaunchRefused(Exception):
    """A launch or login that the tool will not accept. Rendered as a 4xx page, never a 500."""

    title: str
    detail: str
    admin_hint: str
    status: int = 400

    def __str__(self) -> str:
        return f"{self.title}: {self.detail}"


def refused(kind: str, detail: str = "", **values: str) -> LaunchRefused:
    """Build the refusal for one kind of failure, adding the library's own message as detail."""
    title, explanation, hint, status = FAILURES[kind]
    text = explanation.format(**values)
    if detail:
        text = f"{text} ({detail})"
    return LaunchRefused(title=title, detail=text, admin_hint=hint.format(**values), status=status)


FAILURES: dict[str, tuple[str, str, str, int]] = {
    "login_params": (
        "The LMS did not start the launch correctly",
        "The login request is missing something the LTI 1.3 standard requires.",
        "Check that the LMS tool configuration uses LTI 1.3 and this tool's login URL.",
        400,
    ),
    "registration": (
        "This LMS is not registered with Development Planner",
        "No active registration matches issuer {issuer} and client ID {client_id}.",
        "Register the platform with `flask platform add --issuer {issuer} --client-id "
        "{client_id} …`, or check the client ID in the LMS tool configuration.",
        403,
    ),
    "registration_pending": (
        "This LMS's registration is waiting for approval",
        "Issuer {issuer} registered client ID {client_id} through Dynamic Registration, and the "
        "tool's administrator has not approved it yet.",
        "Approve it with `flask platform activate --issuer {issuer} --client-id {client_id}`.",
        403,
    ),
    "state": (
        "Your launch could not be matched to this browser",
        "The launch did not come back with the state this browser was given when it started, "
        "so it may have been started in another window, have expired, or been tampered with.",
        "Ask the person to launch again from the course. If it keeps happening in an embedded "
        "frame, the browser may be blocking the tool's cookies; opening in a new window helps.",
        400,
    ),
    "storage_origin": (
        "Your launch could not be confirmed by your LMS",
        "The launch's state came back from {origin}, not from the LMS that started the launch.",
        "Check the platform's OIDC authorization URL in `flask platform list`: the LMS's storage "
        "frame must answer from that origin. Repeated failures can mean a forged launch.",
        400,
    ),
    "confirm_origin": (
        "Your launch could not be confirmed from this page",
        "The launch's confirmation was sent from {origin}, not from Development Planner's own "
        "page.",
        "Nothing to change in the LMS: another site tried to finish a launch in this browser. "
        "Ask the person to launch again from the course.",
        400,
    ),
    "format": (
        "The launch message could not be read",
        "The id_token is not a well-formed signed JSON Web Token.",
        "Check that the LMS sends LTI 1.3 launches to this tool's launch URL.",
        400,
    ),
    "too_large": (
        "The launch message is too large",
        "The id_token is {size} bytes; the tool accepts at most {limit}.",
        "Check the LMS for custom parameters or claims that make the launch unusually large.",
        413,
    ),
    "nonce": (
        "This launch has already been used or has expired",
        "Each launch can be used once, shortly after it starts.",
        "Ask the person to launch again from the course. Repeated failures can mean a replayed "
        "or forged launch.",
        400,
    ),
    "audience": (
        "The launch was meant for a different tool",
        "The token's audience does not name this tool's client ID.",
        "Check the client ID registered for this platform (`flask platform list`) against the "
        "LMS tool configuration.",
        400,
    ),
    "key": (
        "The launch's signature key could not be found",
        "The LMS signed the launch with a key its published key set does not contain.",
        "Check the platform's keyset URL in `flask platform list`; after the LMS rotates its "
        "keys the tool refetches them automatically.",
        400,
    ),
    "signature": (
        "The launch's signature or timing is not valid",
        "The launch token failed verification.",
        "Check the platform's keyset URL and that the LMS server's clock is correct.",
        400,
    ),
    "deployment_unknown": (
        "This deployment of the tool is not activated",
        "The LMS launched from deployment {deployment_id}, which has not been approved. It has "
        "been recorded as inactive.",
        "An administrator can activate it with `flask platform deployments --issuer {issuer} "
        "--client-id {client_id} --activate {deployment_id}`.",
        403,
    ),
    "deployment_inactive": (
        "This deployment of the tool is switched off",
        "Deployment {deployment_id} is recorded but inactive.",
        "An administrator can activate it with `flask platform deployments --issuer {issuer} "
        "--client-id {client_id} --activate {deployment_id}`.",
        403,
    ),
    "message": (
        "The launch message is not one this tool accepts",
        "The LTI message is incomplete or of an unsupported type or version.",
        "The tool accepts LTI 1.3.0 resource link and deep linking launches with a user.",
        400,
    ),
    "deep_linking_role": (
        "Only course teachers can place this activity",
        "The LMS asked to place Development Planner in a course (Deep Linking) for someone who "
        "is not an Instructor or Administrator there.",
        "Deep Linking is offered to teachers when they add an activity. If a teacher sees this, "
        "check the roles the LMS sends for them in this course.",
        403,
    ),
    "method": (
        "Launches must be sent as a form post",
        "The LMS sent the launch with the wrong HTTP method.",
        "Check that the tool's redirect URI in the LMS is this tool's launch URL.",
        405,
    ),
}
