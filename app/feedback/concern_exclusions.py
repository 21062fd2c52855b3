"""The exclusions of the concern detector (`app.feedback.concerns` explains the method).

EXCLUSIONS: patterns (in the rules' syntax, see `concern_rules`) whose slots marked "*" are
taken out of play before the rules run; "A || B": A, but not in a sentence that also
matches B. PAST, PIVOT, NEG_OVER: what a worry said to be past and over looks like. Each
exclusion must be shown (tests/feedback/test_concerns.py) to lose no disclosure of the
corpora, and to silence at least one ordinary line.
"""

# A worry the respondent says is past and over ("I used to self harm but I'm doing much better
# now"; "we had no heating last winter but it's all fixed"): a PAST pattern, then "but", "now"
# or "since", then a RESOLVED word, with no RECUR word anywhere in the text and no concern in
# what follows the turn (a "not" there only in "not anymore", "without incident", "... since").
PAST = ["=used ~1 to", "last ~1 year|winter|summer|month|week|term|christmas|spring|autumn", "=previously",
        "in ~1 the ~1 past", "years|months|weeks|year|month ~1 =ago", "when ~1 i|we|he|she ~1 was|were"]
PIVOT = {"but", "now", "since"}
NEG_OVER = {"anymore", "since", "incident", "incidents"}

