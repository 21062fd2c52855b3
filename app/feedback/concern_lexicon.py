"""The words and rules of the concern detector (`app.feedback.concerns` explains the method).

CONCEPTS: groups of words. A plain entry matches any form of the word (by its Snowball
stem: "punch" matches "punches", "punching"); "=word" matches that exact word only ("=missing",
so "I miss my mum" is not "going missing"). Concept names are in capitals.

RULES: (category, id, pattern). A pattern is a sequence of slots: a CONCEPT, a word (any
form), "=word" (exact), "a|b" (either), with "~N" allowing up to N other tokens before the
next slot; "^" and "$" tie it to the start or end of the sentence. Within a category the
first rule that matches gives the evidence, so put the most telling rules first.

EXCLUSIONS: patterns whose slots marked "*" are taken out of play before the rules run.
Each must be shown (tests/feedback/test_concerns.py) to lose no disclosure of the corpus.

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
    "whats": "whats", "kil": "kill", "kll": "kill", "hurtin": "hurting", "hittin": "hitting", "slapt": "slapped", "punchd": "punched",
}

# A word that may start a key term written as two words: "step dad", "my self", "self harn".
JOIN_FIRST = {"self", "my", "me", "him", "her", "your", "them", "our", "some", "no", "any", "every", "over", "step",
              "boy", "boss", "food", "sofa", "trap", "home", "girl", "grand", "un", "non", "egg", "black"}

_HARM = """hit punch kick slap smack batter leather beat beaten bash wallop whack thump lamp deck belt twat
    strangle choke throttle stab shove push drag grab pin bite burn scald shake headbutt boot knock hurt hurted
    abuse attack assault spank whip lash cane throw threw chuck clout clip bray brayed booted kneed knee elbow
    bruise strike struck smash pummel suffocate smother stamp stamped twist twisted =jumped beat =beat =beats =beating =battering =hitted =hitting
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
        olders elders gang friends mates girls""",
    "OLDER": "older =olders =elders adult adults grown =grown =20s =twenties =thirties =30s =big",
    "ADULT_AGE": "eighteen nineteen twenty thirty forty fifty =twenties =thirties =forties",
    # Harm
    "HARM": _HARM,
    "HARM_PASSIVE": _HARM.replace("hurt hurted", "").replace("=harmed harm", ""),
    "INJURY": "bruise bruises bruised =welts =blood bleed bleeding =burns",
    "VIOLENT": "violent violence aggressive rough =abusive",
    "THING": """wall walls door doors thing things stuff table tables plate plates window windows
        telly tv phone furniture plates cups glass mirror""",
    "SPORT": "football footy rugby match game games pe boxing training hockey cricket netball fifa fortnite",
    # Fear, threat, help
    "FEAR": """scared scare scares scary =scard =scarred frightened frighten frightens afraid terrified terrify
        petrified fear fears fearful intimidated intimidate =scaring =bricking""",
    "SAFE": "safe safety =safely",
    "UNSAFE": "unsafe =unsafely danger dangerous",
    "HOME": "home house =ours flat =dads =mums",
    "TELL": "tell told telling say said says speak talk grass grassing snitch snitching report complain complaining",
    "NEG": """not =dont =doesnt =didnt never no =isnt =arent =wasnt =werent =cant =couldnt =wont =wouldnt
        =shouldnt =aint hardly nobody =noone =nothing =none nowhere without =havent =hasnt =nt =dnt
        =neva =nvr =nah""",
    "CONSEQUENCE": """hurt kill batter beat stab hit harm smash burn sorry regret trouble happen pay shoot slap
        leather take taken never moved move away lose fault blame split believe worse belt find dead hospital""",
    # Self-harm
    "SELFHARM": """selfharm =selfharming =selfharmed =selfharmer =selfharms suicide suicidal =suicidel =sucidal
        relapse relapsed""",
    "CUT_SELF": "cut cutting cuts slash scratch scratching burn hurt harm starve kill hang stab punch hit bite",
    "SCAR": "scar scars scarred =scarring",
    "LIMB": "arm arms wrist wrists leg legs thigh thighs skin stomach belly hip hips",
    "PILLS": """tablets tablet pills pill paracetamol painkillers painkiller meds medication medicine =tabs
        ibuprofen cocodamol codeine antidepressants sertraline fluoxetine""",
    "MANY_PILLS": """all whole loads load lots packet packets box boxes handful many bunch bottle stash stashed
        saving saved save hoard hoarding swallowed swallow overdose took take taking collecting stockpile
        =stockpiling necked popped downed""",
    "DIE": "die dead =died dying gone disappear =disapear exist =existing =alive",
    "WANT": "want =wanna wish wishing rather =wanted hope hoping",
    "POINT": "point reason",
    "LIVING": "living live life alive =anymore =anything existing exist =here me carrying",
    "HIGH_PLACE": """bridge building roof train trains car cars cliff road traffic bus lorry motorway window
        railway tracks""",
    # Neglect
    "FOOD": """food eat eating =ate breakfast dinner dinners tea lunch meal meals =fed feed groceries snack snacks
        =foodbank""",
    "HUNGRY": "hungry =hungery =hungy starving starved =starvin",
    "HEAT": "heating heat electric electricity gas power =lecky water meter",
    "COLD": "cold freezing =freezin damp mould mouldy filthy dirty smelly disgusting rats mice cockroaches",
    "DRUNK": """drunk =pissed wasted =smashed hammered stoned =high alcohol alcoholic drugs heroin crack spice
        =smack =wrecked =mashed""",
    "BED": "bed beds bedroom mattress bath shower",
    "FIGHT": """fight fighting fights row rows rowing argue arguing argument arguments scream screaming shout shouting
        yell yelling =screams =shouts =yells""",
    "HOMELESS": """homeless =homelessness evicted eviction =evict =sofasurfing =sofasurf =sofasurfer =foodbank
        =hostel""",
    # Exploitation
    "DRUGS": """drugs drug weed coke cocaine crack heroin spice ket ketamine mdma =bud wraps =baggies
        =package =packages =pills =cannabis =grams =nitrous""",
    "CARRY": """carry carrying carried hold holding held sell selling sold move moving deliver delivering drop
        dropping stash hide hiding deal dealing bag weigh =run =running =ran""",
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
        =anymore progress closed""",
    "RECUR": """again still started starting back worse relapse relapsed sometimes keep keeps scared
        hurt hurts hurting""",
    # Words that end a gap: what follows "but" is another thought.
    "BARRIER": "but though although however except =tho",
}

# Everyday words that a slip is never corrected to (they are in concepts for the rules' sake).
NOT_CORRECTED_TO = {"SELF", "NEG", "BARRIER", "HOME", "THING", "SPORT", "EXPLOIT_ACT", "LIVING", "WANT", "PERSON", "LADS"}

