"""The sign-in messages, in the person's language."""

from functions.core.senders import Message

_CODE_SMS = {
    "en": "{code} is your {business} sign-in code. It expires in 5 minutes. Never share it.",
    "fr": "{code} est votre code de connexion {business}. Il expire dans 5 minutes. Ne le partagez jamais.",
    "pl": "{code} to Twój kod logowania {business}. Wygasa za 5 minut. Nikomu go nie podawaj.",
    "fi": "{code} on {business}-kirjautumiskoodisi. Se vanhenee 5 minuutissa. Älä kerro sitä kenellekään.",
}
_CODE_SUBJECT = {
    "en": "Your {business} sign-in code: {code}",
    "fr": "Votre code de connexion {business} : {code}",
    "pl": "Twój kod logowania {business}: {code}",
    "fi": "{business}-kirjautumiskoodisi: {code}",
}
_CODE_BODY = {
    "en": "Your sign-in code is {code}.\n\nIt expires in 5 minutes and works once. If you did not try to sign in, "
    "you can ignore this message.",
    "fr": "Votre code de connexion est {code}.\n\nIl expire dans 5 minutes et ne sert qu'une fois. Si vous n'avez "
    "pas essayé de vous connecter, ignorez ce message.",
    "pl": "Twój kod logowania to {code}.\n\nWygasa za 5 minut i działa tylko raz. Jeśli nie próbowałeś się "
    "zalogować, zignoruj tę wiadomość.",
    "fi": "Kirjautumiskoodisi on {code}.\n\nSe vanhenee 5 minuutissa ja toimii kerran. Jos et yrittänyt "
    "kirjautua, voit jättää tämän viestin huomiotta.",
}
_NEW_SIGN_IN_SUBJECT = {
    "en": "New sign-in to your {business} account",
    "fr": "Nouvelle connexion à votre compte {business}",
    "pl": "Nowe logowanie do konta {business}",
    "fi": "Uusi kirjautuminen {business}-tilillesi",
}
_NEW_SIGN_IN_BODY = {
    "en": "Someone signed in to your account on {when} (UTC) from a device not used before: {device}.\n\n"
    "If this was you, there is nothing to do. If it was not, end that session now at {link} and contact {business}.",
    "fr": "Quelqu'un s'est connecté à votre compte le {when} (UTC) depuis un appareil jamais utilisé auparavant : "
    "{device}.\n\nSi c'était vous, vous n'avez rien à faire. Sinon, fermez cette session dès maintenant sur {link} "
    "et contactez {business}.",
    "pl": "Ktoś zalogował się na Twoje konto {when} (UTC) z urządzenia, którego wcześniej nie używano: {device}.\n\n"
    "Jeśli to Ty, nic nie musisz robić. Jeśli nie, zakończ tę sesję od razu na {link} i skontaktuj się z {business}.",
    "fi": "Tilillesi kirjauduttiin {when} (UTC) laitteelta, jota ei ole ennen käytetty: {device}.\n\n"
    "Jos se olit sinä, sinun ei tarvitse tehdä mitään. Jos et, päätä istunto heti osoitteessa {link} ja ota "
    "yhteyttä: {business}.",
}
_NEW_SIGN_IN_SMS = {
    "en": "New sign-in to your {business} account on {when} (UTC) from a device not used before. "
    "Not you? End it at {link}",
    "fr": "Nouvelle connexion à votre compte {business} le {when} (UTC) depuis un nouvel appareil. "
    "Pas vous ? Fermez-la sur {link}",
    "pl": "Nowe logowanie do konta {business} {when} (UTC) z nowego urządzenia. To nie Ty? Zakończ je na {link}",
    "fi": "Uusi kirjautuminen {business}-tilillesi {when} (UTC) uudelta laitteelta. Etkö se ollut sinä? "
    "Päätä se: {link}",
}
_UNKNOWN_DEVICE = {
    "en": "a browser we could not name",
    "fr": "un navigateur que nous n'avons pas pu identifier",
    "pl": "przeglądarka, której nie udało się rozpoznać",
    "fi": "selain, jota emme tunnistaneet",
}
_MOBILE_SMS = {
    "en": "{code} is the code to add this number to your {business} account.",
    "fr": "{code} est le code pour ajouter ce numéro à votre compte {business}.",
    "pl": "{code} to kod, aby dodać ten numer do konta {business}.",
    "fi": "{code} on koodi, jolla lisäät tämän numeron {business}-tilillesi.",
}

