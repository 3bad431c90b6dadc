"""Which browser on which system a request came from, read from its User-Agent: what the
sessions page and the audit log show a person, so they recognise their own devices.

A label, not an identity: the header is the caller's say-so. Devices are told apart by the
device cookie (functions.auth), never by this.
"""

import re
from dataclasses import dataclass

# The first that matches names the browser: Edge, Opera and Samsung Internet also say
# "Chrome", and Chrome also says "Safari"; so they are asked first.
_BROWSERS = (
    ("Edge", re.compile(r"\bEdgA?/(\d+)")),
    ("Opera", re.compile(r"\bOPR/(\d+)")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/(\d+)")),
    ("Firefox", re.compile(r"\b(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"\b(?:HeadlessChrome|Chrome|CriOS)/(\d+)")),
    ("Safari", re.compile(r"\bVersion/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/")),
)
_SYSTEMS = (
    ("iOS", re.compile(r"\b(?:iPhone|iPad|iPod)\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)
MAX_USER_AGENT = 512  # what is read of the header; longer is noise, or an attack on the regexes


@dataclass(frozen=True)
class Device:
    browser: str | None  # "Firefox 128"; None when the header names none we know
    system: str | None  # "Android"; None likewise

    @property
    def label(self) -> str:
        """ "Firefox 128 on Android", "Chrome 120", "Windows", or "" when nothing is known."""
        if self.browser and self.system:
            return f"{self.browser} on {self.system}"
        return self.browser or self.system or ""


def describe(user_agent: str | None) -> Device:
    text = (user_agent or "")[:MAX_USER_AGENT]
    browser = next((f"{name} {m.group(1)}" for name, pattern in _BROWSERS if (m := pattern.search(text))), None)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(text)), None)
    return Device(browser, system)
