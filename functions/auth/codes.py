"""One-time codes: how they are made, kept and compared (OWASP ASVS 5 ch. 6, NIST 800-63B 5.1.3).

A code is 6 digits from `secrets`; only its HMAC-SHA256 under a secret pepper is stored, so a
copy of the table does not reveal live codes. Comparison is constant-time.
"""

import hashlib
import hmac
import secrets

from functions.core.errors import DomainError

CODE_DIGITS = 6
CODE_LIFETIME_SECONDS = 5 * 60
MAX_WRONG_ANSWERS = 5  # per code; then the code is burned
RESEND_COOLDOWN_SECONDS = 60
SESSION_ATTEMPTS = 3  # wrong answers Cognito allows in one sign-in session before it ends it


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(code: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), code.strip().encode(), hashlib.sha256).hexdigest()


def code_matches(answer: str, digest: str, pepper: str) -> bool:
    return hmac.compare_digest(code_digest(answer, pepper), digest)


def mask_phone(phone: str) -> str:
    """'+15555550100' -> '+1••••••••00': enough to recognise, not enough to learn."""
    return phone[:2] + "•" * max(len(phone) - 4, 0) + phone[-2:]


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


class CodeNotAccepted(DomainError):
    """Well-formed but refused: wrong, expired, burned or replayed (the reply never says which)."""

    status = 403
    code = "code_not_accepted"