_CONTACT_CODE_SUBJECT = {
    "en": "Confirm this address for your {business} notifications: {code}",
    "fr": "Confirmez cette adresse pour vos notifications {business} : {code}",
    "pl": "Potwierdź ten adres dla powiadomień {business}: {code}",
    "fi": "Vahvista tämä osoite {business}-ilmoituksillesi: {code}",
}
_CONTACT_CODE_BODY = {
    "en": "Your code is {code}.\n\nType it in your profile to have your {business} notifications and invoices sent "
    "here. It expires in 5 minutes. If you did not ask for this, ignore this message: nothing changes.",
    "fr": "Votre code est {code}.\n\nSaisissez-le dans votre profil pour recevoir ici vos notifications et "
    "factures {business}. Il expire dans 5 minutes. Si vous n'avez rien demandé, ignorez ce message : rien ne "
    "change.",
    "pl": "Twój kod to {code}.\n\nWpisz go w swoim profilu, aby powiadomienia i faktury {business} przychodziły "
    "na ten adres. Wygasa za 5 minut. Jeśli o nic nie prosiłeś, zignoruj tę wiadomość: nic się nie zmieni.",
    "fi": "Koodisi on {code}.\n\nKirjoita se profiiliisi, niin {business}-ilmoitukset ja -laskut tulevat tähän "
    "osoitteeseen. Se vanhenee 5 minuutissa. Jos et pyytänyt tätä, voit jättää viestin huomiotta: mikään ei muutu.",
}
_CONTACT_CHANGED_SUBJECT = {
    "en": "Your {business} notifications now go to another address",
    "fr": "Vos notifications {business} sont désormais envoyées à une autre adresse",
    "pl": "Powiadomienia {business} trafiają teraz na inny adres",
    "fi": "{business}-ilmoituksesi lähetetään nyt toiseen osoitteeseen",
}
_CONTACT_CHANGED_BODY = {
    "en": "From now on, your {business} notifications and invoices go to {address}, not to this address. "
    "If you did not make this change, contact {business} now.",
    "fr": "Désormais, vos notifications et factures {business} sont envoyées à {address}, et non plus à cette "
    "adresse. Si vous n'êtes pas à l'origine de ce changement, contactez {business} immédiatement.",
    "pl": "Od teraz powiadomienia i faktury {business} trafiają na adres {address}, a nie na ten. Jeśli to nie Ty "
    "wprowadziłeś tę zmianę, natychmiast skontaktuj się z {business}.",
    "fi": "{business}-ilmoituksesi ja -laskusi lähetetään tästä lähtien osoitteeseen {address}, ei tähän "
    "osoitteeseen. Jos et tehnyt tätä muutosta, ota heti yhteyttä: {business}.",
}


def _pick(texts: dict[str, str], language: str) -> str:
    return texts.get(language, texts["en"])


def code_sms(language: str, code: str, business: str) -> str:
    return _pick(_CODE_SMS, language).format(code=code, business=business)


def code_email(language: str, code: str, business: str) -> Message:
    return Message(
        subject=_pick(_CODE_SUBJECT, language).format(code=code, business=business),
        text=_pick(_CODE_BODY, language).format(code=code),
    )


