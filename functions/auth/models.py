"""What sign-in keeps between calls: live codes, sign-in attempts, rate counters, sessions and
the devices they came from."""

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


@register
class SessionItem(PortalItem):
    """What one session was signed in from, for its owner's sessions page (pk CONTACT#c#SESSIONS
    or STAFF#s#SESSIONS, sk SESSION#id: newest last). Whether it is live is the owner's record's
    to say (core.principal.PersonItem.sessions); expires_at, its TTL, is the session's end."""

    session_id = UnicodeAttribute()
    device = UnicodeAttribute(default="")  # "Firefox 128 on Android" (core.devices), "" if unknown
    browser = UnicodeAttribute(null=True)
    system = UnicodeAttribute(null=True)
    address = UnicodeAttribute()
    country = UnicodeAttribute(null=True)  # CloudFront's, where it vouches for one
    city = UnicodeAttribute(null=True)
    first_seen = NumberAttribute()  # the sign-in (epoch seconds)
    last_seen = NumberAttribute()  # the sign-in, then each renewal of its tokens
    remembered = BooleanAttribute(default=False)  # "this is my device": 30 days, not 12 hours


@register
class KnownDeviceItem(PortalItem):
    """A browser its owner has signed in from (pk CONTACT#c#DEVICES or STAFF#s#DEVICES, sk
    DEVICE#digest of the device cookie): its next sign-in sends no notice. The digest is keyed,
    so the table cannot be matched against a cookie; expires_at, its TTL, moves on each sign-in."""

    first_seen = NumberAttribute()
    last_seen = NumberAttribute()
