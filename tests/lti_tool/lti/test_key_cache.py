"""The tool's signing key is parsed once per process for each key id (parsing and validating an
RSA key costs ~50 ms of CPU), and a new key id after a rotation is parsed at once."""

from __future__ import annotations


def test_a_key_is_parsed_once_and_a_rotated_key_at_once(app):
    from lti_tool.extensions import db
    from lti_tool.lti import keys

    with app.app_context():
        current = keys.signing_key(db.session)
        first = keys.parsed(current)
        assert keys.parsed(keys.signing_key(db.session)) is first
        new, _ = keys.rotate(db.session)
        rotated = keys.parsed(keys.signing_key(db.session))
        assert rotated.kid == new.kid != first.kid
        assert rotated is not first
        message = b"signed by the rotated key"
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        signature = rotated.private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        public = load_pem_public_key(rotated.public_pem.encode())
        public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
