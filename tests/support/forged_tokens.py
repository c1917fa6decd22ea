"""JWTs a client should never get accepted: expired, unsigned (alg none),
signed with another key or algorithm, tampered, of the wrong type, for a
user who does not exist. Made from the test's SECRET_KEY so that only the
property under test is wrong. Standard library only."""
import base64
import hashlib
import hmac
import json
import time
import uuid


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(header, claims, secret, digest=hashlib.sha256):
    head = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    mac = hmac.new(secret.encode(), head.encode(), digest).digest()
    return head + "." + b64url(mac)


def claims_of(token):
    return json.loads(unb64url(token.split(".")[1]))


def forged(valid_token, secret):
    """(label, token) pairs, each refused for one reason."""
    now = int(time.time())
    claims = claims_of(valid_token)
    hs256 = {"alg": "HS256", "typ": "JWT"}
    head, payload, signature = valid_token.split(".")
    elevated = dict(claims, role="admin", sub="1")
    return [
        ("expired", sign(hs256, dict(claims, iat=now - 7200, exp=now - 3600), secret)),
        ("alg-none", b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "." + payload + "."),
        ("alg-none-signed", b64url(json.dumps({"alg": "none"}).encode()) + "." + payload + "." + signature),
        ("hs512", sign({"alg": "HS512", "typ": "JWT"}, claims, secret, hashlib.sha512)),
        ("other-key", sign(hs256, claims, "another-secret-of-enough-length-0123456789")),
        ("tampered-claims", head + "." + b64url(json.dumps(elevated).encode()) + "." + signature),
        ("refresh-type", sign(hs256, dict(claims, typ="refresh"), secret)),
        ("unknown-user", sign(hs256, dict(claims, sub="2147483000", jti=str(uuid.uuid4())), secret)),
        ("truncated", valid_token[:-5]),
        ("fourth-segment", valid_token + ".x"),
    ]


def odd_but_signed(valid_token, secret):
    """Tokens with odd claims signed with the server's own key. Only the
    key's holder can make them, so whether the server takes them is no
    attack either way; a sweep must treat them as valid."""
    now = int(time.time())
    claims = claims_of(valid_token)
    hs256 = {"alg": "HS256", "typ": "JWT"}
    return [
        ("future-iat", sign(hs256, dict(claims, iat=now + 86400), secret)),
        ("no-exp", sign(hs256, {k: v for k, v in claims.items() if k != "exp"}, secret)),
        ("sub-not-a-number", sign(hs256, dict(claims, sub=claims["sub"] + " OR 1=1"), secret)),
        ("huge-exp", sign(hs256, dict(claims, exp=10 ** 30), secret)),
    ]


def forged_refresh(valid_token, secret):
    """Refresh tokens the server never issued, for the refresh and logout bodies."""
    now = int(time.time())
    claims = dict(claims_of(valid_token), typ="refresh", jti=str(uuid.uuid4()), fam=str(uuid.uuid4()))
    hs256 = {"alg": "HS256", "typ": "JWT"}
    return [
        ("refresh-never-issued", sign(hs256, claims, secret)),
        ("refresh-expired", sign(hs256, dict(claims, exp=now - 60), secret)),
        ("refresh-alg-none", b64url(b'{"alg":"none"}') + "." + b64url(json.dumps(claims).encode()) + "."),
        ("access-as-refresh", valid_token),
    ]
