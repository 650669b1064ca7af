"""Team mode: who is asking, and what they may do.

Accounts are made with ``cabletrail user add`` (there is no default account). Passwords are
kept as Argon2id hashes. A browser signs in at ``/login`` and gets a new session at every
sign-in (the old one, if any, ends). Only the sha256 of the session's secret is stored; the
cookie is HttpOnly and SameSite=Strict. Sessions end at logout, after ``session_idle_minutes``
without a request, after ``session_hours`` in all, and when the user is disabled or given a
new password. Programs use API tokens (``Authorization: Bearer …``, from
``cabletrail user token``), which need no CSRF token because no browser sends them by itself.

Roles: ``reader`` reads everything; ``writer`` also reviews facts, saves searches and uploads;
``admin`` also reads the audit log.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, replace

from starlette.requests import Request

from cabletrail.store import Store

ROLES = ("reader", "writer", "admin")
SESSION_COOKIE = "cabletrail_session"
LOGIN_COOKIE = "cabletrail_login"  # the login form's CSRF token, before there is a session
TOUCH_EVERY = 30.0  # seconds between writes of a session's last-seen time


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; as slow for an unknown user (``None``) as for a known."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist (made once, on first use)."""
    return hash_password(secrets.token_urlsafe(16))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """An API token and the hash to store."""
    token = "ct_" + secrets.token_urlsafe(32)
    return token, secret_hash(token)


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    via: str  # session | token
    csrf: str | None = None  # the session's CSRF token (sessions only)
    session_hash: str | None = None
    read: frozenset[str] | None = None  # collections it may read; None: all (admins)
    write: frozenset[str] | None = None  # collections it may change; None: all (admins)

    @property
    def can_write(self) -> bool:
        return self.role in ("writer", "admin")

    def may_write(self, collection: str) -> bool:
        return self.can_write and (self.write is None or collection in self.write)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Throttle:
    """Failed sign-ins per name and per address: after ``limit`` within ``window`` seconds,
    further attempts are refused unchecked until the oldest failure ages out."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit, self.window = limit, window
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self.failures.get(key, []) if now - t < self.window]
        self.failures[key] = kept
        return kept

    def wait(self, keys: list[str]) -> float:
        """Seconds to wait before another attempt for these keys (0: go ahead)."""
        now = time.time()
        with self.lock:
            waits = [
                self.window - (now - recent[0])
                for key in keys
                if len(recent := self._recent(key, now)) >= self.limit
            ]
        return max(waits, default=0.0)

    def failed(self, keys: list[str]) -> None:
        now = time.time()
        with self.lock:
            for key in keys:
                self._recent(key, now).append(now)


class Team:
    """Signs people in and tells who a request comes from."""

    def __init__(self, idle_seconds: float, lifetime_seconds: float) -> None:
        self.idle = idle_seconds
        self.lifetime = lifetime_seconds
        # 5 failures lock one name for a while; an address (a proxy may stand for many
        # people) gets 30 before it is held back too
        self.by_name = Throttle(5)
        self.by_address = Throttle(30)

    def wait(self, name: str, address: str) -> float:
        """Seconds before another sign-in may be tried for this name from this address."""
        return max(self.by_name.wait([name.casefold()]), self.by_address.wait([address]))

    def failed(self, name: str, address: str) -> None:
        self.by_name.failed([name.casefold()])
        self.by_address.failed([address])

    def login(
        self, store: Store, name: str, password: str, old_session: str | None
    ) -> tuple[str, Principal] | None:
        """A new session for a right name and password of an enabled user, else None."""
        user = store.get_user(name)
        ok = check_password(user["password"] if user else None, password)
        if user is None or not ok or user["disabled"]:
            return None
        if old_session:  # rotation: whatever session the browser had ends here
            store.end_session(secret_hash(old_session))
        session = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        store.start_session(secret_hash(session), user["name"], csrf, time.time())
        return session, _with_grants(
            store, Principal(user["name"], user["role"], "session", csrf, secret_hash(session))
        )

    def principal(self, store: Store, request: Request) -> Principal | None:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            user = store.token_user(secret_hash(auth[7:].strip()))
            if user is None or user["disabled"]:
                return None
            return _with_grants(store, Principal(user["name"], user["role"], "token"))
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        key = secret_hash(cookie)
        session = store.get_session(key)
        if session is None:
            return None
        now = time.time()
        if (
            session["disabled"]
            or now - float(session["seen_at"]) > self.idle
            or now - float(session["created_at"]) > self.lifetime
        ):
            store.end_session(key)
            return None
        if now - float(session["seen_at"]) > TOUCH_EVERY:
            store.touch_session(key, now)
        return _with_grants(
            store, Principal(session["user_name"], session["role"], "session", session["csrf"], key)
        )


def _with_grants(store: Store, principal: Principal) -> Principal:
    """The principal with the collections its grants open (all, for an admin)."""
    if principal.is_admin:
        return principal
    grants = store.grants(principal.name)
    write = frozenset(c for c, level in grants.items() if level == "write")
    return replace(principal, read=frozenset(grants), write=write)


def same_secret(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a, b)
