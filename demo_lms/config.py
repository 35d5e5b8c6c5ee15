"""Configuration of the demo LMS: the course, its people and the tool it is registered with."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
MENTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"

MEMBER_STATUSES = ("Active", "Inactive", "Deleted")


@dataclass(frozen=True)
class Course:
    """The single course (LTI context) the demo LMS hosts."""

    id: str = "demo-course-101"
    title: str = "Leadership development 2026"
    label: str = "LEAD101"


@dataclass(frozen=True)
class ResourceLink:
    """The activity placed in the course that launches the tool."""

    id: str = "demo-resource-1"
    title: str = "My development plan"


@dataclass(frozen=True)
class Persona:
    """A person who can launch the tool from the course page; `mentees` are subs (Mentor role)."""

    id: str
    sub: str
    given_name: str
    family_name: str
    email: str
    roles: tuple[str, ...]
    mentees: tuple[str, ...] = ()
    about: str = ""  # who they are in the demo's story, shown on the course page

    @property
    def name(self) -> str:
        """Full display name."""
        return f"{self.given_name} {self.family_name}"

    @property
    def is_instructor(self) -> bool:
        """True when the persona may place activities (Deep Linking)."""
        return INSTRUCTOR in self.roles

    def as_member(self, personal: bool = True) -> Member:
        """This persona as a roster member (without name and email unless ``personal``)."""
        if not personal:
            return Member(user_id=self.sub, roles=self.roles)
        return Member(
            user_id=self.sub,
            roles=self.roles,
            name=self.name,
            given_name=self.given_name,
            family_name=self.family_name,
            email=self.email,
        )


@dataclass(frozen=True)
class Member:
    """A roster entry as served by NRPS; the personal fields are optional."""

    user_id: str
    roles: tuple[str, ...] = (LEARNER,)
    status: str = "Active"
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if not self.user_id:
            raise ValueError("member user_id must not be empty")
        if self.status not in MEMBER_STATUSES:
            raise ValueError(f"member status must be one of {MEMBER_STATUSES}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        """Build a member from its NRPS JSON form (unknown keys are an error)."""
        allowed = {"user_id", "roles", "status", "name", "given_name", "family_name", "email"}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown member fields: {sorted(unknown)}")
        if "user_id" not in data:
            raise ValueError("member needs a user_id")
        roles = data.get("roles", [LEARNER])
        if not isinstance(roles, list | tuple) or not all(isinstance(r, str) for r in roles):
            raise ValueError("member roles must be a list of strings")
        for key in allowed - {"roles"}:
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ValueError(f"member {key} must be a string")
        return cls(**{**data, "roles": tuple(roles)})

    def to_json(self) -> dict[str, Any]:
        """NRPS JSON form, leaving out personal fields that are not set."""
        body: dict[str, Any] = {"user_id": self.user_id, "status": self.status}
        for key in ("name", "given_name", "family_name", "email"):
            value = getattr(self, key)
            if value is not None:
                body[key] = value
        body["roles"] = list(self.roles)
        return body


DEFAULT_PERSONAS: tuple[Persona, ...] = (
    Persona(
        id="asha",
        sub="demo-learner-asha",
        given_name="Asha",
        family_name="Patel",
        email="asha.patel@example.nhs.uk",
        roles=(LEARNER,),
    ),
    Persona(
        id="ben",
        sub="demo-learner-ben",
        given_name="Ben",
        family_name="Okafor",
        email="ben.okafor@example.nhs.uk",
        roles=(LEARNER,),
    ),
    Persona(
        id="carys",
        sub="demo-manager-carys",
        given_name="Carys",
        family_name="Jones",
        email="carys.jones@example.nhs.uk",
        roles=(INSTRUCTOR,),
    ),
)


def _peer(persona_id: str, given_name: str, family_name: str) -> Persona:
    return Persona(
        id=persona_id,
        sub=f"demo-learner-{persona_id}",
        given_name=given_name,
        family_name=family_name,
        email=f"{given_name}.{family_name}@example.nhs.uk".lower(),
        roles=(LEARNER,),
        about="Asha's peer on the ward",
    )


DEMO_PERSONAS: tuple[Persona, ...] = (
    replace(DEFAULT_PERSONAS[0], about="asks for 360 feedback"),
    replace(DEFAULT_PERSONAS[1], about="Asha's peer on the ward"),
    replace(DEFAULT_PERSONAS[2], about="Asha's line manager"),
    _peer("ffion", "Ffion", "Evans"),
    _peer("omar", "Omar", "Haddad"),
    _peer("lin", "Lin", "Chen"),
)
"""`./dev demo`'s course: the default three people plus three more of Asha's peers, so the whole
360 loop (a manager and at least three peers from the course) can be tried in the browser. Tests
keep DEFAULT_PERSONAS."""


@dataclass(frozen=True)
class DemoLmsConfig:
    """Everything the demo LMS needs; `issuer` is its external base URL including any mount path."""

    issuer: str
    tool_login_url: str
    tool_launch_url: str
    tool_jwks_url: str
    client_id: str = "demo-client"
    deployment_id: str = "1"
    key_path: Path | None = None
    course: Course = field(default_factory=Course)
    personas: tuple[Persona, ...] = DEFAULT_PERSONAS
    resource_link: ResourceLink = field(default_factory=ResourceLink)
    extra_members: tuple[Member, ...] = ()
    custom: dict[str, str] = field(default_factory=dict)
    create_default_lineitem: bool = True
    default_lineitem_score_maximum: float = 100
    token_expires_in: int = 3600
    membership_page_size: int | None = 100
    enable_control: bool = False
    platform_name: str = "Demo LMS"
    platform_storage: bool = False
    http_timeout: float = 5.0
    flavour: str = "generic"
    share_personal_data: bool = True

    def __post_init__(self) -> None:
        if not self.issuer.startswith(("http://", "https://")):
            raise ValueError("issuer must be an absolute http(s) URL")
        if self.issuer.endswith("/"):
            raise ValueError("issuer must not end with a slash")
        ids = [p.id for p in self.personas]
        subs = [p.sub for p in self.personas]
        if len(set(ids)) != len(ids) or len(set(subs)) != len(subs):
            raise ValueError("persona ids and subs must be unique")
        from demo_lms.flavours import FLAVOURS

        if self.flavour not in FLAVOURS:
            raise ValueError(f"flavour must be one of {FLAVOURS}")
        if self.token_expires_in <= 0:
            raise ValueError("token_expires_in must be positive")
        if self.membership_page_size is not None and self.membership_page_size <= 0:
            raise ValueError("membership_page_size must be positive")

    @property
    def token_url(self) -> str:
        """OAuth2 token endpoint (the audience of client assertions)."""
        return f"{self.issuer}/token"

    @property
    def auth_url(self) -> str:
        """OIDC authorization endpoint."""
        return f"{self.issuer}/auth"

    @property
    def jwks_url(self) -> str:
        """The platform's public key set."""
        return f"{self.issuer}/jwks"

    @property
    def deep_link_return_url(self) -> str:
        """Where the tool posts its Deep Linking response."""
        return f"{self.issuer}/deep-link/return"

    @property
    def context_url(self) -> str:
        """Base of the course's service URLs."""
        return f"{self.issuer}/api/contexts/{quote(self.course.id, safe='')}"

    @property
    def lineitems_url(self) -> str:
        """AGS line item container."""
        return f"{self.context_url}/lineitems"

    @property
    def memberships_url(self) -> str:
        """NRPS membership container."""
        return f"{self.context_url}/memberships"

    def persona(self, persona_id: str) -> Persona | None:
        """The persona with this id, if any."""
        return next((p for p in self.personas if p.id == persona_id), None)

    def persona_by_sub(self, sub: str) -> Persona | None:
        """The persona with this subject identifier, if any."""
        return next((p for p in self.personas if p.sub == sub), None)
