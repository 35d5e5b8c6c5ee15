"""The platform's RSA signing key and the cached copy of the tool's public key set."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ALGORITHM = "RS256"


class KeyLookupError(Exception):
    """A JWT's signing key could not be found or fetched."""


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class SigningKey:
    """An RSA private key with its RFC 7638 thumbprint as kid."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self.private_key = private_key
        numbers = private_key.public_key().public_numbers()
        self._n = _b64url_uint(numbers.n)
        self._e = _b64url_uint(numbers.e)
        canonical = json.dumps({"e": self._e, "kty": "RSA", "n": self._n}, separators=(",", ":"))
        digest = hashlib.sha256(canonical.encode("ascii")).digest()
        self.kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    @classmethod
    def generate(cls) -> SigningKey:
        """A fresh 2048-bit key."""
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @classmethod
    def from_pem(cls, pem: bytes) -> SigningKey:
        """Load an unencrypted PKCS#8 or PKCS#1 PEM private key."""
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the platform key must be an RSA private key")
        return cls(key)

    @property
    def private_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def public_jwk(self) -> dict[str, str]:
        """The public half as a JWK for the JWKS endpoint."""
        return {
            "kty": "RSA",
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
            "n": self._n,
            "e": self._e,
        }

    def sign(self, claims: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
        """Sign claims with RS256, putting this key's kid in the header."""
        return jwt.encode(
            claims,
            self.private_key,
            algorithm=ALGORITHM,
            headers={"kid": self.kid, **(headers or {})},
        )


def load_or_create_signing_key(path: Path | None) -> SigningKey:
    """Load the PEM key at `path`, creating it (mode 0600) if missing; None keeps it in memory."""
    if path is None:
        return SigningKey.generate()
    if path.exists():
        return SigningKey.from_pem(path.read_bytes())
    key = SigningKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_pem)
    return key


class RemoteKeySet:
    """A JWKS fetched over HTTP and cached by kid; an unknown kid triggers one refetch."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.fetches = 0
        self._keys: dict[str | None, Any] = {}
        self._lock = threading.Lock()

    def _fetch(self) -> None:
        self.fetches += 1
        try:
            response = requests.get(self.url, timeout=self.timeout)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise KeyLookupError(f"could not fetch the tool JWKS from {self.url}: {exc}") from exc
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise KeyLookupError("the tool JWKS is not a JSON object with a 'keys' list")
        keys: dict[str | None, Any] = {}
        for entry in document["keys"]:
            if not isinstance(entry, dict) or entry.get("kty") != "RSA":
                continue
            if entry.get("use", "sig") != "sig" or entry.get("alg", ALGORITHM) != ALGORITHM:
                continue
            try:
                keys[entry.get("kid")] = jwt.PyJWK(entry, algorithm=ALGORITHM).key
            except jwt.PyJWTError:
                continue
        self._keys = keys

    def _lookup(self, kid: str | None) -> Any | None:
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        return self._keys.get(kid)

    def key_for(self, token: str) -> Any:
        """The public key that should have signed `token` (RS256 only)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise KeyLookupError(f"malformed JWT: {exc}") from exc
        if header.get("alg") != ALGORITHM:
            raise KeyLookupError(f"JWT alg must be {ALGORITHM}, got {header.get('alg')!r}")
        kid = header.get("kid")
        with self._lock:
            key = self._lookup(kid)
            if key is None:
                self._fetch()
                key = self._lookup(kid)
        if key is None:
            raise KeyLookupError(f"no key with kid {kid!r} in the tool JWKS")
        return key