EXCLUSIONS = {
    # Sport and games, not harm: "hits the ball miles", "my team got battered 6-0", "beat me at fifa".
    "ball": "*HARM ~2 ball|balls|shot|shots|target|jackpot|button|road|sack|gym|post|bar|=six|=sixes|=runs|=score",
    "beat-me-at": "*HARM ~2 me|us|them|him|her ~2 at|in ~2 SPORT|game|games|race|cards|chess|=pool|=snooker|darts|=it",
    "beat-score": "*beat|beats|beaten|=battered|=thrashed|=smashed ~3 =0|=1|=2|=3|=4|=5|=6|=7|=8|=9|=10|=nil",
    # Panic attacks; pushed to do well.
    "soft-object": "*HARM ~3 with ~2 teddy|pillow|pillows|toy|toys|cushion|cushions|balloon|sponge|snowball|snowballs|=water|nerf|sock|=teddies",
    "more-help": "more|extra|better|further ~1 *help|support",
    "food-bank-volunteer": "volunteer|volunteers|volunteering|donate|donated|donating|collection ~8 *food|=foodbank",
    "food-bank-volunteer-2": "*=foodbank|food ~8 volunteer|volunteers|volunteering|donate|donated|donating|collection",
    "push-on-swing": "*push|pushes|pushed|pushing ~3 on|off ~2 swing|swings|roundabout|trampoline|bike|scooter|slide",
    "by-accident": "*HARM ~3 by ~1 accident|mistake",
    "accidentally": "*HARM ~3 =accidentally|=accidently|=accidentaly",
    "accidentally-2": "=accidentally|=accidently|=accidentaly ~1 *HARM",
    "cant-wait-to-go-home": "NEG ~1 wait ~3 *go|going|home",
    "new-social-worker": "new|different|another|better ~1 *social",
    "a-bit": "a|little|tiny|tad ~1 *=bit",
    "picky-eating": "NEG ~1 *eat|eating ~3 vegetables|veg|greens|peas|sprouts|broccoli|carrots|salad|fruit|crusts",
    "dative": "*grab|grabbed|grabs|throw|threw|throws|chuck|chucked|chucks ~1 me|us|him|her ~1 a|an|some|one|the|my|his|their ~2 biscuit|ball|drink|sweet|sweets|snack|towel|coat|bag|pen|present|apple|crisps|bottle|remote|controller|phone|party|hoodie|jumper|lift|sandwich|book|toy|cake",
    "mates-joking": "mate|mates|friend|friends ~2 *HARM ~6 for|as ~1 a ~1 joke|laugh",
    "owe-a-fiver": "*OWE ~2 my|a|the ~1 mate|friend|mum|sister|brother|nan|dad|teacher ~2 a|one ~1 fiver|tenner|quid|pound|drink|favour|one|$",
    "hit-at-sport": "SPORT ~6 got|get|gets|getting ~1 *=hit|=kicked|=elbowed|=tackled|=smacked|=whacked|=battered",
    "talk-about": "TALK ~4 about|on|around|re|into ~3 *TOPIC",
    "a-talk-about": "a|the ~1 =talk ~3 about|on ~3 *TOPIC",
    "missing-something": "*=missing my|her|his|their|our|you|him|them|me|mum|dad|home|school|lessons|class|bus|train",
    "police-at-school": "*police ~4 school|college|talk|assembly|class|lesson|scams|visit|talked",
    "awareness": "*TOPIC ~3 protocol|protocols|pathway|pathways|notifications|notification|referrals|coordinator|post|champion|champions|lead|indicators|strategy|prevention|awareness|crisis|charity|charities|training|support|service|services|team|workshop|workshops|talk|talks|lesson|lessons|assembly|centre|helpline|course|courses|group|groups|worker|workers|nurse|leaflet|leaflets|poster|posters|campaign|volunteer|volunteering|fundraiser|fundraising|walk|research|project|information|info|documentary|programme|film|book|policy|policies|procedures|procedure|figures|data|rates|statistics|prevalence|survivors|survivor|module|session|sessions",
    "homeless-people": "*homeless ~1 people|person|man|men|woman|women|charity|shelter|hostel|kitchen|centre|guy|lady",
    "help-the-homeless": "help|helping|helped|volunteer|volunteering|donate|donated|raise|raising|raised ~3 *homeless",
    # "No one hits me or anything": a denial said in passing, only with "or anything" (a plain
    # "not" never silences a concern: "not safe", "nobody feeds us").
    "denial-or-anything": "NEG ~4 *HARM|SELFHARM|abuse|abused|FEAR|hurt|hurts ~3 or ~1 anything|=owt|nothing",
    "about-children-in-general": "*TOPIC ~4 for|of|among|amongst|in ~1 children|young|cases|families|looked|=cla|pupils|teenagers|adolescents",
    "disappear-into-room": "*disappear ~1 into|to|off ~2 my|the ~1 room|bedroom|bed|garden|shed|xbox|phone|books",
    "from-scratch": "from ~1 *scratch",
    "stop-texting": "stop|=stopped ~1 *texting|calling|ringing|phoning|messaging",
    "accident": "*INJURY ~4 fell|falling|fall|SPORT|scooter|bike|trampoline|playing|skate|skateboard|=bumped|tripped",
    "secret-present": "*secret ~6 birthday|present|presents|surprise|party|christmas",
    "panic-attack": "panic|=anxiety|asthma|heart ~1 *attack|=attacks",
    "push-to-achieve": "*push|pushed|pushes|pushing ~2 me|us ~1 to|into ~1 do|go|be|try|work|get|achieve|better|college|school",
    "knock-for-me": "*knock|knocks|knocked ~1 for ~1 me|us",
    # "Died laughing", "want to die of embarrassment", "dying to see" are ways of speaking.
    "died-laughing": "*die|=died|dying|=dead|=death ~2 =laughing|laughter|=of|=embarrassment|=lol|=haha",
    # Keeping in touch; kicked out of a group chat or a lesson.
    "in-touch": "in|keep|kept|keeps|keeping|stay ~1 *touch",
    "touch-base": "*touch ~1 base",
    "kicked-out-of": "*kick|kicked|chuck|chucked|throw|threw|thrown|booted ~2 out ~1 of ~2 school|class|lesson|lessons|club|group|chat|college|game|team|shop|gc|groupchat|call|lobby",
    "leave-me-alone": "NEG|just|please|to ~1 *leave|=left ~1 me|us ~1 alone",
    # "My worker helps me", "help me with my homework": help given, or asked for about a task.
    "help-with": "*help ~5 homework|cv|college|forms|form|application|applications|bills|benefits|reading|maths|english|spelling|revision|exams|uni|driving",
    "helped-me": "*=helps|=helped|=helping|=helpful ~1 me|us",
    # Threat idiom: "my mum will kill me if I fail" (but never "if I tell").
    "kill-me-if-fail": "MUM|DAD|=nan|=teacher|=she|=worker ~3 *kill ~1 me ~2 if|when ~2 SELF|she|he ~1 fail|fails|lose|loses|late|miss|break|forget|crash|=see|=sees|=finds|=find|=knew|=know",
    # "Scared of spiders / the dark / exams": fear of a thing is not fear of a person.
    "scared-of-things": "*FEAR ~2 of ~2 =spiders|=spider|=dogs|=heights|=exams|=needles|=clowns|=dark|=wasps|=bees|=snakes|=water|=flying|=change|=moving|=starting|=meeting|=meetings || since|when|because|cos|after ~3 he|she|they|PARTNER|ADULT_MALE|DAD|MUM",
    # Secret santa; practitioners' words about training, not about a child.
    "secret-santa": "*secret ~1 =santa",
    "sexual-health": "*sexual|sex ~1 health|education|=ed|=edu|lessons|=orientation|=identity|=nurse|=clinic",
    # Food we did not like is not no food: "I dont like the food", "no biscuits at the meeting".
    "dont-like-food": "NEG ~2 like|likes|enjoy|want ~3 *FOOD",
    "no-meal-at-meeting": "*no|=nothing ~2 FOOD ~3 at|on ~3 meeting|meetings|review|conference|centre|session|training|activity|trip|day|party|event|club|school|camp",
}
