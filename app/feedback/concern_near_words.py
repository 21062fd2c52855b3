"""English words one or two slips from a key term of the concern detector ("drums" from
"drugs", "taped" from "raped"): real words, so they are never corrected to the key term.
Made by `bench/make_near_words.py` from a British and American English word list; run it
again after changing the lexicon."""

NEAR_WORDS = frozenset("""
abacuses abase abased abases abashed abashing abasing abbys abdication abdications abducted abducting
abduction abetter abetters abetting abjuring abort aborting abound abrading abrasive abridge abridged abridges
abridging abutting accident accidents accusing acing acnes acres actresss adapting added adding addition
additions addressee addresss adhering adjuring adjusted adjusting adopting adulated adulates adulating
adultery aerating aggies aging aglow aground ahmed aided aides aiding aidss ailed ailing aimed aiming aired
airing alarming alder alders alford alice alighting alike aline alines allaying allays alleging allen alley
allied allocation allot allotted allowing alloy alloyed alloying alluding alluring allusive allying almss
along alter altering amassing ambushed ambushes ambushing amending ammeters amounted amounting amuse amused
amuses amusing amways ancients andress andrewss angelous anger angered angering angers annas annoying anointed
anointing anted anther antibody anticked anticking antone anuses apices aping apparent appended appending
applying appointed appointing appoints appropriate appropriately apter arabs arced arcing ardently aress argus
arising armament armaments armoring armys arousing arranger arrangers arraying ascended ascending asexual
asexually ashed ashing askew asocial aspiring assailed assailing assaying asses astaires astartes aster atone
atoned attach attached attaching attained attaining attested attiring attracted attracting attracts attucks
attuckss auditing audition augments auguring auspices avenging averring avery aviation aviations avocation
awaiting awaking awarding aweigh awing axing baaed baaing babbling babes babier babiest bachs backer backus
badgered badgering bagel baggages baggier baggiess baggiest bagpipes baited baiting baked bakes baking baled
bales baling balked balking balks balled balling balloted balloting ballroom bands bandy bandying banes banged
banging bangs banish banished banishing banjo banked banking bankings bankss banned banning banns banter
bantered bantering banters bantings barbered barbering barbies bared bareness barents barentss barer bares
barged barging baring barked barking barks barns barred barriers barries barring barrings barrooms barry
barrys barter bartered bartering barters barts based bases basho bashos basies basing basis basked basking
basks basses basss basted basting basts batch batching bated bates bathed bather bathers bathing bathrobe
baths bating batted batten battened battening battens batteries battery batterys battier batting battings
battle battled battles battling baulking baxter baxters bayed baying beach beaching beaded beading beads beady
beaked beaks beamed beaming beams beaned beaning beans bearding bearing bearings bears beast beasts beater
beaters beatless beaus beavered beavering becks becky becoming bedder bedecked bedecking bedrocks bedrolls
bedstead beech beeping beeps beetling beets befogging befriend befriended befriending befriends begetting
beggaring begged behaving beheaded beheading beholding behoving belas belated belay belayed belaying belays
belch belching belfries belied believer believers belittle bella bellamys bellas bellboys belle belled belles
belling bellinis bellowed bellowing bells belying bemusing benched benching bending bents berated berating
bergsons bering berns berrying berthing bertrands berts besought bespeaking bespeaks besss bested besting
bests betaking betas bethinking betiding betrayed betraying bette betted bettered bettering betters bettes
betting bettor beveling bewaring bewitched biassing bidding biddings bided bides biding biggies bight bights
biked bikes biking biles billed billing billings billingss billowed billowing bills billy billys bindings
bingeing binned binning biped birching birdieing birdseed birthers birthing bisexual bitching bitter bitterer
bitterns bitters bitterss blabbing blackball blackballed blackballing blacked blacking blacks bladders blake
blakes blame blames blanched blanching blandest blank blanking blanks blare blares blasters blasting blats
blaze blazes bleacher bleachers bleak bleated bleating bleats bleeder bleeders bleep bleeped bleeping bleeps
blench blenched blenching blend blended blending blends blessing blessings blighting blinding bling blinking
blips blistered blistering blisters blitzing bloating blobbing blobs block blocked blocking blocks bloggers
blogging blond blooding bloody bloom blooming blotched blotches blotching blots blotters blotting blousing
blowing blued blueings bluffing blunting blurring blurting blushing board boarded boarding boards boasters
boasting boated boating boats bobbling boded bodes boding boeing bogeying bogged boggiest bogging boggling
boilings boinking bolder boles bolstered bolstering bolsters bolted bolting bolts bombs bondings bondsman
boned boneless bones boney boning booby boobys booed booing booked bookends booking bookings books boomed
booming booms boone boons boors boost boosted boosters boosting boosts bootee bootees booth booths bootlegs
bootless booty bootys boozed boozing bopped bordered bordering bored bores boring borns boroughs boses boshs
botching bother bothered bothering bothers bough boughs boulders bouncing bound bounding bounties bounty bouts
bowed bower bowers bowing bowlders bowlings boxen boxer boxers braced bracing bracketed bracketing brackets
brads bradys bragged bragging brags braid braiding brain brained braining brains brainy braise braised braises
braising brake braked braking branched branching brand brandied branding brando brandying brans brash brass
brasses brasss brats brattier braved braving brawling brazened brazening bread breading breads breadths
breakers breaking breakups breathed breather breathers breathing breed breeding breedings breeds breezing
brests bride brides bridgehead bridger bridgers bridgess bridget bridgets bridgett bridgetts bridle bridled
bridles bridling briefing brighten brightened brightening brightens brighter brightness brighton brightons
brimming brindled brine bringing brink brinks briny brisking bristled bristling britches brittles broached
broaching broads brocaded brocading broilers broiling broken broker brokered brokering brood brooders brooding
brooke brooking brothel brothels brown browned browning brownings browns browsers browsing bruiser bruisers
brummels brunch brunched brunches brunching brunchs brushing brussels brusselss bubbling bucked bucketed
bucketing bucking buckling bucks budded budding buddings buffered bugged buggies buggiest bugging buick
bullring bullrings bully bullying bullys bumbling bummer bumped bumping bundling bungling bunks bunted bunting
buntings bunts burbling burch burchs burdened burdening burger burgling burgs buried burks burls burnss burnt
burped burping burps burred burring burrs bursted bursting burts burying busch buschs buses bushed bushing
bushings bushs busied bussed bussing bussings buster busting bustled bustling busying butch butchs butter
buttered buttering butters butterys buttoned buttoning buttress buttressed buttressing buttresss bypassed
bypasses bytes cabreras cached caching cackling caddy caddying caddys cadres caged cages caging caked cakes
caking calked calking calkings calks caller calling callings callow callower callused calmed calories calved
cambered cambering camped camping campings camps camry camrys canaries canceled canceling cancerous candle
candling candying canine cankered cankering cankerous cannabises cannabiss canned cannes canning cannon canny
canoed canoeing canoes canted cantered cantering canting cants caped caper capered capering capers capes caphs
caprices caras carbides carbines carbs carded carding cards careened careening career careered careering
careers carefree careless caress caressed caresses caressing caresss caret carets carey careys caries carina
carjacked carjacking carjacks carls carmines carnot carolers caroling carolled caroming caroused carousers
carousing carped carpeted carpeting carping carps carrel carriage carriages carrier carriers carrions carrs
carted carter carters cartiers carting carts carved carver carvers carves carving carvings carys cased cases
cashew casing casks casting castings castling castries casts catch catchers catching catchings cater catered
caterers catering caterings caters cather catherine cathers catted catting caulking caused causing caved caves
cavilled caving cawed cawing ceded ceding ceilings cellinis cells celts centered centering centrals ceres
certified certifying chaffing chaining chaired chairing chairs chalking champing chancing chandler changed
changing changs chanting chapping chargers charging charlies charmed charmers charmin charming charmins charms
charred charring chartered chartering charters charting chats chattered chattering chatters chatting cheat
cheated cheating cheats checker checkered checkering checkers checkups cheek cheeked cheeking cheeks cheeping
cheering cheesing chemists chequing cherries chess chesss chester chesters chick chicks chided chides chiding
childish childless chile chiles chili chilis chimed chiming chinking chinning chipped chipping chips chirping
chock chocked chocking chocks choker chokers chomping choosing chopping chore chores chortled chortling
chorused chorusing chose chowed chowing chroming chubby chuckled chuckles chuckling chugging chumming chump
chumps chungking chunk chunks churning cinch cinching cincture cinctures cindered cindering cisterns cited
cites citing citrous clack clacked clacking clacks claiming clamming clamped clamping clamps clanging clanking
clapboard clapped clapping claps clares clash clashed clashing clashs clasping classing clattered clattering
clatters cleaning clearing cleave cleavers cleaves cleaving clenched clenching clerking clicking clifford
climbers climbing clime climes clinched clinching clines clinging clinking clios clipboard clipper clippers
clipt clits clive clives cloaking cloches clocked clocking clocks clods clogging clomping clone clopped
clopping clops closeted closeting clothier clothiers clothos clots clotted clotting clotures cloud clouded
clouding clouds clowning cluck clucked clucking clucks clumping clunking clutched clutches clutching coach
coaching coasters coasting coatings cochises cocked cockeyed cockiness cocking cocks cocooned cocooning codded
codding coddling coded codes codger codgers coding coeds coercing coexisted coexisting coexists coffer coffers
coffined coffining cogently cohering coiffed coiffing coincident colas colder coles collated collating
collector collided colliding collocated collocating colluded colluding coloring coloured colouring colts comas
combined combines combing combining combs comer comers comet comets comma commas comos competing complected
comtes conch condemned condemning condoled cones confined confines confining conjunction conjuring conked
conking conks connected connecting conned conning consigned consigning consigns constancy contained containing
contorts contract contracts contrail contrails contrast conveyed conveying cooed cooing cooke cooked cookes
cooking cookings cooky cookys cools coons coopering cooping coops coors coots coped copes copped copping
copying corded cording cords cored cores coring corked corking corks cormacks cornered cornering corrected
correcting corrines cortices cosigned cosigning costarred costarring costed costings costners cotes cottoned
cottoning couched couches couching cough coughed coughing coughs count counters counties counting counts
coupling coursing courting coventry covering coves coveting cowards cowed cower cowered cowering cowers cowing
cowlings cozening crabbed crabbing crabs cracker crackers crackled crackles crackling crackups cradling
crafting crags cramming cramping crams craned cranes craning crank cranked cranking cranks cranny crannys
crapping craps crapss crash crashed crashing crashs crass crassest cratered cratering cravings crawling crays
creak creaking creaks cream creaming creams creasing creating creeping crest crested cresting crests cribbing
crick cricked cricking cricks cried crimping cringing crinkled crinkling crippled crippling crisping cristina
croaking crock crocked crocks crooking crooks crooning cropped cropping crops crossing crossings crotchet
crotchets crotchety crouch crouched crouches crouching crouchs crowding crowing crown crowned crowning crowns
cruise cruised cruisers cruises cruising crunch crunched crunches crunching crushing crusting crutch crutches
crutchs cubed cubing cuckolded cuckolding cueing cuing culled culottes cumming cummings cuneiform cunning
cunnings cunts cured curer cures curing currently curried curriers curries curry currying currys cursed
cursing curts curtsied curtsying cussed cussing cusss cuter cutter dafter dagger daggers dainties dairying
dairyings dales dallying damagess damaging dames dammed damming damned damning damns dampen dampened dampening
damper danas dancer dancers dander danders dandle dandling dandy dandys danes dangling danish danker danny
dannys dappling dared dares daring darks darlings darts dashed dashing dashs dated dates dating daunted
daunting daunts daves dawdling dawned dazed dazing dding deaden deadened deadening deader deadhead deadlier
deadline deadlines deafened deafening deafer dealt deans dearer dears deaves debasing debated debaters
debating debited debiting debits debss debugged debugging debunked debunking debuted debuting debuts decades
decals decamped decamping decaying deced deceiver deceivers deceives decibels deciding decker declined
declines declining decodes decoding decoying decrying dedication dedications deeded deeding deeds deeps
defacing defaming deferred deferring defiling definers degraded degrading deigning delaying deleting delibess
delilahs delinted delinting deliverer deliverers deliveries delivery deliverys della dellas dells deluding
deluging demanded demanding demeters demising demoting denis deniss denoting dented denting dents denuding
departed departing depicted depiction depictions deport deported deporting deports deputing derailed derailing
deranged deranging derides deriding desisted desisting desks destaing detailed detailing detained detaining
deter deterred deterring deters devalued devaluing deviated deviation deviations deviling devising devoting
dialed dialing dialings dialling diallings dials diapered diapering dibbling diced dices dicing dicker
dickered dickering dickey dicky dickys dictions diddling dieted dieting diffident digesting digressive diked
diking dills dilly dillys dimmed dimming dimnesss dimpling dined diner diners dines dinged dinging dings
dining dinker dinned dinning dipped dipping dirks dirts disbanded disbanding disbands discard discarded
discarding discards discerned discerning discerns discoed discoing discoursed discoursing discussing disgorged
disgorging disguising disks disorder disowned dispersed dispersing disported disporting disports disputing
disrupting dissed disses dissing distorted distorting distorts distress distrusting disuse disusing ditching
dithered dithering ditties dittoing ditty dittys dived dives diviners diving divvying dizzying docked docketed
docketing docking docks doddered doddering dodger dodgers doles doling dolloped dolloping domed domes doming
donation donna donned donner donners donning doodlers doodling doorways doped doping dosed doses dosing doting
doubling doubting douched douches douching dough doughier doughs doughtier dougs douse doves doweling downer
downers downswing dowsed dozing drabs drafting drain drained drainers draining drains drams drank draped
draping draughted draughtier drawing drawings drawling draws drays dreaded dreads dream dreamers dreaming
dredging dregs dregss dressage dressages dressing dressings dried drifting drilling drinker drinkers dripped
dripping drippings drips droned droning drooling drooped drooping droops dropper droppers droppingss dropsy
dross drought droughts drown drowned drowning drownings drowns drowsing drubbing drubs drudged drudging
druggist drumming drums drunkard drunken drunker drunkest dryad drying ducked ducking duckling ducks duded
dudes duding duelling duellings dummy dummys dumped dumping dumpling dumps dunked dunking dunks dunned dunner
dunning dusted dwellers dwelling dwellings dyeing dyking earls earned earning earnings earns earps earring
earrings earthing eased easing eaten eater eaters eaves eclectic eclectics eclipsed eclipsing edict editions
education educations effacing egged egging egresses egret egrets eiders eight eighteenth eighteenths eighties
eights ejection ejections eking elapse elapsed elapsing elated elating election elections electras electrician
electricians electrified electrify electrifying electron electronic electronics electrons elicited ellas
elmers elocution elways emailing embedded embedding emending emersons emery emitting emplacement empowered
empowering empowers enacting encoding endanger endangered endangering endangers endowing enduing enduring
enforced enforces enforcing enlisted enlisting enraging ensuring entering entities entrapping entwined
entwining epicures epistles epitomes equating erased erasing erection erections erred erring escaping especial
espoused essaying estrange estranged estranges estranging etchings ether evermore evert evocation evocations
ewing ewings exacting exalting examined examines examining excising exciting exerting exited exiting exits
expedited expediting expiated expiating explained explaining explication explicit exploded exploding
exploration explored exploring exportation exported exporter exporting exulting fable facet faceted faceting
facets facetted facetting facts faded fades fading faeces fainting fairings fairs fairways faked fakes faking
falling fallow fallowed fallowing fallows faltered faltering famed fames famished famishing fancy fancying
fancys fangs fanned fanning farce farces fared fares faring farmed farming farmings farms farther farthing
farts fasted fastened fastening faster fasting fated fates fatheads fathomed fathoming fating fattened
fattening fatter faulting faxed faxes faxing fayes fazed fazes fazing fearless feasting feather feathered
feathering feathers feathery feats featured featuring feces fedss feebly feeder feeler feelers feigning
feinting felled felling fellinis fellow fellows fells felted felting felts fended fending fends ferreted
ferreting ferrying fester festered festering festers feted fetich feting fetter fettered fettering feuded
feuding feuds fever fictions fiddlers fiddling fidgeting fielders fielding fiend fiends fifes fifth fifths
fighters figuring filching files filled filler fillers filleted filleting filling fillings fills filly fillys
filmy filtered filtering filth filthier filths finaglers finders findings fined fines fingered fingering
fining finny firms fissures fitch fitted fitting fittings fives fixating fixtures flack flagging flailing
flanking flapped flapping flaps flared flaring flash flasher flashers flashest flashier flashily flashs
flattered flattering flatters flaunted flaunting flecking fleecing fleeting fleshed fleshing flickers flicking
flight flights flinched flinching flinging flipped flipper flippers flipping flips flirting flitting floaters
floating flocked flocking flocks flogging flood flooded flooding floods flooring flopping flossing flotation
flour flouring flout flouted flouting flouts flowered flowering fluffing flunking flurrying flushed flushing
flustered flustering flusters foisting folded folder folders folding folds followed followup followups
fondling fondly fondue fooled fooling fools footed footing footings footnote footnoted footnotes footnoting
foots footsies foragers foraging foray forayed foraying forays forbes forceps forcepss forcible forded fording
fords forebear fores forestation forested forester foresters foresting forfeited forfeiting forfeits forge
forged forger forgers forgerys forges forging forgives forgo forgoing forked forking formed forming forrests
forster forsters forte fortes forth fortieth fortieths fortifies fortifying fortress forts fortunate fortunes
forwards fought found founding foxed foxes foxing frack fracked fracking fracks frags franking franny frannys
frans frayed fraying frays freak freaking freaks freckled freds freeing freely freezers freighted freighter
freighters freighting freights fretting friction frictions fridge fridges fried frigates fright frighted
frighting frights fringing frisking frizzing frogging frond frost frostier frosting frothier frothing frown
frowned frowning frowns fruiting frying fueling fuelling fuels fuller fullers fumed fuming funner funny funnys
furthered furthering furthers fused fusing gabbed gabbing gabbling gable gadded gadding gaged gagged gagging
gaging gales galled galling gallop galloped galloping gallops gangling gaped gapes gaping garaging garbage
garbages garbed garbing garbling garbs gardners gargling garments garnered garnering garoting garry garrys
gashed gashing gashs gasped gasping gassed gasses gassing gated gates gather gathered gatherer gathering
gatherings gathers gating gatlings gazed gazetted gazetting gazing geared gearing gears geeing gelded gelding
geldings gelds gelled geller gellers gelling genes gentling gentrified gestated gestating ghats gherkins
ghosting giannini gibes gibing gides giles gills gingers ginned ginning girds girts glade glades glancing
glasss gleaming gleaning gleasons glinting glitched glitches glitching gloaming gloating glorying glossing
glowered glowering glutting gnashing goaded goading goads golding goldings golds gonad goner goners gonged
gonging gongs gonks goodby goodbys goods goofed goofing goofs gooks goose gored gores goring gould goulds
gowned gowning gowns grabber graced gracing graded grading grads graffias grafting grain grains grainy granada
granadas granarys grand granddad granddads grandees grandest grands granolas grant granted granting grants
grape graphing grappling grasp grasped grasping grasps grassier grassiest grassy grated grating gratings
graved graving grayed graying grays grazed grazing greasing greening greeting greetings grenadas grepping
grieving grilling grinding grinned grinning grins gripe griped griping gripping griss grist grists gritting
groan groaned groaning groans groin groins grokking grooved grooving gross grossed grosses grossest grossing
grosss grouched grouches grouching ground grounded grounding grouped groupers grouping groupings grousing
grouting grove growing growl growled growling growls grownups grows grubbed grubbing grubs grudging grunting
gruss guams guarding guessing guesting gummed gumming gummy gunned gunner gunning gushed gushing gushs gusted
gutted guttered guttering gutting gyrating haass hacked hacking hacks hades haggling hailed hailing hails
hairline hairpins hairy hakes haled hales hallow hallowed hallowing hallways halted haltered haltering hammed
hammerhead hammerheads hamming hamper hampered hampering handel handguns handler handlers handling handouts
handsful handy handys hanger hangers hankered hankering hanks hanna hannas hanss happiest happy harassed
harasses harbin hardened hardener hardeners hardening hardily hardin hardy hared harems hares haring harked
harkened harkening harking harks harmon harnessing harped harping harps harried harries harriets harry
harrying harrys hartes harts harvested hashed hashing hashs hasted hastened hastening hastes hasting hastings
hasty hatch hater haters hating hatred hatted hatter hatteras hatters hatting haughtier haunches haunted
haunting haunts haves having hawed hawing hawkings hayed hayes haying hazarded hazarding hazed hazes headdress
header headline headlong headroom headrooms headwind heady healed healer healers healing heals heaped heaping
heaps heard hearing hearings hears heartened heartening heartens hearts heater heath heathens heather heathers
heaths heave heaved heaves heaving heckling hecks heeded heeding heeds heeling heels heeps hefted hefting
hefts heighten heightened heightening heightens heirs heisting heller hellers hells helms helped helping
helpings helpmate helpmeet helps hemmed hemming hench hennaing heralded heralding herded herding herds herein
herod heroic heroics heroicss heroisms heron herons hershels hewed hewing hexed hexing hicks hieing highs
hiked hikes hiking hills hilly hindered hindering hinds hines hinged hinging hings hinted hinting hipper hired
hireling hires hiring hissed hisses hissing hisss hitching hitter hittites hived hives hiving hoarder hoarders
hoary hobbling hobby hobbys hocked hocking hocks hoisting holden holder holders holed holing hollered
hollering hollow hollowed hollowing hollows holmes holstered holstering holsters holts homebody homebodys
homelessnesss homeliest homeliness homelinesss homering homeyness homeynesss hominess hominesss honed hones
honey honeyed honeying honeys honing hooded hooding hoods hoofed hoofing hoofs hooked hooking hooks hooted
hooting hoots hopeless hopelessness hopelessnesss hopped hopping horded hording hornless horridly horrified
horrifying horse hosed hoses hosing hospices hosted hosteled hosteling hostelry hostlers hotel hotter houdinis
hound hounding hovering howard howards howellss howes hoyles huangs hubbards hucks humbling hummed hummer
humming humped humping humps hunch hunched hunches hunching hunchs hundreds hungary hungarys hunger hungered
hungering hungers hungrier hungrily hungs hunted hunting huntings huntress hunts hurdling hurds hurled hurling
hurls hurrying hursts hurtled hurtling husbandry husbandrys hushed hushing hushs hustings hustling hydes hying
hyped hyphened hyphening hyping icing ideals imagerys imagine imagined imagines imagining imbedded imbedding
immuring impaling impasses imported importing incidental incidentals incipient inclined inclines inclining
incoming incurring indebted indented indenting indication indications indifferent indigent indigents inducing
induction infancys infantile infantry infantrys infected infecting inferred inferring infested infesting
infighting inflated inflating infusing inherent inhering injection injuries inline inner inning inquiring
insanely insetted insetting insights instal installed installing installs instals instanced instancing
instantly instants instead insure insuring interact interacted interacting interacts interceded interceding
intercept intercepted intercepting intercepts interest interested interesting interests interfered interfering
interject interjected interjecting interjects interment interments internal internals interne internecine
interned internee internees internes interning internist internists internment internments interpret
interpreted interpreting interprets interred interring intersect intersected intersecting intersects
intervened intervening intimate intimated intimates intimating intranet intranets inure inuring invented
inventing ionising iphone iphones irans jacked jacket jackets jacking jacks jaded jading jagged jaggies jakes
jammed jamming janas janes jangling janna jannas japed japes japing jared jarred jarring jaunted jauntier
jauntiest jaunting jaunts jaunty jeeps jelled jelling jells jelly jellying jellys jennings jetted jetting
jeweling jills jimmying jitterss jives jiving jocks joint jointed jointing joints joked jokes joking jollying
jones joses jostling jottings joves judes jumbling jumper junction jutted jutting kales kamas kanes kants
kates katherine keats kecks keeling keels keening keens keller kellers kelly kellys kelps kemps kenned kenning
ketch kettering keyed keying kicker kickers kicky kidder kidds kiels killer kilned kilning kilns kilos kilts
kindling kinked kinking kinks kipling kiplings kirks kisser kissers kissinger kisss kited kites kiting kitties
kitty klees klines knack knacks knaves knead kneaded kneading kneads kneel kneeled kneeling kneels knelling
knievels knight knighting knights knitters knitting knobs knocker knockers knots knotting knowings known knoxs
knuckled knuckling kooks koshered koshering kristina kristine kristins kurts laced laces lacing lacked lacking
lacks lactation laddered laddering laded lades lading lagged lagging lairs lakes lamas lambed lambing lambs
lamed lamented lamenting lames laming lammed lamming lanas lands lanes langs lanny lannys laplaces lapped
lapping lapps lardners larks larry larrys larss lased lases lasing lasses lassoing lasss lasted lasting lasts
latch latching later lathed lather lathered lathering lathers lathing laths latter latters laughing laughter
laughters launch launched launcher launches launching launchs laundress laurents lavished lavishing layering
laying leaching leaded leading leadings leads leafed leafing leaguing leakey leaking leaky leanders leaned
leaning leanings leaped leaping learners learning lears lease leased leases leashed leashing leashs leasing
leathery leaved leaven leavened leavening leavens leavingss lectured lectures lecturing ledger ledgers
leeching leeds legation legend leger leggin leggins legos legrooms leigh leighs lending lenss lesss letter
lettered lettering leveling lever levering liaising libation libeling licked licking lickings licks lidded
liens light lightened lightening lightens lighting lightings lightning lights liked likes liking lilly lillys
limbs limed limes liming limogess limped limping limps linas linds linen linens liner liners linger lingered
lingering lingers lining links lints linus lipid lisped lisping listened listening lister listerine listers
littered littering littler littlest liven livening livens liver livers livest livys loader loafed loafing
loafs loams loaned loaning loans loathing loaves lobbying lobsters locating locker locket lockheed locus
locution locutions lodge lodged lodges logged logger loggers logging loggings loiss loitered loitering lomes
loner longed looked looming looms loons looping loops loose loosed loosing looted looting loots loped loping
lopped lopping loraines lorded lording lords lorraine lorre lorres loses losing losss lotts lotus lotuss louse
louts louvered loved loveless loves loving lower lowered lowering lowers lowing loxes loyds lucked lucking
lucks lucky lugged lugging lumped lumping lumps luncheon lurch lurched lurching lurchs lushs lusted lyells
lying lyings lynch lynched lynching lynchings lynchs mable mables maced maces macing macks macys maggies
magmas maids maimed maiming maker makers malis mallow malls malone malts mamboing mamet mamma mammas managers
managing mandingo mandys manes manet manged manger mangers manglers mangling manic manics manna mannas manner
mannered manns mantling manuring manxs maples maraca maras marat marcel marcelos marcels marcs mares mariners
maris marketed marketing marking markings markss marred married marrieds marries marring marry marrying marss
marts marxs marys masher mashing mashs masked masking masks massage massaged massages massed masses massing
masss mastered mastering masterss masthead mather mathers matter mattered mattering matters matthews matthewss
matting mattings mattocks maturest maturing mauldins maxed maxes maxing mayas mayss mazes meads mealy meaning
meanings means meany meanys measless meats medals meddlers meddling mediation mediations medicare medicares
meditation meditations meetings meier meiers melded melding melds mellowed mellowing melted melting melts
memling memlings menacing mended mending mennen mentored mentoring mesdames meshed messed messing messs metals
meted meteor meteors metes meting metre metres metrication metrications mewed mewing mewled mewling mewls
mewss meyer meyers micas michs micks middling mights mighty miked mikes miking miles milled milling mills
millss mimed mimes miming mince minced minces mincing mined mines mining mirandas mired mires miring
misappropriate miscuing misdoing missed misses missions mister misters misting mistress mistresss misusing
miter mitered mitering miters mites mitty mixed mixes mixing mixtures moaned moaning mobsters mocked mocking
mocks modeling modes modest mohammed molded molder moldered moldering molders moldiest molding moldings molds
moldy moles moleskin moleskins monet monets moneybag monger mongered mongering monickers monkey monkeyed
monkeying monkeys monsters monte monts monty montys moochers mooching moods mooed mooing mooney mooneys
moorings moose mooted mooting moots moped mopes moping mopped moraines morasses moreover mores mornings
mortices mortises moses mosey moseyed moseying moseys motes moths motliest motorcar motorcars motoring
motorman motormans mottle mottled mottles mottling moulder mouldered mouldering moulders mouldier moult
moulted moulting moults mound mounded mounding mounds mounties mounting mourning mouse moussing mover movers
movies mowed mower mowers mowing muddying muellers mulching mules mumbling mummer mummerys mummifying mumps
mumpss munch munched munches munchies munching munchs murks muscling mused mushed mushing mushs musing mussed
mussing musss mustered mustering mutating muted muter muting muttered muttering myles nagged nagging nairs
named nameless naming nanak nanaks nanjing nanjings nanking nankings nanny nannys napas napes nappier nappiest
narked narks nasas nashs nates nattiest natty naughtier naves neals neared nearing nears neckline needed
needing needling needy negating neigh neighbor neighbored neighboring neighbors neighed neighing neighs nells
nelly nellys nerds nervy netted netter netties netting nettings nettling neutered neutering newer newports
nexts nibbling nices niceties nicked nicking nicks niftiest nifty nighties nighty nightys ninas nines
nineteenth nineteenths nineties nipped nippiest nipping nippy nites nodes noise noised noises noising nomes
nonas nonliving noodling nooks norse norses nosey noshed noshes noshing noshs notation notching noted notes
noticing noting nought noyce noyes nuder nudest nudged nudges nudging nuked nukes nuking nutted nuttiest
nutting nutty oaken oared oaring oates oatss obliging occident ocher odder oders offed offended offering
officers oiliness oking olden olive olives omens omitting oncoming opined opining orans orbiting ordained
ordaining order ordered ordering orderings orders oriented orienting oscars others otter ought ousted outed
outing outlined outlines outlining outrider outshine outsize outsized outsizes outskirt overbore overcome
overcomes overcoming overdoes overdoing overdone overdress overjoyed overjoying overrode oversight oversights
overtone overtones overused overuses overusing overweight owens owenss owned owning paced paces pacing
packaging packards packed packer packers packing packings packs pacts padded padding paddings paddling paddy
paddys pageants paged paginated paginating paging paine pained painfuller paining pains paint painted painters
painting paintings paints paired pairing pairs palace palaces paled paleness pales paling palled palling palls
palsying pampered panaches pandered pandering paneling panes pangs panicked panicking panned panning panthers
panty pantys papering parching parcs pared pares paring paris parkings parks parnells parred parricide parried
parries parring parroted parroting parrs parry parrying parrys parsed parses parsing parson parsons parsonss
partaker partakers parterre parterres parting partings parvenus passages passel passels passenger passengers
passer passing passings passives passkeys passs pasted pastes pasts pastured pastures pasturing pasty patch
patching patent patented patenting patents paterson patersons pates patients patter pattered pattering
patterned patterning patterns patters patting paunch paunches paunchs paused pauses paved pavement paves
paving pavings pawed pawing payee payer payments peace peaces peaked peaking peaks pealed pealing peals
pearling pears pearson pearsons pease peats pecked pecking pecks pedaling peddlers peddling peeling peelings
peels peeping peeps pegged pegging pelleted pelleting pelted pelting pelts penalised penalising penas penciled
penciling pending pends penes penned penning penns pensions pepped peppered peppering percents perching percy
periling perilled perilling perished perishing perky peron perons perry pershing persians persona personae
personas pertness perusing perverse pestered pestering pestling peter petered petering peters peterson
petersons petted petting phishing phobos phoboss phonemes phoney phoneyed phoneying phoneys phonied phonies
phoniest phony phonying phonys photon photons picas pickaxed pickaxes pickaxing picker pickering picket
picketed picketing pickets picketts pickingss pickled pickling picky picts piddling pieced piecing pieing
piercing piing piked piking pilatess piled piles piling pillaged pillaging pillions pillowed pillowing
piloting pinch pinched pinches pinching pinchs pines pinged pinging pinioned pinioning pinked pinking pinks
pints piped piping pipped pipping pirating pisses pissing pisss pitching pitted pitting piuss pivoting
placates placation placebos placer placers placket plackets plaice plaiting plane planes planking planning
plantation plantations planting plants platters played playing pleading pleas pleasing pleasure pleasured
pleasuring pleating pledging plighting plodders plodding plonking plopped plopping plotting ploughed ploughing
plucking plugging plummeted plummeting plummets plumping plunking plushs plying pming poaching pocked pocket
pocketed pocketing pockets pocking pocks pointer pointers pointier pointy poked poker pokers pokes poking
poles policies policing policy polite polkaing polled polling polls pomading pommel pommeled pommeling
pommelled pommelling pommels ponce pondered pondering pones pooching pooped popper poppers pornographer
pornographic porns ported portents ports posed poser posers poses posing posited positing posses poster
posters posting postings postured postures posturing potted pottered pottering pouch pouched pouches pouching
poultice pouncing pound pounding poussins pouted powder powdered powdering powders powerpcs powerss poxes
praising prancing prattling prawning prayed praying prays predated predates predating predication predications
preening prelates premise premised premises premising prepping pressing pressings pressurise pressurised
pressurising prestons presumed presuming prettified priced pricing pricked pricking prickled prickling pricks
pried priestess primate primates print printed printing printings prints pristine privacys privatest privatise
privatised privatises privatising probated probates probating prodding proffered proffers profiled profited
promoted prompted prone prong proofed proofing proofs proposed proposing propped propping props prorated
prorates prorating provided prowlers prowling prying psyching puckered puckering pucketts pucks pughs pulled
pulling pulls pumped pumping punchier punchiest punchline punchy puncture punctured punctures puncturing
pungently punic punics punished punishes punishing punned punning punted punting punts pupped purcells
pureness purges purified purposed pursuing pusher pushkins pushy pusses pusss putrefied putsches putted
puttered puttering putting puttying pwned pwning quack quacking quarried quarries quarrying quashing quelling
quenched quenches quenching questing quilt quilting quiltings quipping quirk quite quitting rabies rabiess
raced races raceways racing racist racked racket racketed racketing rackets racking racks rafter rafting raged
ragged ragging raging raided raiding raids rained rainiers raining rains raised raising raked rakes raking
rally rallying ramas ramifying rammed ramming ramps ranching rands ranged ranger rangers ranging ranked
rankings ranks ranted ranting rants rapid rapidest rapine rapped rapping rapports rared rareness rarer rares
raring rashs rasped raspiest rasping rated rates rating ratings rattlers rattling rattlings raved raveling
ravening raves raving ravings razed razing reacting reading readings readying realer realised realising reals
realty reams reaped reaping reaps reared rearing rearming rears reassure reassured reassuring rebating
rebuilding recalled recapped receding rechecked rechecking rechecks reckoned reckoning recollect recollected
recollecting recorded recording recreated recreating redding reddings redressed redressing reeds reedy reeling
reels referred referring reformed reforming refraining refugee refugees refuse refute regaling regally regress
regressed regressing regressive regresss reheated reheating reids reigning reilly reissues rejoined rejoining
relating relaying released reliving reloaded reloading relocation remaking removing rending rends reorging
repackage repackages repartee repaying repeated repeating repented repenting replacement replaces repleted
repleting replying reposing reproved reproving reputing rereading rerouted rerouting rerunning reselling
resetting resisted resister resisters resisting resort resorted resorting resorts restarted resupply
resupplying retained retaining retaking retch retching retelling rethinking retiring retort retorted retorting
retorts retouched retouches retouching retrained retraining retrains retreated retreating retreats returned
reuthers reveling revering reverted reverting revery revising revolted revolting reworded rewording reworked
reworking rewriting reyess rhone rhones riced rices ricing ricked ricketss ricking ricks ridded ridding
riddling rides ridge ridged ridges ridging riding ridings riesling right righting rightness rights rills rimed
riming rimmed rimming ringers ringside rinks rinsed rinsing rioss riposted riposting ripped ripping rippling
rising rites rivaling riven riveting roaching roadbed roadbeds roamed roaming roams roans roared roaring
roarings roars roasters roasting robing rocked rocketed rocketing rocking rocks rodger rodgers rodgerss
rogering roistered roistering roisters roles romaines romes roods roofer rooked rooking rooks roomed rooming
rooms roosters roosting rooted rooting roots roped roping roses rosining roster rosters rotating rotation
rotting rotund rouble roubles rouge rouged rouges roughen roughened roughening roughens rougher roughest
rouging rounding rouse routeing roved roves roving roweling rower rowers rowings rowling rowlings rugged
ruined ruining rummy rummys rumpling runnel runnier runts runway runways rushed rushing rushs rusted rutted
rutting saabs saars sable sacked sacking sackings sacks sacred saddling sades safer safest safeways sages
sagged sagging saginaws sailed sailing sailings sails sakes sales salinger salks sallow sallower sallying
saluting salved salves salving sambaing sames sammy sammys sampling sanas sanded sanding sands sanely sanger
sangers sangs saplings sapped sappiest sapping sappy sargents sarss sashes sashs sassed sasses sated sates
satietys sating saunaing savaging saver savers savingss savoring savvying sawed sawing saxes scabbed scabbing
scabiess scabs scads scags scala scalas scale scaled scales scaling scalloped scalloping scallops scalp
scalped scalping scalps scaly scamming scams scanning scans scanting scarce scarcest scarf scarfed scarfing
scarfs scariest scarifying scarlets scarves scathing scats scattered scattering scatters scatting scavenged
scavenging scenting schelling schellings scheming schmucks schooling scold scolded scolding scoldings scolds
scooping scoot scooted scooting scoots scoping score scored scores scoring scorning scotched scotches
scotching scouring scout scouting scoutings scouts scram scramming scrams scraping scrapped scrapping
scratchier scratchiness scratchy screeched screeching screechs screening screwing scrimped scrip scripted
scrunched scrunching scrunchs scudding scuff scuffing sculling scumming scurried scurries scurrying scuttled
scuttling scything seabed sealed sealer sealers sealing seals seaports seared searing sears searss season
seasoned seasoning seasonings seasons seated seating seatings seats sebrings seceding seconding secrecys
secreted secreting securest securing sedating seeded seeding seedling seedlings seeds seeping seeps seething
selectric selectrics selfless selfs seller sellers sellerss sensing sensually serially serranos servings
setter setting settings settle settling sever severing sexing sexist sexists shack shackled shackles shackling
shacks shade shaded shades shading shadings shafting shagging shaka shakas shaken shaker shakers shakeups
shakiest shaky shale shales shall shallots shallow shallower shallows shame shamed shameless shames shaming
shamming shana shane shanes shant shape shaped shapes shaping shard shares shari shark sharked sharking
sharlene sharlenes sharp sharpe sharped sharpening sharpens sharpers sharping sharpness shatter shattered
shattering shatters shave shaved shaves shaving shavings shear sheared shearing shears sheathed sheathing
sheathings shedding sheep sheeps sheering sheeting sheetings shelf shelled shelleys shelling shells shelly
shellys shelving shelvings sheol shielded shielding shies shift shifting shill shilling shillings shimmed
shimmered shimmied shimming shimmying shined shining shinned shinnied shinning shinnying shins shipped shipper
shippers shipping shippings ships shire shirk shirking shirr shirring shirted shirting shittier shitting
shivered shivering shlepped shlepping shoaling shocking shoed shoeing shone shooed shooing shook shoon shoos
shooter shooters shopped shopping shoppings shops shore shored shores shoring shortened shortening shortens
shorter shortest shortish shots shoulder shouldve shouted shovel shoveled shoveling shovelled shovelling
shovels showed showered showering showing showings shows shrank shred shredded shredding shrew shrews shrieked
shrieking shrike shrikes shrimped shrinking shriving shrouding shrove shrugged shrugging shtick shuck shucked
shucking shucks shunning shunting shushing shutouts shuts shutter shutters shutting shuttling shying shysters
sicked sicking sicks sided sides siding sidings sidling sidss sifter sifters sight sighting sightings sights
signature signatures signings silenced silences silencing silliness sills silly sillys silvered silvering
simmered simmering simpered simpering singe singers singings singling sinister sinned sinner sinners sinning
siphoned siphoning sipped sipping sited sites siting sitter sitters sitting sittings sizzling skeins sketched
sketches sketching skidded skidding skids skied skies skiing skill skilled skills skimming skimping skims
skinhead skinner skinners skinnier skipper skippers skipping skips skits skittered skittering skitters
skulking skunking skyed skying slabbed slabbing slabs slack slacked slacking slacks slackss slags slake slaked
slakes slaking slamming slams slanting slated slathered slathering slathers slating slats slaughter
slaughtered slaughtering slaughters slaved slavered slavering slaves slaving slavs slaws slaying slayings
slays sledding sledging sleek sleeking sleeks sleepers sleepier sleepily sleepy sleet sleeting sleets sleighed
sleighing slice sliced slices slicing slick slickers slicking sliding slighting slimming slinging slinking
slipped slippery slipping slips slithered slithering slithers slitting slivered slivering sloes slogging
sloped sloping slopped sloppier slopping slops slosh sloshed sloshing slotting slouched slouches slouching
sloughed sloughing slugging sluicing slumming slumping slurping slurring slush slushs smacker smackers smart
smarted smarting smattering smear smearing smears smell smelled smellier smelling smells smelters smelting
smirched smirches smirching smirking smock smocked smocking smockings smocks smoldered smoldering smolders
smoothed smoother smoothes smoothing smoulder snagging snags snailing snake snaked snakes snaking snapped
snappier snappiest snapping snapples snappy snapshot snapshots snare snared snares snarfing snaring snark
snarks snarling snatch snatched snatches snatching snatchs snead sneads sneaked sneakers sneaking sneaky
sneering sneezing snell snells snickered snickering snickers snickerss sniffing snifters snippier snipping
snips snooping snoot snoots snoozing snorting snorts snottier snout snouts snows snubbing snuck snuff snuffing
snugging soaked soaking soakings soaped soaping soaps soared soaring soars soaves sobering sociable sociably
societal socked socking socks sodded sodding solacing solder soldered soldering solders soldiered soldiering
soldiers soled soles solids soling solis soloed soloing solos solved solving sonnet soothing soots sopped
sopping sorcerys sorrowed sorrowing sorties sorts soses sough soughed soughing soughs sought sound sounding
sourcing souse south souths sowed sower sowers sowing space spaced spaces spacial spacing spacings spake
spamming spangled spangles spangling spanned spanning spans spare spared spareness spares sparing spark
sparked sparking sparkled sparkling sparks sparred sparring spars spattered spattering spatters spatting
spawning spayed spaying spays speaker speakers spear speared spearing spears speccing specialty speck specked
specking speckled speckling specks spectral speeding speedings spell spelled spellers spelling spellings
spells spending spendings spica spicas spiciest spicy spied spieling spies spike spiked spikes spiking spill
spilled spilling spills spilt spine spines spinners spinning spins spinster spinsters spire spires spirited
spiriting spite spited spites spiting spitting splash splashed splashes splashing splashs splat splaying
splice spliced splicers splices splicing splint splinted splinting spoiling sponging spoof spoofing spook
spooking spool spooling spooning spoor spooring sporting sports spotter spotters spottier spotting spout
spouting spouts sprained spraining spraying spreader spreading spreed spreeing springing sprinted sprinting
sprouting sprucing spunk spunks spurning spurring spurting spying squaring squashed squashes squashing
squeaked squeaking squirted squirting stabled stablest stabling stack stacked stacking stacks stacys staff
staffing staffings stafford staged staggers staging stagings stags staining stains stake staked stakes staking
stale staled staler stales staling stalked stall stalling stalls stammered stampeded stampeding stamping
stanched stanching standing standings stank stans staph staphs stapling starbucks starched starches starching
stare stared stares staring stark starker starkest starkeys starks starless starlets starling starlings starr
starred starring starrs stars starter starters starting startled startles startling stated stating stats stave
staved staves staving steadying steak steaks stealing steaming steeling steep steeping steeps steering
stemming stephans stepladder stepmom stepmoms stepped sterling sterlings sternums stewards stickers sticking
sticky stiff stiffing stifling stiflings stile stilling stilt stingers stinging stink stinking stinting
stippled stippling stirling stirlings stirring stirrings stirs stitch stitched stitches stitching stitchings
stitchs stock stocking stoked stomped stomping stoner stoners stoney stooped stooping stoppard stopper
stoppered stoppering stoppers stored storming stout stouts stove stoves stowed straddle straddled straddles
straddling strafing straggle straggled straggler stragglers straggles straggling straggly strain strained
strainer strainers straining strains stranded stranding strange strangely strangest strangler stranglers strap
strapped strapping strappings strawing strayed straying strays streaked streaking stream streaming streams
strep stretched stretching stretchs strewing striated stricken stride strides striding strife strifes striker
strikers stringed stringer stringers stringier stringing stripe striped stripes striping stripling stripper
strippers stripping stript strive strived strives striving stroke stroked strokes stroking stronger strongly
strop stropped stropping struggle struggled struggles struggling strummed strumming strutted strutting stuart
stubbed stubbing stubs stuck studying stuffing stuffy stumping stunning stunting stymying subletting subsided
subsides subsiding subspace sucrets sucretss suffered sugaring suing suitings sulfides sullying summed
summered summering summing sunder sundriess sunned sunning supple supplied supported supposing surfaced
surfacing surfer surged surges surging swabbed swabbing swabs swagging swamping swank swanked swanking swanks
swapped swapping swaps sward swarming swash swashed swashes swashing swashs swatch swatches swathing swats
swatted swattered swattering swatters swatting swayed swaying sways swearers sweat sweaters sweating sweats
sweep sweeping sweepings sweeps sweeties swell swelled swelling swellings swells swept swerving swigging swill
swilling swimming swing swingers swinging swings swirling swishing switch switcher switches switching switchs
swoon swooning swooping swopped swopping synching syphoned syphoning syringed syringing tabbed tabbing
tableaus tabulated tabulating tacked tacking tackling tacks tagged tagging tainting taipings taker takers
takingss talcs talented tales talker tallinns tallow tallying tamed tames taming tammy tammys tamped tampered
tamping tamps tanagers tandem tangerine tangiers tangling tangoing tangs tanked tankfuls tanking tanks tanned
tanning taped tapering tapes taping tapping tared tares targeted targeting taring tarmacking tarred tarried
tarries tarriest tarring tarry tarrying tartness tarts tasering tasked tasking tasks tasted tasting tasty
tates tatted tatter tattered tattering tatters tatting tattings tattlers tattling taunted taunting taunts
taxed taxes taxing teaching teals teamed teaming teared tearful tearing tearooms tears teased teasing teats
teeing teemed teeming teems teetered teetering telegraph telegraphed telegraphing telegraphs telexing teller
tellers tending tenoning tents terns terrains terrible terribly terriers terrific testified testifying tests
tethered tethering texas texes texting textually thank thankful thanking thats theas theaters thees thens
these thieving thinks thinned thinners thinning thins thirsted thirstier thirstiest thirsting thirsty thirteen
thirteens thirtieth thirtieths thistles thongs thoreaus thrash thrashed thrasher thrashes thread threaded
threading threads three threes threshed threshing thriving throatier throatily throaty throb throbbed
throbbing throbs throe throes thronged thronging thrower throwers thrummed thrumming thrusting thudding thumb
thumbed thumbing thumbs thwacked thwacking thwarted thwarting ticked ticketed ticketing ticking tickings
tickling ticks tided tides tiding tidings tidingss tieing tight tightened tightening tightens tights tikes
tilled tilling tills timed timeless timelessness timing timmy timmys tincture tinctured tinctures tincturing
tines tings tinkered tinkering tinkling tinned tinning tipped tipping tippling tipsters tiptoeing tired
tissues tittered tittering tittle toads toady toadying toasters toasting toddle toddled toddles toddling todds
toddy toiled toiler toileted toileting toiletry toilette tokay toked token tokes toking tolled tolling tolls
tomes tommy tommys toned toneless tones tonights toning tooled tooling tools tooted tooting toots topped
topping toppings toppling torch torched torches torching totaling tottered tottering touchier touchiest tough
toughens toughest toughs tousling toweling towelled towelling towellings tower towered towering towers towing
trace traceries traces traci tracing tracings tracis trackers tract tracts tracy tracys trail trailed trailers
trailing trails trailways trailwayss trainee trainees traipsed traipses traipsing trait traitors traits
tramming tramping trampling trams trans trappers trappingss trappist traps trashier trashing trashy traversed
traversing trawlers trawling trays tread treading treadling treads treason treasons treasure treasured
treasuring treat treaties treating treats trebling treed trekking trembled trembles trembling trendies
trending triad trialing triangle triangles trice trick tricking trickled trickling tricks trike trikes
trilling trimming tripling tripped tripping trolling tromping troopers trooping trope trotters trotting trough
troughs trounced trounces trouncing troupers trouping troweled troweling truck trucked trucking truckings
truckled truckling trucks trudging trued trump trumped trumping trumps trunk trunking trunks trussing trusting
truthers trying trysting tubby tulls tumbling tumss tuned turds turfing turfs turins turks turner turning
tushs twain twains twanging tweaking tweed tweeds tweeting tweezers twentieth twentieths twigging twigs twine
twinged twingeing twinging twink twinkies twinkled twinkling twinks twirling twisters twisting twitched
twitches twitching twits twitted twitting tying tykes tyrannys udder umped umping unafraid unbeaten uncalled
uncaring unchecked unclothes unclothing uncoiled uncoiling uncollected undelivered undersea underused
underwent undiess undresss unending unerring unfeeling unfriend unfriended unfriending unfriends unharmed
unheeded unhitched unhitches unhitching unlacing unloaded unloading unlocked unlocking unmaking unmanned
unmanning unneeded unpacked unpacking unpinned unpinning unreasoning unsafest unsalted unsaying unsealed
unsealing unseated unseating unseeing unsparing unstated unstopped unstopping unstressed unthinking untie
untied unties untiring untouched untrained untroubled untying unwanted upchucked upchucking upchucks upcoming
upcountry upending upholding uploaded uploading upstairs upstarted upturned urinated urinates urinating
ushering usurping uttering vacation vaginal valences vales valeting vamped vamping vamps vanes vangs vanned
vanning vanquish vapid varnish varnishs vases vatting vaulting vaunted vaunting vaunts vaxes veals veeps velds
vending verandas verified verifying versified versifying versions vetch vetted vetting vexing viced vices
vicing videotex viking vince vincents vines vintners violated violating violet violets violists vireo vireos
virulence virulences virulent vising vitreous vocation vocations voles vorsters vortices vouch vouched
vouchers vouches vouching vowing vying wacks wadded wadding waddings waddling waded wader waders wading wafer
wafers wafted wafts waged wager wagered wagering wagers wagged wagging waggling waging waist waists waited
waiter waiters waitress waitresss waits waked waken wakening wakes wales waling walked walks walkways walleyed
walloons wallow wallowed wallowing wallows walter walters walterss walts waltzing wanda wandered wandering
wands waned wanes wangling wangs waning wankel wanking wanks wannabes wantoned wardroom wares waring warmed
warming warms warps warred warring warts washed washing washings washouts washroom washs waster wasters
wastrels watchers watching waterbed waterbeds waterier waterline watershed waterss watery watss wattling watts
waved waver wavered wavering wavers waves waving waxing weakened weakening weakling weaklings weals weaning
weaponry wears wearying weather weathered weathering weatherings weathers weave weaves weaving webisode
webisodes wedded wedding weddings weeder weedy weeing weeks weeping weepings weeps wefts weight weighted
weighting weights welching welcomes welded welders welding welds welled weller wellers welling wells welshing
welted weltered weltering welting wench wended wending wends wests wetted wetter wetting whacker whackers
whackier whacky whale whaled whales whaling whalings whamming whams wheats wheedled wheedling wheeling
wheezing whelping whets whetting whiffing whigs while whiled whiles whiling whims whined whining whippet
whippets whipples whirling whirring whirs whisking whist whistled whistling whists whiting whitings whits
whittled whittling whizs whizzing wholl whooping whopping whore whores whorled whose whove wicked wicks
widening widow widowed widowing widows wielding wight wights wildly wiled wiles wiley wileys wiling willa
willas willed willing wills wilts wince winching windings windowss windsors wined wines winged wingers winging
wings wining winked winner winners winning winnings winnow winnowed winnowing winnows wintered wintering
winterss wiped wipes wiping wired wires wiring wises witch witched witching withered withering wittiest
witting witty wives wizes womans wondered wondering wonted wonts wooded wooding woods woofed woofing woofs
woosters wordings worry worrying worryings worrys worsteds worsting worthies woulds wound wounding wowing
wrack wracks wrangled wrangles wrangling wrapt wreak wreaked wreaking wreaks wrecker wreckers wrecking
wrenched wrest wrested wresting wrestled wrestling wrests wretched wriest wring wringers wringing wrinkled
wrinkling writhing writing writings writs wrought wrung yacked yacking yacks yales yammer yammered yangs
yanked yanks yates yawed yawing yeahs yearling yearlings yearn yearning yearns yeats yelled yellowed yellowing
yelping yelps yielding yipped yipping yocks yodelers yodelling yoked yokes yoking youngest youngster
yourselves yummy zanes zanys zeals zenned zincking zingers zipped zipping zoned zones zoning
""".split())