RULES = [
    # --- Physical harm -----------------------------------------------------------------------------------
    ("physical", "harm-victim", "HARM ~3 VICTIM"),
    ("physical", "harm-own-head", "HARM ~2 own|=his|=her ~1 head|face|arms|body ~2 against|on"),  # "hit me", "punches walls and then punches me"
    ("physical", "harm-year-old", "HARM ~4 year|yr|=yo|month ~1 old|olds|$"),
    ("physical", "victim-got-harmed", "SELF|VICTIM ~3 get|got|been|was|were|being|is|are|keep|=gets ~2 HARM_PASSIVE"),
    ("physical", "got-harmed-start", "^ ~1 get|got|been|getting|=gets ~2 HARM_PASSIVE"),
    ("physical", "harmed-by-person", "HARM ~3 by|off|from ~2 PERSON"),
    ("physical", "person-harms-end", "PERSON ~4 HARM ~1 $"),  # "my dad hits", "he gets drunk and hits"
    ("physical", "person-harms-often", "PERSON ~4 HARM ~1 =a|all|every|sometimes|when|if|again|loads|always|alot|too"),
    ("physical", "a-beating", "a|another|the|=good ~1 =beating|=battering|=hiding|=kicking|=pasting|=leathering|=belting|=smacking ~3 off|from|by|of|PERSON"),
    ("physical", "injury", "INJURY ~3 on|all|from|over|BODY|where|VICTIM"),
    ("physical", "leaves-marks", "leave|leaves|left ~1 =marks|=mark|bruises|=welts|INJURY"),
    ("physical", "marks-on", "=marks|=mark|=welts ~2 on ~2 BODY|me|my|her|his"),
    ("physical", "black-eye", "black|fat|split|bust|=busted ~1 eye|lip|nose"),
    ("physical", "harm-body", "punch|slap|kick|smack|batter|leather|whack|thump|lamp|headbutt|stab|strangle|choke|throttle|bash|wallop|twat|boot|bray|elbow|knee|strike|=booted|=kneed ~4 BODY"),
    ("physical", "violent-person", "PERSON ~4 VIOLENT"),
    ("physical", "violent-to", "VIOLENT ~3 to|towards|with ~2 VICTIM|SELF"),
    ("physical", "abuse", "abuse|abused|abusing|=abusive|abuser"),
    ("physical", "beat-up", "beat|beats|beating|beaten|=beated|batter|battered|=bashed|=smashed ~3 up"),
    ("physical", "person-harms-body", "PERSON ~3 HARM|burn|burned|burnt|scald|scalded ~2 my|his|her|their ~1 BODY"),
    ("physical", "goes-for-me", "PERSON ~4 go|goes|went|going|came|comes ~1 for ~1 me|us|VICTIM"),
    ("physical", "unexplained-injury", "unexplained|facial|=non|suspicious|=nai ~2 INJURY|injury|injuries|=marks|bruising|accidental"),
    ("physical", "punished", "HARM ~8 because|when|if ~2 i|we ~1 was|were|am|didnt|dont|wouldnt|wet|cry|cried ~2 naughty|bad|cheeky|=cry|crying|listen|$"),
    ("physical", "with-implement", "HARM ~5 with ~2 belt|slipper|stick|spoon|cane|cable|wire|shoe|hammer|bat|bottle"),
    # --- Sexual harm and grooming ---------------------------------------------------------------------
    ("sexual", "rape", "rape|raped|raping|rapist|molest|molested|molesting|groomed|grooming|=paedo|=pedo|paedophile|=nonce|pervert|=perv|=pervy"),
    ("sexual", "sexual", "sexual|sexually|sex|=sext|sexting|porn|porno|pornography|=naked|nudes|=nude|=upskirt|=wanked|masturbate|masturbating|=fondled|fondle|grope|groped|groping"),
    ("sexual", "touch", "touch|touched|touches|touching ~3 VICTIM|PRIVATE|up|=inappropriately|inappropriate|wrong"),
    ("sexual", "felt-up", "feel|felt|feels|feeling ~1 me|her|us|him ~1 up"),
    ("sexual", "make-touch", "make|made|makes|making|force|forced|forces ~3 touch|suck|kiss|undress"),
    ("sexual", "sexualised", "=sexualised|=sexualized|=sexualising|=sexualizing"),
    ("sexual", "make-watch", "make|made|makes|force|forced|forces ~3 watch|look ~3 PICS|porn|films|him|them|rude|dirty"),
    ("sexual", "trying-it-on", "try|trying|tried|tries ~1 it ~1 on"),
    ("sexual", "make-do-unwanted", "make|made|makes|force|forced|forces ~2 me|us|her|him ~1 do ~2 stuff|things ~5 NEG ~2 want|like"),
    ("sexual", "hand-on-leg", "hand|hands ~3 on|up ~2 my|her ~1 leg|legs|thigh|thighs|knee|chest|PRIVATE"),
    ("sexual", "kiss-lips", "kiss|kisses|kissed|kissing ~1 me|her|us ~3 lips|mouth|neck"),
    ("sexual", "mature-for-age", "mature ~2 for ~1 my|your|her|his ~1 age"),
    ("sexual", "meet-without", "meet|meeting ~4 without ~4 know|knowing|permission"),
    ("sexual", "age-gap", "i|am|=im|she|he ~2 CHILD_AGE ~6 he|him|boyfriend|guy|man|bloke|fella|she|girlfriend ~2 ADULT_AGE"),
    ("sexual", "age-gap-2", "he|boyfriend|guy|man|bloke|fella ~3 ADULT_AGE ~8 i|am|=im ~2 CHILD_AGE"),
    ("sexual", "with-men-for-money", "with ~2 men|man|older|them|LADS ~3 for ~1 money|cash|drugs|somewhere"),
    ("sexual", "come-in-shower", "ADULT_MALE|OLDER ~6 come|comes|coming|came|walk|walks|walking|barge|barges ~2 in|into ~5 shower|bath|bathroom|changing|undressed|toilet"),
    ("sexual", "his-house-alone", "his|their ~1 house|flat|car|room|place ~3 on ~1 my ~1 own|alone"),
    ("sexual", "wont-stop", "told|tell|asked|ask|said ~2 him|them ~2 stop|no ~4 NEG|doesnt|wont|didnt|keeps|carried|carries"),
    ("sexual", "touchy", "=touchy|=feely|=handsy"),
    ("sexual", "kiss-unwanted", "kiss|kissed|kisses|kissing ~4 NEG ~2 want|like|let|stop"),
    ("sexual", "do-stuff-to", "do|did|does|doing ~1 stuff|things|it ~1 to ~1 me|us|her|him"),
    ("sexual", "make-do-stuff", "make|made|makes|force|forced|forces ~3 girls|me|us|her|them ~2 do ~1 stuff|things|sexual|sex ~1 with|to|for"),
    ("sexual", "hand-down", "hand|hands|fingers ~4 down|up|in|inside|under ~2 PRIVATE"),
    ("sexual", "clothes-off", "take|took|taking|takes|get|got ~3 clothes|top|pants|knickers|trousers ~1 off"),
    ("sexual", "clothes-off-2", "take|took|taking|takes ~2 off ~2 clothes|top|pants|knickers|trousers|bra"),
    ("sexual", "undress", "undress|undressed|undressing|=strip|stripped"),
    ("sexual", "rude", "rude|dirty|naked|=sexy ~2 PICS|messages|texts|films|stuff|photos"),
    ("sexual", "private-parts", "private|privates ~1 parts|bits|area|places"),
    ("sexual", "privates", "=privates"),
    ("sexual", "asked-pics", "ask|asked|asking|asks|want|wants|wanted|beg|begging|pressure|pressured|pressuring|make|made|pay|paid|force|threaten|keep|keeps|send ~5 PICS"),
    ("sexual", "pics-of-me", "PICS ~3 of ~1 me|myself|body|without|naked|underwear|bra"),
    ("sexual", "pics-no-top", "PICS ~3 no|without ~1 top|clothes|clothing|bra|pants|shirt"),
    ("sexual", "shared-pics", "share|shared|sharing|post|posted|spread|leak|leaked|screenshot|screenshotted|sending ~3 PICS|it|them ~3 round|around|everyone|online|school|people|chat|group|ONLINE|story"),
    ("sexual", "sent-pic-to", "sent|send ~3 PICS ~3 to ~2 =boy|man|guy|lad|bloke|him|someone|stranger|older"),
    ("sexual", "older-app", "man|men|guy|older|adult|stranger|bloke ~4 =app|=apps|game|games|gaming|chat|website|site"),
    ("sexual", "older-boyfriend", "OLDER ~2 boyfriend|man|men|guy|guys|lad|lads|bloke|fella|=bf|girlfriend"),
    ("sexual", "boyfriend-older", "boyfriend|fella|girlfriend|man|guy|bloke ~4 OLDER|ADULT_AGE"),
    ("sexual", "older-online", "man|men|guy|older|adult|stranger|someone|somebody|person|bloke ~6 ONLINE"),
    ("sexual", "online-man", "ONLINE ~6 man|men|guy|older|adult|stranger|meet|met|bloke|ADULT_AGE"),
    ("sexual", "in-my-bed", "ADULT_MALE|OLDER|=stepbrother ~6 come|comes|came|coming|get|gets|got|climb|climbs|sneak|sneaks ~3 in|into|to ~2 BED"),
    ("sexual", "in-my-room-night", "ADULT_MALE ~6 come|comes|came|coming|get|gets|sneak|sneaks ~3 room|bedroom ~3 night"),
    ("sexual", "sleep-with", "sleep|slept|sleeping ~2 with ~2 ADULT_MALE|OLDER|them|men|lads ~2 for"),
    ("sexual", "forced", "force|forced|forcing|forces ~3 me|us|her ~4 sex|do|kiss|touch|suck|stuff"),
    ("sexual", "cse", "=cse|=csa|exploited|exploitation ~2 sexual|sexually"),
    ("sexual", "exposed", "exposed|flashed|flashing ~1 himself|herself|his|at"),
    # --- Self-harm and suicide -----------------------------------------------------------------------
    ("self_harm", "suicide", "SELFHARM"),
    ("self_harm", "self-harm", "self ~1 harm|harming|harmed|harms|injure|injury|injuring|=h|=harn|=harmin"),
    ("self_harm", "sh", "i|been|to|my|stop|urge|urges|relapse|relapsed|=im ~1 =sh"),
    ("self_harm", "hurt-myself", "CUT_SELF|strangle|choke|suffocate|batter|smother|=od ~2 myself|=meself|=myself|=mysef|=myslef|THEMSELF"),
    ("self_harm", "kill-themself", "kill|killing|hurt|hurting|harm|harming|cut|cutting|hang|hanging|end ~2 THEMSELF"),
    ("self_harm", "goodbye-letter", "goodbye|suicide ~1 letter|letters|note|notes|message|messages|video"),
    ("self_harm", "not-alive", "NEG|not ~2 being|be|feel ~1 alive"),
    ("self_harm", "tired-of-life", "tired|sick|fed|done|exhausted ~3 of|with ~2 living|life|alive|existing|everything|being ~1 alive|here"),
    ("self_harm", "ways-to-die", "ways|way|how|methods|painless ~2 to ~1 die|kill|end"),
    ("self_harm", "heaven", "be|go|join|with ~3 in ~1 heaven"),
    ("self_harm", "not-going-to-be-here", "NEG|not ~2 going ~2 be ~1 here|around"),
    ("self_harm", "take-my-life", "kill|killing|end|ending|take|taking|took ~2 my|own ~1 life"),
    ("self_harm", "want-die", "WANT ~4 to|be|i|was|were ~2 DIE"),
    ("self_harm", "want-die-2", "WANT ~2 die|dead|=died"),
    ("self_harm", "not-live", "NEG ~3 want|wanna|wish|feel ~3 live|living|alive|exist|existing|wake|born|carry"),
    ("self_harm", "not-be-here", "NEG ~3 want|wanna|wish ~3 be ~1 here|around ~2 anymore|any|$"),
    ("self_harm", "never-born", "never|not|wasnt ~1 born"),
    ("self_harm", "no-point", "NEG|what|whats|the ~3 point ~4 living|life|alive|anymore|anything|existing|being|me|carrying|here|live|=goin"),
    ("self_harm", "end-it", "gonna|going|want|will|might|could|should|about|plan|ready|wanna|just|to|try|tried|thinking ~3 end|ending it|things|everything|myself|all"),
    ("self_harm", "end-it-all", "end ~1 it ~1 all"),
    ("self_harm", "better-off-without", "better ~1 off ~3 without|if|when ~2 me|i|=im|=id|=ive"),
    ("self_harm", "better-off-dead", "better ~1 off ~1 dead|gone"),
    ("self_harm", "not-here-long", "NEG|not|wont ~2 be ~2 here|around ~3 long|longer|soon|forever|anymore"),
    ("self_harm", "wake-up", "NEG|never ~2 wake|waking ~1 up"),
    ("self_harm", "sleep-forever", "sleep|asleep ~2 forever"),
    ("self_harm", "overdose", "overdose|overdosed|overdosing|=ods|=od"),
    ("self_harm", "pills", "MANY_PILLS ~4 PILLS"),
    ("self_harm", "pills-2", "PILLS ~4 MANY_PILLS|overdose|die|end|sleep"),
    ("self_harm", "jump", "jump|jumping|jumped|throw|step|walk|stepping|walking ~4 off|front|into|under ~2 HIGH_PLACE"),
    ("self_harm", "hang", "hang|hanging ~1 myself|=meself|self"),
    ("self_harm", "noose", "noose|ligature|ligatures"),
    ("self_harm", "blades", "=blades|=razors|=razor|=razorblade|=razorblades|=sharpener|=sharpeners"),
    ("self_harm", "cut-arms", "cut|cuts|cutting|slash|slashed|scratch|scratching|scars|scar|=scarred|burn|burns ~3 LIMB"),
    ("self_harm", "cutting", "been|started|start|keep|stop|stopped|still|am|was|=im|back ~2 cutting|=cuting ~1 again|$|myself|LIMB|=agen"),
    ("self_harm", "to-cut", "i|to|=im|=ive|started|start ~1 cut|burn|scratch ~1 $|again|myself|but|and|when|because|cos|if|sometimes"),
    ("self_harm", "cut-deep", "cut|cuts|cutting|=cuting ~1 deep|deeper|=deepr"),
    ("self_harm", "scars", "SCAR ~3 on|my|from|LIMB"),
    ("self_harm", "hate-myself", "hate|hates|=h8 ~1 myself|=meself|life|=mylife"),
    ("self_harm", "cant-cope", "NEG|cant ~1 cope|=coping|=copeing|handle ~3 anymore|more|life|everything|$"),
    ("self_harm", "cant-go-on", "cant|=cannot|NEG ~1 go|carry|keep ~1 on|going"),
    ("self_harm", "cant-take", "cant|NEG ~1 take|do|deal ~2 it|this|any ~2 anymore|longer|more"),
    ("self_harm", "make-stop", "want|make|wish|need ~2 it|everything|this ~3 stop|over"),
    ("self_harm", "sick-after", "make|made|making|makes ~1 myself|=meself ~1 sick|vomit|throw"),
    ("self_harm", "starve", "starve|starving|stop|stopped ~1 myself|eating"),
    ("self_harm", "disappear", "WANT ~4 disappear|vanish|gone|dead"),
    ("self_harm", "goodbye", "goodbye|bye ~2 forever|world"),
    # --- Neglect -----------------------------------------------------------------------------------------
    ("neglect", "no-food", "no|nothing|NEG|hardly|without|afford|empty|run|ran ~3 FOOD"),
    ("neglect", "not-fed", "NEG|nobody|noone|forget|forgets|forgot ~3 feed|fed|feeds|feeding ~2 us|me|FOOD|$"),
    ("neglect", "nobody-cooks", "NEG|nobody|noone|forget|forgets ~3 make|makes|cook|cooks|get|gets|buy|buys ~3 FOOD"),
    ("neglect", "hungry", "HUNGRY"),
    ("neglect", "same-nappy", "same|dirty|wet|soiled ~2 nappy|nappies|clothes|uniform ~4 yesterday|days|week|weeks|all|since"),
    ("neglect", "look-after-myself", "look|looking|looks|fend|fending ~1 after|for ~1 myself|ourselves|=meself"),
    ("neglect", "forgets-pick-up", "forget|forgets|forgot|forgotten ~3 pick|collect|fetch|feed|get"),
    ("neglect", "nobody-in", "no|nobody|noone|=ones|none ~2 in|home|there|around|about ~1 $|when|and|to|at"),
    ("neglect", "no-adult", "no|not|without|NEG ~2 adult|adults|parent|parents|grown ~2 home|there|in|around|about|seen|present|supervision|up"),
    ("neglect", "found-alone", "alone ~2 at|in ~1 the ~1 home|house|flat"),
    ("neglect", "found-alone-2", "alone ~2 at|in ~1 home|house|flat|night|overnight|=11pm|=midnight"),
    ("neglect", "found-alone-3", "found|left|leave|leaves ~3 alone"),
    ("neglect", "goes-out-leaves", "MUM|DAD|they|she|he|parents ~3 go|goes|went|going ~1 out ~6 leave|leaves|left|alone|own"),
    ("neglect", "make-dinner", "have|got|has ~1 to ~1 make|cook|feed|get ~4 FOOD|tea|dinner|brother|sister|sisters|brothers|siblings|baby|kids"),
    ("neglect", "no-dentist", "NEG ~3 take|took|taking|takes ~2 me|us|him|her ~3 dentist|doctor|doctors|hospital|gp|optician"),
    ("neglect", "locked-in-out", "lock|locks|locked|locking ~2 us|me ~2 in|out ~6 out|night|goes|went|pub|drinking"),
    ("neglect", "food-bank", "=foodbank|food ~1 bank|banks|parcel|parcels"),
    ("neglect", "no-heat", "no|NEG|afford|without|off|out|run|ran|empty ~3 HEAT"),
    ("neglect", "cut-off", "HEAT ~3 cut|cuts|turned|switched|gone|run|ran ~2 off|out"),
    ("neglect", "cold-home", "COLD ~4 house|home|flat|room|bedroom|place|inside"),
    ("neglect", "home-cold", "house|home|flat|room|bedroom|place ~4 COLD"),
    ("neglect", "nowhere-sleep", "nowhere|=nowere ~2 sleep|live|stay|go|$"),
    ("neglect", "no-place-sleep", "no ~1 where|place|bed|home|roof ~3 sleep|live|stay|go|$"),
    ("neglect", "anywhere-sleep", "NEG ~4 anywhere|somewhere ~2 sleep|live|stay"),
    ("neglect", "no-bed", "no ~1 bed|beds|mattress|bedroom"),
    ("neglect", "sleep-rough", "sleep|sleeping|slept|sleeps ~3 rough|floor|car|street|streets|outside|tent|park|bench|sofa|settee|couch|stairs|garage"),
    ("neglect", "live-in-car", "live|living|stay|staying ~2 in ~1 a|the|our ~1 car|tent|van"),
    ("neglect", "homeless", "HOMELESS"),
    ("neglect", "sofa-surf", "sofa|couch ~1 surf|surfing|surfed"),
    ("neglect", "kicked-out", "kick|kicked|kicks|chuck|chucked|chucks|throw|threw|thrown|turf|turfed|boot|booted ~3 out"),
    ("neglect", "left-alone", "leave|leaves|left|leaving ~6 alone|own|myself|ourselves|themselves|=homealone"),
    ("neglect", "home-alone", "home|house|flat ~1 alone|=homealone"),
    ("neglect", "on-own-night", "on|by ~1 my|our|me|myself|own ~2 all|every|overnight ~1 night|nights|weekend|day|days"),
    ("neglect", "parent-not-home", "MUM|DAD|parents|they|she|he ~4 NEG|not ~2 come|came|been|coming|home ~2 home|back|days|nights|weekend|night"),
    ("neglect", "look-after", "have|got|has|always|need ~2 to ~1 look|looking|care ~1 after|for ~2 my|our|the ~2 little|baby|younger|brother|sister|brothers|sisters|siblings|MUM|DAD|kids"),
    ("neglect", "parent-drunk", "MUM|DAD|PARTNER|parents|she|he|they ~4 DRUNK"),
    ("neglect", "passed-out", "passed|=passes ~1 out"),
    ("neglect", "drinks-lots", "drink|drinks|drinking ~2 all|every|too|loads|lots|alot|a ~1 day|night|much|time|lot"),
    ("neglect", "substance-abuse", "alcohol|drug|drugs|substance ~1 abuse|misuse|problem|problems|addict|addiction|issues"),
    ("neglect", "dirty-clothes", "dirty|smelly|no ~2 clothes|uniform|shoes|nappy|nappies"),
    ("neglect", "lice", "=nits|lice"),
    ("neglect", "nobody-cares", "nobody|noone|no ~2 cares|care|looks|look|takes ~2 about|after|me|us|care"),
    ("neglect", "no-money", "no|NEG ~1 money ~3 FOOD|HEAT|rent|clothes|shoes|eat|gas|meter|nappies"),
    ("neglect", "never-fed", "NEG|never ~2 fed"),
    # --- Domestic abuse -----------------------------------------------------------------------------------
    ("domestic_abuse", "domestic", "domestic|=dv ~1 abuse|violence|=abusive|incident|incidents|$"),
    ("domestic_abuse", "refuge", "refuge|=womens|=idva|=marac|=molestation|restraining|injunction|coercive|coercion|controlling"),
    ("domestic_abuse", "controls", "PARTNER|DAD|he ~3 control|controls ~3 her|MUM|everything|money|what|where|who"),
    ("domestic_abuse", "harm-mum", "HARM|VIOLENT ~2 MUM|DAD|=nan|=nana|=gran|=mother|=wife"),
    ("domestic_abuse", "partner-harms-her", "PARTNER|DAD|he ~6 HARM|VIOLENT ~3 her|she|MUM"),
    ("domestic_abuse", "mum-injured", "MUM|she|her ~4 INJURY|bleeding"),
    ("domestic_abuse", "mum-black-eye", "MUM|she|her ~4 black|split|bust|=busted|fat ~1 eye|lip|nose"),
    ("domestic_abuse", "parents-fight", "parents|they ~4 FIGHT ~3 =all|every|=each|always|loads|lot|alot|night|again|police|$"),
    ("domestic_abuse", "adults-fight", "MUM|DAD|PARTNER|him|he|she|her ~3 and ~3 MUM|DAD|PARTNER|him|her ~6 FIGHT"),
    ("domestic_abuse", "each-other", "FIGHT|hit|hitting|hurt|hurting|kill|killing ~2 at|with ~1 each ~1 other"),
    ("domestic_abuse", "shouts-at-mum", "PARTNER|DAD|he ~4 shout|shouts|shouting|scream|screams|screaming|yell|yells|swear|swears|swearing|threaten|threatens|threatened ~2 at|to ~1 MUM|her|my ~1 MUM"),
    ("domestic_abuse", "smashes-things", "PARTNER|DAD|he|she|they ~4 smash|smashes|smashed|throw|throws|threw|punch|punches|punched|kick|kicks|kicked|break|breaks|broke|trash|trashed ~3 THING|holes|hole|up"),
    ("domestic_abuse", "police-came", "police ~3 came|come|called|round|ours|again|arrested"),
    ("domestic_abuse", "wont-let-her", "NEG|not ~3 let|allow|allowed ~2 MUM|her ~4 see|go|have|leave|work|talk|out|phone|money|friends|family"),
    ("domestic_abuse", "checks-phone", "check|checks|checking|checked|track|tracks|tracking|read|reads|control ~2 her|my|MUM ~1 phone|money|card|bank|messages|location"),
    ("domestic_abuse", "takes-her-money", "take|takes|took|taking ~2 her|MUM ~1 money|card|bank|phone|keys"),
    ("domestic_abuse", "locks-in", "lock|locks|locked|locking ~2 her|MUM|us|me ~2 in|out"),
    ("domestic_abuse", "tells-wear", "tell|tells|told|decides ~3 what ~2 wear|=wearing"),
    ("domestic_abuse", "ex-harasses", "ex|=exs|husband|=expartner|=exhusband ~6 messaging|texting|calling|ringing|follow|follows|following|stalk|stalks|stalking|harass|harassing|threaten|threatens|threatened|hit|hits|hurt|hurts|=turns|=turned"),
    ("domestic_abuse", "stalking", "stalk|stalking|stalker"),
    ("domestic_abuse", "get-away", "get|got|getting|run|ran|flee|fled ~2 away ~2 from ~1 him|her|PARTNER|DAD"),
    ("domestic_abuse", "notification", "=da|=dv|police ~1 notification|notifications|incident|incidents|referral|=ppn|=ppns|callout|=callouts"),
    ("domestic_abuse", "risk-tools", "=dash|=ppn|=ppns|=maracs|=idvas|=stepsdv"),
    ("domestic_abuse", "if-i-leave", "if|when ~2 SELF|she|mum ~3 leave|leaves|left ~2 him|her|=he|=she ~8 CONSEQUENCE|find|come|=kill|=take"),
    ("domestic_abuse", "protect-mum", "protect|protecting|look ~3 MUM|her ~2 from|after"),
    ("domestic_abuse", "protect-from", "protect|protecting|protected ~3 from ~2 him|her|PARTNER|DAD|he"),
    ("domestic_abuse", "not-allowed-without", "NEG|not ~1 allowed ~4 without ~1 him|her|PARTNER"),
    ("domestic_abuse", "hear-screaming", "hear|heard|hearing|hears|listen ~3 MUM|her|them|she ~2 scream|screaming|screams|crying|cry|cries|shout|shouting|fighting|fight|begging"),
    ("domestic_abuse", "in-front-of-kids", "front ~1 of ~2 the|my|our|her|his ~1 kids|children|baby|boys|girls|son|daughter"),
    ("domestic_abuse", "lost-it", "PARTNER|DAD|he ~3 lost|loses|lose|losing ~1 it|his ~1 temper|$"),
    ("domestic_abuse", "calls-her-names", "PARTNER|DAD|he ~3 says|calls|called|call|tells ~2 MUM|her ~3 stupid|fat|ugly|useless|slag|bitch|names|worthless|whore|thick"),
    ("domestic_abuse", "holes-in-walls", "hole|holes|dent|dents|smashed|broken ~4 wall|walls|door|doors"),
    ("domestic_abuse", "argues-with-mum", "PARTNER|DAD|he ~8 arguing|argue|argues|fighting|fights|rowing ~2 with ~1 MUM|her|my"),
    ("domestic_abuse", "goes-for-mum", "PERSON ~4 go|goes|went|going|came|comes ~1 for ~1 MUM|her"),
    ("domestic_abuse", "scared-partner-hurt", "FEAR ~3 PARTNER|DAD|he ~4 hurt|hit|kill|harm|attack"),
    ("domestic_abuse", "scared-leave", "FEAR ~3 leave|leaving ~1 him|her|$"),
    # --- Exploitation and going missing ---------------------------------------------------------------
    ("exploitation", "county-lines", "county ~1 line|lines"),
    ("exploitation", "slang", "cuckoo|cuckooing|cuckooed|=trap|=traphouse|=trapping|=trappin|=bossman|=plug|=burner|shotting|=shotter|=olders|=elders|=mandem|=nitty|=nitties|=bando|=opps|=opp"),
    ("exploitation", "going-country", "going|gone|go|went|sent ~1 =country|=cunch|=ots"),
    ("exploitation", "exploited", "exploit|exploited|exploiting|exploitation|=cce|trafficked|trafficking|=nrm"),
    ("exploitation", "carry-drugs", "CARRY ~4 DRUGS"),
    ("exploitation", "carry-for", "CARRY ~3 stuff|things|bits|bag|bags|package|phone|them|it ~3 for ~2 them|him|someone|somebody|people|LADS|OLDER"),
    ("exploitation", "drugs-for", "DRUGS ~3 for ~2 them|him|someone|people|LADS|OLDER|somebody"),
    ("exploitation", "selling", "sell|selling|sold|deal|dealing|supply|supplying ~3 DRUGS"),
    ("exploitation", "dealer", "=dealer|=dealers|=dealin|=dealing ~1 $|DRUGS|to|for"),
    ("exploitation", "owe", "OWE ~5 money|LADS|OLDER|them|him|someone|people|pay|back|off|dealer|debt|quid|$"),
    ("exploitation", "pay-off", "pay|paying|work ~3 off ~4 owe|debt|debts|money"),
    ("exploitation", "grafting-for", "graft|grafting|grafted|work|working|worked|shotting|=jobs ~2 for ~2 some|these|them|him|the ~1 guys|lads|men|man|people|olders|boys|LADS|$"),
    ("exploitation", "work-till-paid", "work|working|worked ~2 for ~1 them|him ~4 paid|off|owe|debt|free|nothing"),
    ("exploitation", "easy-money", "easy|quick|fast|free ~1 money|cash|=££|=£"),
    ("exploitation", "debt-bond", "debt ~1 bond|bondage"),
    ("exploitation", "set-up", "set|=setup ~1 me|us|him ~1 up"),
    ("exploitation", "lost-where", "NEG ~2 know ~1 where ~1 i|we ~1 was|were|am|are"),
    ("exploitation", "taken-to-houses", "take|taken|took|drive|driven|drove|picked ~3 to ~2 houses|flats|parties|party|hotels|hotel|addresses|places ~4 men|older|night|money|with"),
    ("exploitation", "picked-up-night", "pick|picked|picks|collect|collected ~1 up|me|us ~5 night|late|=midnight"),
    ("exploitation", "lookout", "=lookout|=dixie|=dixy ~1 $|for|=for"),
    ("exploitation", "whistle-police", "whistle|watch|lookout|=dixie ~3 police|feds|=12|coppers|cops"),
    ("exploitation", "sell-for", "sell|selling|sold|deal|dealing|shot|shotting ~1 for ~2 her|him|them|someone|LADS|people|OLDER"),
    ("exploitation", "running-for", "run|running|ran|runs|runner ~2 for ~2 someone|them|him|man|men|guy|LADS|OLDER|people|somebody"),
    ("exploitation", "run-lines", "run|running|ran|runs ~2 line|lines|errands|bits|packages|parcels|drops"),
    ("exploitation", "older-lads-act", "OLDER ~2 LADS ~6 EXPLOIT_ACT"),
    ("exploitation", "act-older-lads", "EXPLOIT_ACT ~6 OLDER ~2 LADS"),
    ("exploitation", "lads-older", "LADS ~3 older|=years|ADULT_AGE ~6 EXPLOIT_ACT"),
    ("exploitation", "missing", "go|going|gone|went|been|goes|keep|keeps|kept|reported|report ~2 =missing|=mising|=misssing"),
    ("exploitation", "is-missing", "is|was|are|were ~1 =missing ~1 $|again|for|from|overnight|since"),
    ("exploitation", "missing-for", "=missing|=mising ~1 overnight|again|days|person|persons|episode|episodes|twice"),
    ("exploitation", "missing-from", "=missing ~1 from ~1 home|care|school|placement"),
    ("exploitation", "run-away", "run|ran|running|runs|=runnin|=runned ~1 away"),
    ("exploitation", "runaway", "=runaway|=runaways|=absconded|=abscond|=absconding"),
    ("exploitation", "stay-out", "stay|staying|stayed|stays|sleep|sleeping|stop|stopping|be|been|=stopped ~2 out|away ~3 all|overnight|night|nights|days|weekend|=1am|=2am|=3am|=4am|=5am"),
    ("exploitation", "not-come-home", "i|he|she|son|daughter|they ~4 NEG|never ~2 come|came|coming|been|go|went|gone ~2 home|back ~3 night|nights|days|weekend|all"),
    ("exploitation", "picked-up", "pick|picked|picks|picking|collect|collected ~4 by|in ~3 older|men|man|lads|strangers|guys|people"),
    ("exploitation", "given-gifts", "OLDER|LADS|man|men|guy|guys|stranger|strangers|someone|somebody ~4 give|gave|given|giving|gives|buy|buys|bought ~3 me|us|her|him ~3 CHEAP_GIFT|DRUGS"),
    ("exploitation", "given-drugs", "give|gave|given|giving|gives|offer|offered|offers ~3 DRUGS|alcohol|vodka"),
    ("exploitation", "unexplained-stuff", "back|comes|came|turn|turns|turned ~3 with ~3 new|money|cash|trainers|clothes|phone|phones"),
    ("exploitation", "two-phones", "two|=2|second|burner|extra ~2 phone|phones|sim|sims"),
    ("exploitation", "knife", "carry|carrying|carries|carried|has|have|got|bring|brought|keep|keeps ~3 knife|knives|blade|=shank|weapon|machete|gun"),
    ("exploitation", "gang", "gang|gangs"),
    ("exploitation", "adult-address", "adult|older|=adults ~2 male|males|man|men ~3 address|flat|house|car|home"),
    ("exploitation", "phone-on", "keep|keeps ~2 phone ~2 on ~3 night|all|$"),
    ("exploitation", "another-town", "took|take|taken|taking|sent|send|went|go|going|gone|been|travel|travelled ~5 another|other|different|=away ~1 town|city|place|area"),
    # --- Fear -----------------------------------------------------------------------------------------
    ("fear", "unsafe", "UNSAFE"),
    ("fear", "not-safe", "NEG|not ~3 SAFE"),
    ("fear", "scared-of-person", "FEAR ~4 PERSON|HOME|night|alone|drunk|angry|shout|shouts|shouting|everything|all|always|everyday|every|constantly"),
    ("fear", "scares-me", "FEAR ~1 me|us|=mum|=mam|=mom"),
    ("fear", "scared-stiff", "FEAR ~2 the ~1 life|hell|=crap|=shit ~2 out"),
    ("fear", "scared-to-tell", "FEAR ~3 tell|telling|say|speak|talk|leave|sleep"),
    ("fear", "not-go-home", "NEG|not ~4 want|wanna|like|feel|going ~4 go|going|=goin|be|being|stay|staying|live|living|back ~3 HOME|home|there|with|contact"),
    ("fear", "not-go-back", "NEG|not|never ~2 go|going|=goin|come ~2 back ~1 home|there"),
    ("fear", "dread-home", "dread|dreading|hate|hates|hated|=h8 ~3 go|going|being|back|at|in ~3 HOME|home|there"),
    ("fear", "home-is-hell", "home|house ~3 is|=s ~1 hell|scary|horrible"),
    ("fear", "hide", "hide|hiding|hid|lock|locked|locking|barricade ~3 myself|room|bed|bedroom|cupboard|wardrobe|bathroom|toilet|from"),
    ("fear", "eggshells", "eggshells|=eggshell"),
    ("fear", "gets-angry", "PERSON ~3 get|gets|goes|got|is|becomes ~2 angry|mad|=nasty|scary|aggressive|violent ~4 FEAR|hide|cry|crying|hit|hurt"),
    ("fear", "scared-home-tonight", "FEAR ~7 home|tonight"),
    ("fear", "what-will-happen", "FEAR|worried|worry|worrying ~3 what ~3 happen|happens|do|will"),
    ("fear", "chair-against-door", "chair|wardrobe|drawers|furniture ~3 against|under|behind ~2 door|handle"),
    ("fear", "because-of-partner", "because ~1 of ~3 PARTNER|=stepdad|=him|=staff"),
    ("fear", "scared-go-back", "FEAR ~3 go|going|goin ~1 back|home|there"),
    ("fear", "not-dropped-back", "NEG|not ~3 dropped|taken|sent|drop|take|send|go|going|put ~2 back ~3 address|home|there|house|$"),
    ("fear", "what-hes-like", "what ~1 he|she|=hes|=shes ~2 like|capable ~2 when|$"),
    ("fear", "safe-but-not-home", "SAFE ~6 but ~1 not|never|NEG ~3 home|there|with|house"),
    ("fear", "safer-than-home", "safer ~8 than ~3 home|house|there"),
    ("fear", "not-ok-at-home", "NEG|not ~2 ok|okay|good|great|nice|alright|right|happy|safe ~3 at|in ~1 home|house"),
    ("fear", "home-not-ok", "home|house ~4 NEG|not ~2 ok|okay|good|great|nice|alright|right|happy|safe"),
    ("fear", "on-edge", "on ~1 edge"),
    ("fear", "home-scared", "home|house ~3 FEAR|jumpy|withdrawn|terrified"),
    ("fear", "pillow-over-head", "pillow|pillows|hands|headphones ~2 over ~1 my ~1 head|ears"),
    ("fear", "man-waiting", "ADULT_MALE|stranger|strangers|car|van|OLDER ~4 wait|waiting|waits|follow|follows|following|followed|watching|watches ~3 me|for|outside|school|home"),
    ("fear", "scared-end", "=scard|=scarred|=scared|=frightened|=terrified|=afraid|=petrified ~1 $"),
    # --- Threats and secrets ---------------------------------------------------------------------------
    ("threat", "threat", "threat|threats|threaten|threatened|threatening|threatens|=blackmail|blackmailing|blackmailed"),
    ("threat", "if-tell-then", "if ~2 SELF|he|she|they|anyone|anybody|someone|you ~3 TELL ~10 CONSEQUENCE"),
    ("threat", "then-if-tell", "CONSEQUENCE ~10 if ~2 SELF|anyone|anybody ~2 TELL"),
    ("threat", "keep-secret", "keep|kept|keeping ~3 secret|secrets"),
    ("threat", "keep-quiet", "told|tells|said|says|made|makes|make|have|has|had|got ~3 keep|kept ~2 quiet|shut|mouth"),
    ("threat", "our-secret", "our|its|a|special|big ~2 secret"),
    ("threat", "secret-tell", "secret ~6 tell|told|anyone|nobody"),
    ("threat", "not-allowed-tell", "allowed|mustnt|=must|promise|promised|supposed|meant|better|told|said|says ~3 NEG|not ~2 TELL|=anything"),
    ("threat", "dont-tell-anyone", "NEG ~2 TELL ~3 anyone|anybody|noone|nobody|police|social|=one"),
    ("threat", "will-harm", "said|says|say|threaten|going|will|would|=hell|=shell|gonna|told|=theyll|come|coming ~3 kill|hurt|stab|batter|beat|shoot|burn|smash|leather|jump|slash|get ~1 me|us|you|mum|her|him|family|=in"),
    ("threat", "or-else", "or ~1 else"),
    ("threat", "make-me-pay", "make ~1 me|you|us|her|him ~1 pay|regret|sorry"),
    ("threat", "believe-me", "nobody|noone|no|NEG ~3 believe|believes ~1 me|you|us|her|him"),
    ("threat", "not-meant-to-tell", "NEG|not ~1 allowed|meant|supposed|mean ~2 to ~1 TELL"),
    ("threat", "or-i-get", "or ~2 i|ill|we|you|=hell ~2 get|be|gets ~2 belt|hit|hurt|battered|smacked|beaten|killed|leathered|it|done|kicked|=battered"),
    ("threat", "end-up-hospital", "end|ended|=ends ~1 up ~2 in ~1 hospital|grave|ground|=a|care|dead"),
    ("threat", "put-in-hospital", "put ~1 me|you|us|her|him ~2 in ~1 hospital|grave|ground"),
    ("threat", "told-to-lie", "told|tell|made|makes|make ~3 say|tell ~4 fell|fall|tripped|accident|lie|lying|walked|=fighting"),
    ("threat", "lie-to", "lie|lying|lied ~2 to ~2 social|police|worker|teacher|school|you"),
    ("threat", "if-leave-find", "if ~2 i|you|she ~2 ever? leave|leaves|left|go ~6 find|kill|hurt|come|get"),
    ("threat", "without-knowing", "without ~4 know|knowing|finding ~1 out|$"),
    ("threat", "or-hurt", "or ~3 hurt|kill|batter|stab ~2 me|us"),
    ("threat", "knows-where", "know|knows ~1 where ~3 live|lives|school|stay"),
    ("threat", "snitches", "snitch|snitches|snitching|snitched|=grassing|=grassed|=grasses|=ratting|=grass ~3 get|gets|on"),
    # --- Asking for help -----------------------------------------------------------------------------
    ("help", "please-help", "please|=pls|someone|somebody|anyone|need|needs ~2 help|save ~2 me|us|please|$"),
    ("help", "can-you-help", "can|could|will ~1 you|someone|somebody|anyone ~2 help|save ~1 me|us"),
    ("help", "please-come", "please|=pls ~2 come ~1 back|now|quick|quickly|soon|and|to|round|over|get|$"),
    ("help", "rescue-me", "rescue|save ~1 me|us"),
    ("help", "need-help-me", "need|needs|want ~5 help|helping ~1 me|us"),
    ("help", "report-something", "want|need|wanna|have|how ~3 report|tell ~3 something|someone|abuse"),
    ("help", "dont-know-how", "NEG ~1 know ~1 how ~3 tell|say|report|stop|get|escape"),
    ("help", "tell-something", "tell|say|show ~1 you|her|him|someone|somebody ~1 something"),
    ("help", "cant-write-here", "NEG|cant ~1 write|say|put ~2 here|this|it"),
    ("help", "urgent", "=urgent|=urgently|=asap|=emergency ~1 $|please|i|help|to|need"),
    ("help", "speak-urgent", "speak|talk|see|tell|call|ring ~6 urgent|urgently|asap|tonight"),
    ("help", "taken-into-care", "take|taken|took|go|put|get|be|=fostered ~3 into|in ~1 care"),
    ("help", "what-is-happening", "whats|what|something ~2 happening|happened|happens|going ~2 at|to ~1 home|me"),
    ("help", "live-somewhere-else", "live|stay|move|go|moved|living ~2 somewhere|anywhere ~1 else"),
    ("help", "want-moved", "want|need|wanna|please ~3 moved|taken|removed|move ~3 from|out|away"),
    ("help", "not-ok", "NEG|not ~1 ok|okay|=k|alright ~1 $"),
    ("help", "who-do-i-call", "who ~2 do|can|should ~1 i|we ~2 call|ring|contact|tell|phone|talk|speak"),
    ("help", "someone-to-talk", "need|want|wanna ~2 someone|somebody|anyone ~2 to ~1 talk|speak"),
    ("help", "safe-place", "anywhere|somewhere|place|where ~2 safe ~4 go|stay|sleep|tonight"),
    ("help", "help-me-start", "^ help ~1 me|us|please|$"),
    ("help", "i-need-help", "i|we|=really ~2 need|needs ~2 help|=helpp|=halp"),
    ("help", "come-get-me", "come|=cum ~2 get|fetch|collect|pick ~1 me|us"),
    ("help", "get-me-out", "get|take|=tak ~1 me|us ~1 out ~2 of|here"),
    ("help", "take-me-away", "get|take|=tak ~1 me|us ~1 away"),
    ("help", "ring-me", "ring|call|phone|text|contact|message ~1 me|us ~3 please|asap|urgent|urgently|now|today|soon|quick"),
    ("help", "someone-ring", "can|could|please|someone|somebody|anyone ~3 ring|call|phone|text|contact ~1 me|us"),
    ("help", "talk-to-someone", "need|want|wanna|have|got|where|how|who|can|could|=may ~4 talk|speak|tell ~2 someone|somebody|anyone|anybody"),
    ("help", "nobody-to-talk", "no|nobody|noone|=nobody|not ~2 to ~1 talk|tell|turn"),
    ("help", "who-to-tell", "know ~1 who|where ~2 tell|talk|turn"),
    ("help", "sos", "=sos|=999|=911|=helpme|=heeelp|=heelp"),
]

