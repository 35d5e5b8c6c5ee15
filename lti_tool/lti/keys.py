"""The tool's signing keys: created on first use, rotated by an administrator, published as JWKS."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from jwcrypto.jwk import JWK
from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.lti.models import ToolKey


def _new_key() -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    jwk = JWK.from_pem(pem.encode())
    public = json.loads(jwk.export_public())
    kid = jwk.thumbprint()
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return ToolKey(kid=kid, private_key_pem=pem, public_jwk=public)


@dataclass(frozen=True)
class ParsedKey:
    """A signing key ready to use: parsing and validating a PEM costs ~50 ms of CPU, so it is done
    once per process for each key id, and a rotation (a new id) is seen at once."""

    kid: str
    private_key: RSAPrivateKey
    public_pem: str


_PARSED: dict[str, ParsedKey] = {}
_PARSED_LIMIT = 8


def parsed(key: ToolKey) -> ParsedKey:
    """``key`` parsed, from this process's cache when it was parsed before."""
    if (found := _PARSED.get(key.kid)) is not None:
        return found
    private = serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)
    assert isinstance(private, RSAPrivateKey)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    found = _PARSED[key.kid] = ParsedKey(key.kid, private, public_pem)
    return found


def signing_key(session: Session) -> ToolKey:
    """The key the tool signs with now; the first call on an empty database creates one."""
    key = session.scalars(
        select(ToolKey).where(ToolKey.retired_at.is_(None)).order_by(ToolKey.id.desc())
    ).first()
    if key is None:
        key = _new_key()
        session.add(key)
        session.commit()
    return key


def rotate(session: Session) -> tuple[ToolKey, list[ToolKey]]:
    """Make a new signing key and retire the current ones; retired keys stay published for the
    grace period so tokens signed a moment ago still verify."""
    now = utcnow()
    retired = list(session.scalars(select(ToolKey).where(ToolKey.retired_at.is_(None))))
    for key in retired:
        key.retired_at = now
    new = _new_key()
    session.add(new)
    session.commit()
    return new, retired


def published_keys(session: Session, grace: timedelta) -> list[ToolKey]:
    """Keys in the JWKS: the signing key plus keys retired less than ``grace`` ago."""
    signing_key(session)
    cutoff = utcnow() - grace
    keys = session.scalars(select(ToolKey).order_by(ToolKey.id.desc())).all()
    return [k for k in keys if k.retired_at is None or k.retired_at > cutoff]


def jwks(session: Session, grace: timedelta) -> dict[str, list[dict]]:
    return {"keys": [k.public_jwk for k in published_keys(session, grace)]}