def new_sign_in_email(language: str, business: str, when: str, device: str, link: str) -> Message:
    """A sign-in from a device not seen before: when, which browser, and where to end it."""
    named = device or _pick(_UNKNOWN_DEVICE, language)
    return Message(
        subject=_pick(_NEW_SIGN_IN_SUBJECT, language).format(business=business),
        text=_pick(_NEW_SIGN_IN_BODY, language).format(business=business, when=when, device=named, link=link),
    )


def new_sign_in_sms(language: str, business: str, when: str, link: str) -> str:
    """The same warning to a person who has no e-mail: where their codes go, shorter."""
    return _pick(_NEW_SIGN_IN_SMS, language).format(business=business, when=when, link=link)


def mobile_code_sms(language: str, code: str, business: str) -> str:
    return _pick(_MOBILE_SMS, language).format(code=code, business=business)


def contact_email_code_email(language: str, code: str, business: str) -> Message:
    return Message(
        subject=_pick(_CONTACT_CODE_SUBJECT, language).format(code=code, business=business),
        text=_pick(_CONTACT_CODE_BODY, language).format(code=code, business=business),
    )


def contact_email_changed_email(language: str, business: str, address: str) -> Message:
    """To the address notifications leave: where they go now, in case it was not the customer."""
    return Message(
        subject=_pick(_CONTACT_CHANGED_SUBJECT, language).format(business=business),
        text=_pick(_CONTACT_CHANGED_BODY, language).format(business=business, address=address),
    )


_ADDED_SUBJECT = {
    "en": "You can now sign in to {business} for {account}",
    "fr": "Vous pouvez maintenant vous connecter à {business} pour {account}",
    "pl": "Możesz teraz logować się do {business} w imieniu {account}",
    "fi": "Voit nyt kirjautua {business}-palveluun tilille {account}",
}
_ADDED_BODY = {
    "en": "You were added to {account}'s account at {business}. Sign in at {portal} with this e-mail address: "
    "a code is sent to you each time, no password needed.",
    "fr": "Vous avez été ajouté(e) au compte de {account} chez {business}. Connectez-vous sur {portal} avec "
    "cette adresse e-mail : un code vous est envoyé à chaque fois, sans mot de passe.",
    "pl": "Dodano Cię do konta {account} w {business}. Zaloguj się na {portal} tym adresem e-mail: za każdym "
    "razem otrzymasz kod, bez hasła.",
    "fi": "Sinut lisättiin tilille {account} palvelussa {business}. Kirjaudu osoitteessa {portal} tällä "
    "sähköpostiosoitteella: saat joka kerta koodin, salasanaa ei tarvita.",
}


def contact_added_email(language: str, business: str, account: str, portal: str) -> Message:
    """To a contact an account's admin or the business added, once they can sign in."""
    values = {"business": business, "account": account, "portal": portal}
    return Message(
        subject=_pick(_ADDED_SUBJECT, language).format(**values), text=_pick(_ADDED_BODY, language).format(**values)
    )


_ADDED_SMS = {
    "en": "You were added to {account}'s account at {business}. Sign in at {portal} with this mobile number: "
    "a code is texted to you each time.",
    "fr": "Vous avez été ajouté(e) au compte de {account} chez {business}. Connectez-vous sur {portal} avec ce "
    "numéro : un code vous est envoyé par SMS à chaque fois.",
    "pl": "Dodano Cię do konta {account} w {business}. Zaloguj się na {portal} tym numerem: za każdym razem "
    "otrzymasz kod SMS-em.",
    "fi": "Sinut lisättiin tilille {account} palvelussa {business}. Kirjaudu osoitteessa {portal} tällä "
    "numerolla: saat joka kerta koodin tekstiviestinä.",
}


def contact_added_sms(language: str, business: str, account: str, portal: str) -> str:
    """The same news to a contact who has no e-mail, by text: they sign in with their mobile."""
    return _pick(_ADDED_SMS, language).format(business=business, account=account, portal=portal)