# A worry the respondent says is past and over ("I used to self harm but I'm doing much better
# now"; "we had no heating last winter but it's all fixed"): a PAST pattern, then "but", "now"
# or "since", then a RESOLVED word, with no RECUR word anywhere in the text and no concern in
# what follows the turn (a "not" there only in "not anymore", "without incident", "... since").
PAST = ["=used ~1 to", "last ~1 year|winter|summer|month|week|term|christmas|spring|autumn", "=previously",
        "in ~1 the ~1 past", "years|months|weeks|year|month ~1 =ago", "when ~1 i ~1 was ~1 little|younger|small|=kid"]
PIVOT = {"but", "now", "since"}
NEG_OVER = {"anymore", "since", "incident", "incidents"}

EXCLUSIONS = {
    # Sport and games, not harm: "hits the ball miles", "my team got battered 6-0", "beat me at fifa".
    "ball": "*HARM ~2 ball|balls|shot|shots|target|jackpot|button|road|sack|gym|post|bar|=six|=sixes|=runs|=score",
    "beat-me-at": "*HARM ~2 me|us|them|him|her ~2 at|in ~2 SPORT|game|games|race|cards|chess|=pool|=snooker|darts|=it",
    "beat-score": "*beat|beats|beaten|=battered|=thrashed|=smashed ~3 =0|=1|=2|=3|=4|=5|=6|=7|=8|=9|=10|=nil",
    # Panic attacks; pushed to do well.
    "soft-object": "*HARM ~3 with ~2 teddy|pillow|pillows|toy|toys|cushion|cushions|balloon|sponge|snowball|snowballs|=water|nerf|sock|=teddies",
    "stop-texting": "stop|=stopped ~1 *texting|*calling|*ringing|*phoning|*messaging",
    "accident": "*INJURY ~4 fell|falling|fall|SPORT|scooter|bike|trampoline|playing|skate|skateboard|=bumped|tripped",
    "secret-present": "*secret ~6 birthday|present|presents|surprise|party|christmas",
    "panic-attack": "panic|=anxiety|asthma|heart ~1 *attack|*=attacks",
    "push-to-achieve": "*push|pushed|pushes|pushing ~2 me|us ~1 to|into ~1 do|go|be|try|work|get|achieve|better|college|school",
    "knock-for-me": "*knock|knocks|knocked ~1 for ~1 me|us",
    # "Died laughing", "want to die of embarrassment", "dying to see" are ways of speaking.
    "died-laughing": "*die|=died|dying|=dead|=death ~2 =laughing|laughter|=of|=embarrassment|=lol|=haha",
    # Keeping in touch; kicked out of a group chat or a lesson.
    "in-touch": "in|keep|kept|keeps|keeping|stay ~1 *touch",
    "touch-base": "*touch ~1 base",
    "kicked-out-of": "*kick|kicked|chuck|chucked|throw|threw|thrown|booted ~2 out ~1 of ~2 school|class|lesson|lessons|club|group|chat|college|game|team|shop|gc|groupchat|call|lobby",
    "leave-me-alone": "NEG|just|please|to ~1 *leave|*=left ~1 me|us ~1 alone",
    # "My worker helps me", "help me with my homework": help given, or asked for about a task.
    "help-with": "*help ~3 with ~3 homework|cv|college|forms|form|application|applications|bills|benefits|reading|maths|english|spelling|revision|exams|uni|driving",
    "helped-me": "*=helps|=helped|=helping|=helpful ~1 me|us",
    # Threat idiom: "my mum will kill me if I fail" (but never "if I tell").
    "kill-me-if-fail": "MUM|DAD|=nan|=teacher|=she|=worker ~3 *kill ~1 me ~2 if|when ~2 SELF|she|he ~1 fail|fails|lose|loses|late|miss|break|forget|crash|=see|=sees|=finds|=find|=knew|=know",
    # "Scared of spiders / the dark / exams": fear of a thing is not fear of a person.
    "scared-of-things": "*FEAR ~2 of ~2 =spiders|=spider|=dogs|=heights|=exams|=needles|=clowns|=dark|=wasps|=bees|=snakes|=water|=flying|=change|=moving|=starting|=meeting|=meetings",
    # Secret santa; practitioners' words about training, not about a child.
    "secret-santa": "*secret ~1 =santa",
    "sexual-health": "*sexual|sex ~1 health|education|=ed|=edu|lessons|=orientation|=identity|=nurse|=clinic",
    "training-about": "*domestic|=dv|*sexual|=cse|=county|*substance|*self|*neglect ~1 *abuse|*violence|*exploitation|*lines|*harm|*misuse ~2 training|course|courses|policy|procedures|tool|toolkit|awareness|session|sessions|workshop|workshops|team|service|services|pathway|strategy|board|forum|panel|meeting|meetings|=champion|=champions|=lead",
    # Food we did not like is not no food: "I dont like the food", "no biscuits at the meeting".
    "dont-like-food": "NEG ~2 like|likes|enjoy|want ~3 *FOOD",
    "no-meal-at-meeting": "*no|=nothing ~2 FOOD ~3 at|on ~3 meeting|meetings|review|conference|centre|session|training|activity|trip|day|party|event|club|school|camp",
}
