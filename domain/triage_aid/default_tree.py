"""The decision tree a new organisation starts with (admins reword it in the console).

After the air force's webcare tree: is this a customer's problem, something that must
escalate, something already reported, an idea, or an irritation at work? When unsure
whether it is a safety, legal or integrity matter, it is treated as one: a concern
handled as a concern by mistake costs a little time; the other way round costs trust.
"""

from __future__ import annotations

YES = {"en": "Yes", "nl": "Ja"}
NO = {"en": "No", "nl": "Nee"}

DEFAULT_TREE: dict[str, object] = {
    "questions": [
        {
            "id": "customer",
            "text": {
                "en": "Is this a problem a customer has with our products or services?",
                "nl": "Is dit een probleem dat een klant heeft met onze producten of diensten?",
            },
            "answers": [
                {"text": YES, "outcome": "CUSTOMER_PROBLEM"},
                {"text": NO, "next": "concern"},
            ],
        },
        {
            "id": "concern",
            "text": {
                "en": "Could it be about safety, a breach of the law or integrity"
                " (fraud, harassment, corruption)?",
                "nl": "Kan het gaan om veiligheid, een overtreding van de wet of integriteit"
                " (fraude, intimidatie, corruptie)?",
            },
            "answers": [
                {"text": YES, "outcome": "CONCERN"},
                {
                    "text": {
                        "en": "Not sure: treat it as one",
                        "nl": "Weet ik niet: behandel het zo",
                    },
                    "outcome": "CONCERN",
                },
                {"text": NO, "next": "duplicate"},
            ],
        },
        {
            "id": "duplicate",
            "text": {
                "en": "Has the same thing been reported before?",
                "nl": "Is hetzelfde al eerder gemeld?",
            },
            "answers": [
                {"text": YES, "outcome": "DUPLICATE"},
                {"text": NO, "next": "idea"},
            ],
        },
        {
            "id": "idea",
            "text": {
                "en": "Is it a suggestion to improve something, rather than a complaint?",
                "nl": "Is het een voorstel om iets te verbeteren, eerder dan een klacht?",
            },
            "answers": [
                {"text": YES, "outcome": "IDEA"},
                {"text": NO, "outcome": "IRRITATION"},
            ],
        },
    ],
    "proposals": {
        "CUSTOMER_PROBLEM": {
            "priority": "NORMAL",
            "nextStep": "ASSIGN",
            "advice": {
                "en": "Assign it to someone in the team; the customer hears who is on it.",
                "nl": "Wijs het toe aan iemand in het team; de klant hoort wie ermee bezig is.",
            },
        },
        "IRRITATION": {
            "priority": "NORMAL",
            "nextStep": "ASSIGN",
            "advice": {
                "en": "Assign it, and answer with what will change, or why not.",
                "nl": "Wijs het toe, en antwoord wat er verandert, of waarom niet.",
            },
        },
        "IDEA": {
            "priority": "LOW",
            "nextStep": "CONSIDER",
            "advice": {
                "en": "Weigh the idea and answer with what will be done with it.",
                "nl": "Weeg het idee en antwoord wat ermee gedaan wordt.",
            },
        },
        "CONCERN": {
            "priority": "URGENT",
            "nextStep": "ESCALATE",
            "advice": {
                "en": "A reportable concern: acknowledge its receipt within 7 days and give"
                " feedback within 3 months, as the law requires.",
                "nl": "Een melding van een misstand: bevestig de ontvangst binnen 7 dagen en"
                " koppel binnen 3 maanden terug, zoals de wet vraagt.",
            },
        },
        "DUPLICATE": {
            "priority": "LOW",
            "nextStep": "MERGE",
            "advice": {
                "en": "Merge it into the item it repeats; its followers move with it.",
                "nl": "Voeg het samen met het item dat het herhaalt; wie het volgt, gaat mee.",
            },
        },
    },
}
