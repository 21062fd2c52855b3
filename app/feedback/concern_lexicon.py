"""The words of the concern detector (`app.feedback.concerns` explains the method; the rules
that use these words are in `app.feedback.concern_rules`).

TEXT_SPEAK: text-speak and common slips, written out. JOIN_FIRST: words that may start a key
term written as two words ("step dad"). CONCEPTS: groups of words. A plain entry matches any
form of the word (by its Snowball stem: "punch" matches "punches", "punching"); "=word"
matches that exact word only ("=missing", so "I miss my mum" is not "going missing").
Concept names are in capitals.

Lists are written from how people write: children's and young people's words, UK slang and
text-speak, parents' and practitioners' words. Keep them short of the graphic.
"""

# Text-speak and slips written out (one word -> one or more words). Apostrophes are gone already.
TEXT_SPEAK = {
    "u": "you", "ya": "you", "yu": "you", "ur": "your", "r": "are", "n": "and", "nd": "and", "an": "and",
    "wanna": "want to", "wana": "want to", "wannna": "want to", "wantto": "want to", "gonna": "going to",
    "gona": "going to", "gunna": "going to", "finna": "going to", "gotta": "got to", "goin": "going",
    "cos": "because", "coz": "because", "cuz": "because", "cus": "because", "bc": "because", "bcos": "because",
    "becos": "because", "becoz": "because", "bcoz": "because", "cause": "because", "coss": "because",
    "pls": "please", "plz": "please", "plez": "please", "pleaseee": "please", "plss": "please", "plzz": "please",
    "ppl": "people", "wiv": "with", "wif": "with", "wid": "with", "w": "with", "wen": "when", "wot": "what",
    "wat": "what", "wut": "what", "dnt": "dont", "dont": "dont", "doesnt": "doesnt", "dosnt": "doesnt",
    "dosent": "doesnt", "dunt": "doesnt", "didnt": "didnt", "didint": "didnt", "cnt": "cant", "carnt": "cant",
    "kant": "cant", "cannot": "cant", "wont": "wont", "iam": "i am", "m8": "mate", "m8s": "mates",
    "bf": "boyfriend", "boyf": "boyfriend", "gf": "girlfriend", "bro": "brother", "sis": "sister",
    "kms": "kill myself", "kys": "kill yourself", "unalive": "kill", "unalived": "kill", "sewerslide": "suicide",
    "od": "overdose", "oded": "overdosed", "oding": "overdosing", "lecky": "electric", "leccy": "electric",
    "nowt": "nothing", "nuffin": "nothing", "nuthin": "nothing", "nothin": "nothing", "owt": "anything",
    "summat": "something", "sumthing": "something", "sum1": "someone", "some1": "someone", "no1": "noone",
    "any1": "anyone", "ne1": "anyone", "every1": "everyone", "sed": "said", "sez": "says", "tole": "told",
    "telled": "told", "woz": "was", "wos": "was", "bin": "been", "ave": "have", "av": "have", "ov": "of",
    "hurst": "hurts", "tho": "though", "idk": "i dont know", "ngl": "not going to lie", "rn": "right now",
    "coppers": "police", "feds": "police", "5oh": "police", "mi": "me", "meself": "myself", "misself": "myself",
    "myslef": "myself", "myslf": "myself", "selfharm": "selfharm", "sh": "sh", "bruv": "brother", "ded": "dead",
    "wanted": "wanted", "hav": "have", "cud": "could", "wud": "would", "shud": "should", "wer": "were",
    "nite": "night", "tonite": "tonight", "2nite": "tonight", "2day": "today", "2moro": "tomorrow", "b4": "before",
    "gr8": "great", "h8": "hate", "h8s": "hates", "dem": "them", "dat": "that", "dey": "they",
    "hes": "he is", "shes": "she is", "theyre": "they are", "theyve": "they have", "hed": "he would",
    "im": "i am", "ive": "i have", "id": "i would", "itll": "it will", "ill": "ill", "mumz": "mums",
    "wack": "whack", "wacks": "whacks", "wacked": "whacked", "wacking": "whacking", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tomoz": "tomorrow", "dunno": "dont know", "neva": "never", "sposed": "supposed", "suposed": "supposed",
    "ment": "meant", "evry": "every", "allways": "always", "alwys": "always", "wiv": "with", "hme": "home",
    "ome": "home", "skool": "school", "bcuz": "because", "becuz": "because", "sumone": "someone", "sum1s": "someones",
    "nobdy": "nobody", "noones": "noone is", "no1s": "noone is", "everyones": "everyone is", "thats": "that is",
    "whats": "whats", "theres": "there is", "ima": "i am going to", "imma": "i am going to", "wernt": "werent",
    "wasent": "wasnt", "kikd": "kicked", "kickd": "kicked", "hitt": "hit", "kil": "kill", "kll": "kill", "hurtin": "hurting", "hittin": "hitting", "slapt": "slapped", "punchd": "punched",
}

