"""Recognising concern in a respondent's own words (the detector arrives on branch `detect`)."""

CATEGORIES = {
    "physical": "Physical harm",
    "sexual": "Sexual harm or grooming",
    "self_harm": "Self-harm or suicide",
    "neglect": "Neglect (food, warmth, a place to sleep)",
    "domestic_abuse": "Domestic abuse",
    "exploitation": "Exploitation or going missing",
    "fear": "Fear of a person or of going home",
    "threat": "Threats or being told to keep secrets",
    "help": "Asking for help",
    "custom": "A phrase added by administrators",
}
