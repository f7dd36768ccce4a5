"""Reading a reply: what the person wrote, in the shapes Dutch and English mail clients
give it, and which messages a machine sent."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from workers.inbound.reading import Automatic, Written, read, reply_text

OWN = frozenset({"mopper@mopper.localhost"})


@pytest.mark.parametrize(
    ("body", "written"),
    [
        # Gmail, English
        (
            "Floor 3.\n\nOn Mon, Dec 7, 2026 at 2:30 PM Mopper <reply+x@m.example> wrote:\n"
            "> Which floor?\n",
            "Floor 3.",
        ),
        # Gmail, Dutch, with a signature
        (
            "Verdieping 3.\n\nMet vriendelijke groet,\nKarin\n\n"
            "Op ma 7 dec. 2026 om 14:30 schreef Mopper <reply+x@m.example>:\n\n> Welke?\n",
            "Verdieping 3.",
        ),
        # Outlook, Dutch
        (
            "Klopt, sinds maandag.\n\nVan: Mopper <reply+x@m.example>\nVerzonden: maandag 7 "
            "december 2026 14:30\nAan: Karin\nOnderwerp: [MOP-00042] Internet\n\nBeste Karin,",
            "Klopt, sinds maandag.",
        ),
        # Outlook, English
        (
            "Yes.\n\n-----Original Message-----\nFrom: Mopper\nSent: Monday\nTo: Karin\n"
            "Subject: Re\n\nHello,",
            "Yes.",
        ),
        # A phone
        ("Een Fritzbox.\n\nVerzonden vanaf mijn iPhone\n", "Een Fritzbox."),
        ("A Fritzbox.\n\nSent from my iPhone\n", "A Fritzbox."),
        # Quoted lines without a header, and nothing but a quote
        ("Yes\n> Is it the router?\n", "Yes"),
        ("> Is it the router?\n> Which one?\n", ""),
        # Control characters become spaces; line breaks stay
        ("one\x07two\nthree", "one two\nthree"),
    ],
)
def test_what_the_person_wrote(body: str, written: str) -> None:
    assert reply_text(body) == written


def message(**headers: str) -> bytes:
    email = EmailMessage()
    email["From"] = headers.pop("From", "Karin <klant@example.net>")
    email["To"] = "reply+x@m.example"
    for name, value in headers.items():
        email[name.replace("_", "-")] = value
    email.set_content("Yes.\n")
    return email.as_bytes()


def test_a_persons_reply_is_read_with_its_sender() -> None:
    read_reply = read(message(), envelope_sender="klant@example.net", own_addresses=OWN)
    assert read_reply == Written(sender="klant@example.net", text="Yes.", attachments=0)


@pytest.mark.parametrize(
    ("headers", "envelope", "reason"),
    [
        ({}, "", "empty return path (a bounce)"),
        ({}, "<>", "empty return path (a bounce)"),
        ({"Auto_Submitted": "auto-replied"}, "k@example.net", "Auto-Submitted"),
        ({"Auto_Submitted": "auto-generated"}, "k@example.net", "Auto-Submitted"),
        ({"Precedence": "Junk"}, "k@example.net", "Precedence"),
        ({"X_Autorespond": "yes"}, "k@example.net", "X-Autorespond"),
        ({"List_Id": "<list.example.net>"}, "k@example.net", "List-Id"),
        ({"From": "MAILER-DAEMON@example.net"}, "k@example.net", "a mailer daemon"),
        ({"From": "postmaster@example.net"}, "k@example.net", "a mailer daemon"),
        ({"From": "Mopper <MOPPER@mopper.localhost>"}, "k@example.net", "from Mopper itself"),
    ],
)
def test_what_a_machine_sent(headers: dict[str, str], envelope: str, reason: str) -> None:
    assert read(message(**headers), envelope_sender=envelope, own_addresses=OWN) == Automatic(
        reason
    )


def test_auto_submitted_no_is_a_person() -> None:
    read_reply = read(
        message(Auto_Submitted="no"), envelope_sender="k@example.net", own_addresses=OWN
    )
    assert isinstance(read_reply, Written)