# A word that may start a key term written as two words: "step dad", "my self", "self harn".
JOIN_FIRST = {"self", "my", "me", "him", "her", "your", "them", "our", "some", "no", "any", "every", "over", "step",
              "boy", "boss", "food", "sofa", "trap", "home", "girl", "grand", "un", "non", "egg", "black"}

_HARM = """hit punch kick slap smack batter leather beat beaten bash wallop whack thump lamp deck belt twat
    strangle choke throttle stab shove push drag grab pin bite burn scald shake headbutt boot knock hurt hurted
    abuse attack assault spank whip lash cane throw threw chuck clout clip bray brayed booted kneed knee elbow
    bruise strike struck smash pummel suffocate smother stamp stamped twist twisted =jumped pinch pinches pinched squeeze squeezes squeezed yank yanked
    slam slams slammed fling flung hurl hurled spit spat nip nipped =bit =bitten =shook =shaken =tore =torn
    =swung beat =beat =beats =beating =battering =hitted =hitting
    =kicked =punched =slapped =bashed =harmed harm =twatted =decked =leathered =lamped"""

CONCEPTS = {
    # People
    "SELF": "i =im =ive =id me myself we us =iam",
    "MUM": "mum mam mom mummy mammy mommy mother mama momma =ma mums mams",
    "DAD": "dad daddy father da pa =dads stepdad stepfather",
    "PARTNER": """stepdad stepfather boyfriend fella feller fellah bloke partner husband ex =exs hubby stepmum
        stepmother girlfriend man =mans geezer""",
    "FAMILY": """mum mam mom mummy mammy mommy mother dad daddy father stepdad stepmum stepmother stepfather
        brother sister stepbrother stepsister nan nana nanna gran granny grandma grandad grandpa granda grandmother
        grandfather uncle aunt auntie aunty cousin carer carers foster parent parents sibling siblings family
        boyfriend fella partner husband wife ex""",
    "ADULT_MALE": """dad daddy father stepdad stepfather uncle grandad grandpa granda boyfriend fella feller bloke
        man men guy geezer partner husband ex cousin lodger neighbour friend =mans =he =him =his""",
    "PERSON": """he him his she her they them someone somebody man men guy lad lads boy boys bloke geezer people
        mum mam mom mummy mother dad daddy father stepdad stepmum stepmother stepfather brother sister nan nana
        gran granny grandma grandad grandpa uncle aunt auntie cousin carer carers foster parent parents boyfriend
        girlfriend fella feller partner husband ex teacher neighbour lodger stranger strangers adult adults
        =hes =shes family friend friends mate mates""",
    "VICTIM": """me us myself him her them baby babies kid kids child children son daughter brother sister
        brothers sisters sibling siblings twin twins stepbrother stepsister =bro =sis toddler infant newborn""",
    "BODY": """face head neck throat stomach tummy belly back ribs chest arm arms leg legs eye eyes nose mouth lip
        ear ears hair jaw hand hands palm palms finger fingers foot feet bottom bum wrist wrists cheek""",
    "PRIVATE": """private privates bum bottom boobs breasts chest willy penis dick vagina fanny crotch knickers
        pants underwear bra trousers skirt shorts""",
    "LADS": """lads lad boys men man guys guy people ones kids blokes fellas geezers males male youths mandem
        olders elders gang friends mates girls teenagers teens""",
    "OLDER": "older =olders =elders adult adults grown =grown =20s =twenties =thirties =30s =big teenagers teens",
    "ADULT_AGE": "eighteen nineteen twenty thirty forty fifty =twenties =thirties =forties",
    # Harm
    "HARM": _HARM,
    "HARM_PASSIVE": _HARM.replace("hurt hurted", "").replace("=harmed harm", ""),
    "INJURY": "bruise bruises bruised =welts =blood bleed bleeding =burns",
    "VIOLENT": "violent violence aggressive rough =abusive",
    "THING": """wall walls door doors thing things stuff table tables plate plates window windows
        telly tv phone furniture plates cups glass mirror""",
    "SPORT": """football footy rugby match game games pe boxing training hockey cricket netball fifa fortnite dodgeball
        paintball rounders basketball tag judo karate""",
    # Fear, threat, help
    "FEAR": """scared scare scares scary =scard =scarred frightened frighten frightens afraid terrified terrify
        petrified fear fears fearful intimidated intimidate =scaring =bricking""",
    "SAFE": "safe safety =safely",
    "UNSAFE": "unsafe =unsafely",
    "HOME": "home house =ours flat =dads =mums",
    "TELL": "tell told telling say said says speak talk grass grassing snitch snitching report complain complaining",
    "NEG": """not =dont =doesnt =didnt never no =isnt =arent =wasnt =werent =cant =couldnt =wont =wouldnt
        =shouldnt =aint hardly nobody =noone =nothing =none nowhere without =havent =hasnt =nt =dnt
        =neva =nvr =nah""",
    "CONSEQUENCE": """hurt kill batter beat stab hit harm smash burn sorry regret trouble happen pay shoot slap
        leather take taken never moved move away lose fault blame split believe worse belt find dead hospital
        jail prison arrested police locked""",
    # Self-harm
    "SELFHARM": """selfharm =selfharming =selfharmed =selfharmer =selfharms suicide suicidal =suicidel =sucidal
        relapse relapsed""",
    "CUT_SELF": "cut cutting cuts slash scratch scratching burn hurt harm starve kill hang stab punch hit bite",
    "SCAR": "scar scars scarred =scarring",
    "LIMB": "arm arms wrist wrists leg legs thigh thighs skin stomach belly hip hips",
    "PILLS": """=tablets pills pill paracetamol painkillers painkiller meds medication medicine =tabs
        ibuprofen cocodamol codeine antidepressants sertraline fluoxetine""",
    "MANY_PILLS": """all whole loads load lots packet packets box boxes handful many bunch bottle stash stashed
        saving saved save hoard hoarding swallowed swallow overdose took collecting stockpile
        =stockpiling necked popped downed""",
    "DIE": "die dead =died dying gone disappear =disapear exist =existing =alive",
    "WANT": "want =wanna wish wishing rather =wanted hope hoping",
    "POINT": "point reason",
    "LIVING": "living live life alive =anymore =anything existing exist =here me carrying",
    "HIGH_PLACE": """bridge building roof train trains car cars cliff road traffic bus lorry motorway window
        railway tracks storey multi carpark balcony pier flyover tower flats viaduct""",
    # Neglect
    "FOOD": """food eat eating =ate breakfast dinner dinners tea lunch meal meals =fed feed groceries snack snacks
        =foodbank""",
    "HUNGRY": "hungry =hungery =hungy starving starved =starvin",
    "HEAT": "heating heat electric electricity gas power =lecky water meter",
    "COLD": """cold freezing =freezin damp mould mouldy filthy dirty smelly disgusting rats mice cockroaches
        =smells stinks minging manky""",
    "DRUNK": """drunk =pissed wasted =smashed hammered stoned =high alcohol alcoholic drugs heroin crack spice
        =smack =wrecked =mashed""",
    "BED": "bed beds bedroom mattress bath shower",
    "BASICS": """cooker fridge freezer washing machine soap toilet roll towels towel bed beds sheets blankets duvet
        electricity electric heating gas water food clothes shoes coat nappies milk formula curtains carpet
        toothbrush toothpaste shampoo uniform pillow mattress""",
    "REACTION": """scared scare frightened terrified afraid hide hiding hid cry crying cried shake shaking shook panic panicking freeze froze wet wets
        flinch scream hyperventilate tremble trembling run lock cower cowering anxious nervous shaky sick""",
    "WHEN": "when whenever if =everytime",
    "TRIGGER": """shout shouts shouting drunk drinking angry mad comes come home car voice footsteps door key
        round back arrives""",
    "FIGHT": """fight fighting fights row rows rowing argue arguing argument arguments scream screaming shout shouting
        yell yelling =screams =shouts =yells""",
    "HOMELESS": """homeless =homelessness evicted eviction =evict =sofasurfing =sofasurf =sofasurfer =foodbank
        =hostel""",
    # Exploitation
    "DRUGS": """drugs drug weed coke cocaine crack heroin spice ket ketamine mdma =bud wraps =baggies
        =package =packages =pills =cannabis =grams =nitrous""",
    "CARRY": """carry carrying carried hold holding held sell selling sold move moving deliver delivering drop
        dropping stash hide hiding deal dealing bag weigh =run =running =ran transport transporting""",
    "OWE": "owe owes owed owing debt =debts",
    "EXPLOIT_ACT": """give gave given buy bought pick picked car cars money cash drugs weed alcohol vodka drink
        vapes vape trainers phone phones make made owe party parties flat house hang hanging chill smoke let
        sleep stay stayed address taxi presents gifts""",
    "CHEAP_GIFT": """weed drugs vapes vape alcohol vodka drink money cash trainers phone cigs fags sweets sweeties
        presents gifts chocolate""",
    "ONLINE": """online internet snapchat =snap insta instagram tiktok whatsapp discord roblox fortnite xbox
        playstation =ps4 =ps5 facebook messenger =fb telegram kik omegle""",
    "PICS": "pics pic pictures picture photos photo images image videos video nudes nude =snaps selfies",
    "THEMSELF": "himself herself themselves themself =hisself",
    # A past worry now over: "I used to self harm but I'm doing much better now" (see EXCLUSIONS).
    "PAST": "=used previously =past =ago =before",
    "RESOLVED": """better happy happier settled fixed sorted safe fine okay =ok good great well helped stopped
        =anymore progress closed sober clean thriving recovered recovery =behind moved ended brilliant amazing
        flat job dealt""",
    "RECUR": """again still started starting back worse relapse relapsed sometimes keep keeps scared
        hurt hurts hurting""",
    # Subjects of talks, training and services: "the suicide prevention training", "a talk about drugs".
    "TOPIC": """suicide suicidal rape abuse abused homeless homelessness refuge overdose overdoses selfharm
        exploitation exploited grooming groomed neglect sexual sexting consent drugs drug knife knives gang gangs
        domestic violence alcohol bullying radicalisation trafficking missing danger safety""",
    "TALK": """assembly lesson lessons information info workshop workshops course courses session
        sessions awareness education leaflet leaflets learnt learned learn taught teach teaching training
        film documentary video presentation discussion discussions threshold thresholds conversations""",
    # Words that end a gap: what follows "but" is another thought.
    "BARRIER": "but though although however except =tho",
}

# Everyday words that a slip is never corrected to (they are in concepts for the rules' sake).
NOT_CORRECTED_TO = {"SELF", "NEG", "BARRIER", "HOME", "THING", "SPORT", "EXPLOIT_ACT", "LIVING", "WANT", "PERSON", "LADS"}
