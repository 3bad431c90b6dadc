"""What sign-in keeps between calls: live codes, sign-in attempts, rate counters."""

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from functions.core.table import PortalItem, register


@register
class SignInCodeItem(PortalItem):
    """The live code of one person (pk SIGNIN#principal, sk CODE); expires_at is its TTL."""

    code_digest = UnicodeAttribute()
    channel = UnicodeAttribute()  # email | sms
    destination = UnicodeAttribute()
    issued_at = NumberAttribute()
    last_sent_at = NumberAttribute()
    wrong_answers = NumberAttribute(default=0)
    sent = BooleanAttribute(default=False)


@register
class SignInAttemptItem(PortalItem):
    """One started sign-in (pk ATTEMPT#id, sk ATTEMPT), named by the HttpOnly sign-in cookie.

    Unknown and throttled identities get one too (with no principal), so the cookie, the
    work done and the reply look the same whoever asked.
    """

    principal_id = UnicodeAttribute(null=True)
    cognito_session = UnicodeAttribute(null=True)
    started_at = NumberAttribute()


@register
class RateCounterItem(PortalItem):
    """Hits in one fixed window (pk RATE#name#key#window, sk RATE)."""

    hits = NumberAttribute(default=0)
