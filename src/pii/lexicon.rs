//! The safe lists behind the name finders, after Philter (UCSF, 2020): a capitalised word is a
//! candidate name unless it is an ordinary English word (`ordinary_words.txt`, from SCOWL) or a
//! word known not to identify anyone here (medicines, countries, nationalities, support lines,
//! brands, fiction). `DENY_PHRASES` are names that are not people or places ("Dr Pepper").

use super::re;
use super::HashSet;
use regex::Regex;
use std::sync::LazyLock;

/// Lower-case ordinary English words (SCOWL via Debian's wbritish; licence in the file).
static ORDINARY: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("ordinary_words.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Capitalised words that are not ordinary English but name nothing that identifies a person:
/// medicines (GLOSSARY.md and their brands), countries, nationalities, faiths and languages,
/// support lines and national bodies, big brands, fiction, and words of speech.
static NOT_IDENTIFYING: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        // Medicines, generic and brand names.
        "sertraline fluoxetine citalopram escitalopram mirtazapine venlafaxine duloxetine
         amitriptyline trazodone paroxetine seroxat agomelatine vortioxetine brintellix bupropion
         olanzapine quetiapine aripiprazole risperidone clozapine haloperidol lurasidone latuda
         cariprazine paliperidone flupentixol zuclopenthixol chlorpromazine trifluoperazine
         sulpiride amisulpride solian lithium valproate lamotrigine carbamazepine tegretol
         topiramate lorazepam diazepam clonazepam zopiclone zimovane promethazine phenergan
         procyclidine kemadrin clopixol depixol modecate haldol largactil stelazine invega
         xeplion abilify zyprexa seroquel risperdal clozaril prozac zoloft lustral cipralex
         cipramil efexor cymbalta wellbutrin zispin priadel camcolit depakote epilim lamictal
         valium xanax ativan librium chlordiazepoxide pregabalin lyrica gabapentin propranolol
         methadone buprenorphine subutex buvidal naloxone naltrexone antabuse disulfiram
         acamprosate concerta ritalin elvanse strattera methylphenidate lisdexamfetamine
         atomoxetine dexamfetamine modafinil melatonin circadin hydroxyzine nytol sominex kalms
         calpol nurofen paracetamol ibuprofen codeine tramadol oramorph midazolam buccolam
         ketamine esketamine spravato clonidine guanfacine levothyroxine metformin ventolin
         salbutamol omeprazole lansoprazole movicol lactulose senna epipen diazemuls
         sodium",
        // Countries, regions, nationalities, faiths and languages: too coarse to identify.
        "afghanistan albania algeria america american americans africa african africans asia
         asian asians australia australian austria bangladesh bangladeshi belgium brazil
         bulgaria bulgarian canada canadian caribbean china chinese congo congolese croatia
         cyprus czech denmark egypt egyptian eritrea eritrean ethiopia ethiopian europe european
         europeans france gambia germany ghana ghanaian greece hong kong hungary hungarian india
         indian indians iran iranian iraq iraqi ireland israel italy jamaica jamaican japan
         kenya kenyan kurdish kurdistan kosovo latvia latvian libya lithuania lithuanian
         malaysia mexico morocco moroccan nepal nepali netherlands nigeria nigerian nigerians
         norway pakistan pakistani pakistanis palestine palestinian philippines filipino poland
         portugal portuguese romania romanian russia russian rwanda saudi senegal serbia
         sierra leone slovakia somalia somali somalian spain sri lanka lankan sudan sudanese
         sweden switzerland syria syrian turkey turkish uganda ugandan ukraine ukrainian
         vietnam vietnamese yemen zimbabwe zimbabwean zambia usa eu yorkshire midlands
         brexit tory tories halloween passover navratri holi yom kippur shabbat jummah
         vaisakhi baisakhi hogmanay
         anglo afro afrikaans arabic bengali hindi punjabi urdu gujarati tamil sikh sikhs hindu
         hindus muslim muslims islam islamic christian christians catholic catholics protestant
         anglican methodist pentecostal buddhist jewish judaism quran koran torah
         quaker quakers baptist baptists evangelical orthodox adventist rastafarian
         tigrinya amharic oromo igbo yoruba hausa twi akan ga ewe swahili shona ndebele zulu
         xhosa lingala krio patois creole cantonese mandarin hokkien tagalog malay malayalam
         telugu kannada marathi sinhala sinhalese sylheti pashto dari farsi persian kurmanji
         sorani gaelic cornish manx romani romanes bosnian albanian greek italian spanish
         french german dutch polish czech slovak russian lithuanian latvian romanian",
        // More nationalities and countries (plurals are found by `is_not_identifying`);
        // countries that are also first names (Jordan, Georgia, Chad) are left to context.
        "angola angolan argentina argentinian austrian belgian bolivian bosnian brazilian
         british briton britons english scottish scots welsh irish cameroon cameroonian
         chilean colombia colombian cuba cuban cypriot danish dominican ecuador
         ecuadorian estonia estonian finland finnish gabonese guinean guyana guyanese haiti
         haitian icelandic indonesia indonesian israeli ivorian jordanian kazakh korea korean
         kuwait kuwaiti lebanon lebanese liberia liberian libyan macedonian malawi malawian
         malaysian maltese mauritius mauritian mexican moldova moldovan mongolian montenegrin
         mozambique mozambican namibia namibian nepalese norwegian oman omani panamanian
         peru peruvian qatar qatari serbian singapore singaporean slovenian swede swedish
         swiss tanzania tanzanian thailand thai tibet tibetan togolese trinidad trinidadian
         tobago tunisia tunisian uzbek venezuela venezuelan yemeni zambian barbados bajan
         barbadian grenada grenadian antiguan belizean afghan afghani albanian algerian
         bahraini burma burmese myanmar cambodia cambodian congolese emirati filipina gambian
         kurd kurds laotian malian rwandan senegalese leonean taiwan taiwanese fiji fijian
         samoan tongan roma gypsy gypsies pavee hazara pahari bangla mirpuri kashmiri
         geordie geordies scouse scouser scousers brummie brummies cockney mancunian",
        // Words of apostrophe-less typing and of dialect (Scots, Welsh English, Irish,
        // Black British), and words for kin in other languages: "Nain said", "Och, naebody".
        "dont didnt doesnt isnt wasnt werent arent couldnt wouldnt shouldnt hasnt havent
         hadnt aint ive youre theyre weve theyve youd itll thats whats wheres theres heres
         appt appts obs mins hrs yrs wks txt msg msgs pls plz thx tmrw tmr rn idk imo smth bc
         cos coz tho thru
         whos hows yall innit dunno gonna wanna gotta kinda sorta
         och aye naebody nae naw dinnae cannae wouldnae couldnae didnae isnae wasnae willnae
         widnae disnae havnae wis wiz bairn bairns wean weans lassie laddie doon oot
         aboot roon noo tae fae wi oor yer youse awfy gie greetin braw dreich scunnered boak
         stooshie mingin gonnae
         cwtch cariad diolch iechyd pobol craic eejit bredren wagwan mandem
         nain taid mamgu tadcu bampi mamó daideo nani nanu dadi dadima nanima ammi ammu abbu
         amma appa abuela abuelo abuelita abuelito nonna nonno oma opa babcia babunia dziadek
         dziadzia bunica bunicul yiayia pappou teta dedo mẹ bố khala khalu phupho chacha chachi
         bhaiya didi nainai yeye laolao waipo aama buwa",
        // Support lines, national bodies, schemes and law.
        "samaritans samaritan shout mind rethink papyrus childline nspcc sane saneline cruse
         healthwatch ombudsman ofsted ofcom kooth togetherall qwell mencap barnardo barnardo's
         macmillan nacro stonewall mermaids galop youngminds switchboard stepchange maximus atos
         capita jobcentre dwp hmrc cqc nhs nice gillick bolam bournewood caldicott infoline hopeline
         hopelineuk saneline pieta hafal centra",
        // Brands, shops, sites and apps.
        "tesco asda aldi lidl sainsbury sainsbury's morrisons waitrose greggs costa starbucks
         mcdonald's mcdonalds kfc nando's nandos primark argos ebay netflix spotify facebook
         instagram whatsapp tiktok twitter youtube snapchat reddit iphone ipad android samsung
         uber deliveroo bupa ikea halfords wetherspoons wetherspoon's lego nintendo playstation
         xbox ribena lucozade vimto fanta pepsi tango irn irn-bru coca-cola coke kitkat jaffa
         lemsip gaviscon rennie nhs111 zoom skype tinder grindr bumble hinge gumtree rightmove
         zoopla amazon's google's boots' superdrug poundland wilko lloyds natwest barclays
         hsbc santander monzo paypal vodafone ee uber's pret subway domino's dominos co-op
         hollyoaks emmerdale corrie neighbours galatasaray haribo cadbury cadbury's maltesers
         skittles doritos pringles quavers wotsits nestle guinness stella marlboro uno carling
         heineken budweiser strongbow lambrini smirnoff bacardi rizla deliveroo's
         amazon boots monster indeed metro oxfam barnardo's smarties bluey bluesky threads
         mastodon discord telegram signal vinted depop etsy asos shein currys wickes
         b&q screwfix travelodge voiceability pohwer parkrun bru tescos asdas lidls
         gogglebox headspace frosties nando nando's nandos datix
         mcdonald's mcdonalds tayto vetlife staffie staffies",
        // Diagnoses and syndromes named after people, and days written short.
        "tourette tourette's tourettes asperger asperger's aspergers crohn crohn's crohns
         parkinson parkinson's parkinsons alzheimer alzheimer's alzheimers huntington
         huntington's munchausen munchausen's korsakoff korsakoff's wernicke capgras cotard
         ehlers-danlos raynaud raynaud's hashimoto hashimoto's addison addison's cushing
         cushing's mon tue tues wed weds thu thurs thur fri",
        // Words of the field that the general word list lacks.
        "epistemic somatic carer carers co-production coproduction neurodivergent
         neurodivergence neurotypical psychoeducation antipsychotics antidepressants
         dialectical mentalisation mentalization psychodynamic parliamentary emdr
         benzos benzo depot sectioning sectionable peer-led trauma-informed perinatal
         postnatal antenatal gurkha gurkhas nitnem zealand
         schizoaffective schizophrenia psychosis bipolar borderline anorexia bulimia autism
         dementia depression anxiety",
        // Cars, the provinces of Ireland and the largest regions, and rivers: too common or too
        // large to identify. Counties and cities abroad are places, as towns are: "from
        // Sanandaj, now in Stockton" or "Boston, Lincolnshire" narrows who someone is.
        "astra corsa vauxhall nissan toyota honda volkswagen micra punto audi volvo skoda
         renault peugeot citroen kia hyundai twix berlingo qashqai fiesta
         highlands ulster munster leinster connacht hebrides
         thames severn tamar trent mersey tyne tees clyde humber ouse taff wye usk",
        // Fiction, famous figures and words of speech.
        "rambo brutus ratched hogwarts narnia gotham sherlock dumbledore voldemort gandalf frodo jekyll
         hyde frankenstein dracula batman superman spiderman scrooge eeyore tigger pooh
         paddington peppa shrek elsa pikachu freud freudian jung jungian churchill
         shakespeare darwin dickens dickensian orwell orwellian kafkaesque kafka
         ooh oooh ahh aww erm hmm hmmm umm uhh ugh eh nah yeah yep nope ok lol omg haha wtf tbh nan nanna nana
         gran granny grandad grandpa grandma mam mammy mummy daddy
         mum mom dad ma pa papa mama mamma sis bro sarge guv
         disney pixar marvel depo depo-provera
         insta maccies meds attendees downsides arsenal everton spurs celtic hibs hibernian
         benfica olympiacos juventus barcelona ronaldo messi beckham tolkien beatles wonderwall
         greensleeves",
        // More brands, unions and employers too large to identify, and words of culture,
        // language and history.
        "weetabix tunnock tunnock's tunnocks costcutter spar loganair ryanair easyjet unison
         gmb serco sodexo mitie g4s windrush victorian edwardian cymraeg saesneg gàidhlig
         gaidhlig māori maori aotearoa tết tamil eelam madeira",
        // Peoples and faiths, regions abroad, prayers, and kin in other languages,
        // none of which names one place or person.
        "jain jains ashanti fante fanti romany romanies hongkonger hongkongers
         kikuyu ibibio brasil
         ekiti helmand sahara falklands punjab sindh gujarat kerala bengal darfur tigray
         balochistan
         fajr dhuhr maghrib ameen murugan
         kaka foi biji masi mausi mamu chachu phuppo bhabhi dadaji nanaji yaar
         na oga grabe béarla meic setterday hoose
         stagecoach warrens parmo bollywood tumblr rimmel goan goans
         smyths squishmallows nikes waterstones tudors erev maman",
        // Chains and brands of food and shops, festivals and days of faith, Welsh names of days
        // and months, and the men and women of a nation ("an Irishman").
        "bovril supermalt heinz lloydspharmacy dunelm spurgeons
         iftar suhoor sehri shabbos shabbat dashain tihar vaisakhi baisakhi navratri onam
         pongal
         llun mercher gwener sadwrn ionawr chwefror ebrill mehefin gorffennaf awst medi hydref
         tachwedd rhagfyr
         irishman irishwoman scotsman scotswoman welshman welshwoman englishman englishwoman
         yorkshireman geordies scousers brummies
         casualty specialty speciality hiya heya
         eircode eircodes postcode postcodes",
        // More chains, brands and media, and the words of Yorkshire and Lancashire speech
        // ("tha knows", "nowt", "summat").
        "google hilton ginsters bisto werther werthers werther's vicks clarks woolworths woolies calmac
         barbie barbies abba debenhams matalan specsavers timpsons ladbrokes betfred wagamama
         iceland farmfoods londis nisa peacocks selfridges harrods littlewoods wimpy
         harvester beefeater toby carvery premier costco poundstretcher homebase
         tha thi thee nowt owt summat mesen missen hissen hersen yersen gerroff
         telly tellies",
        // Words for family in South Asian speech, which name no one by themselves ("bhai said",
        // "my nani").
        "bhai bhaiya didi baji behen chacha chachi khala khalu nani dadi ammi abbu amma appa
         thatha paati",
        // More words for family (Irish and Scots "da", Somali "hooyo"), Jamaican and other
        // spellings of speech ("dat", "dem"), languages and peoples, fiction, months as people
        // misspell them ("in Septmber"), and the "Re:" heading a letter.
        "da grandda granda hooyo aabo ayeeyo
         dat dem dis deh wid yuh unu pickney bredda nutten
         gaeilge gaelige rom roma fairytale dalek daleks tardis
         febuary feburary janurary januray septmber septemeber ocotber novemeber novmber
         decemeber decmber agust re",
        // Ireland's police ("Garda" alone is a rank, before a name) and its Irish-speaking
        // regions, the Mass, an encyclopaedia, a port passed through, a word of endearment, and
        // a country that is also a word.
        "gardaí gardai gaeltacht mass wikipedia calais hun chile lupus lyme arab arabs mòd
         referrer",
    ]
    .iter()
    .flat_map(|group| group.split_whitespace())
    .collect()
});

/// The capitalised words after "I support", "he supports": a team someone follows. Only the
/// present, after a pronoun or a parent: "the nurse who supported Ifeoma" is about a person.
pub(super) static TEAM_SUPPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:i|we|they|you|he|she|dad|mum|da|mam)(?: (?i:still|always|only|even))? (?i:supports?) (\p{Lu}[\p{L}'’.&-]*(?: \p{Lu}[\p{L}'’.&-]*)*)",
    )
    .expect("a valid pattern")
});

/// What a town's team does, after its name: "Newcastle were relegated", "watched Liverpool
/// lose to Everton", "Wrexham got promoted". Only the words, so that the text is read once
/// without looking at every capital; `teams_named` finds the name before them.
static TEAM_PLAYED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:lost|won|drew|lose|beat|draw|scored|(?:get|got) (?:beat|beaten|thrashed|hammered|promoted|relegated)|were (?:promoted|relegated|beaten|thrashed|hammered|shite|rubbish|robbed|top of the league|bottom of the league)|(?:are|were) playing)(?-u:\b)",
    )
    .expect("a valid pattern")
});

/// The spans of the one or two capitalised words just before what a team does ("Newcastle"
/// in "Newcastle were relegated", "Watched Liverpool" in "Watched Liverpool lose").
pub(super) fn teams_named(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    TEAM_PLAYED.find_iter(text).filter_map(move |m| {
        let before = text[..m.start()].strip_suffix(' ')?;
        let word_start = |end: usize| {
            let head = &before[..end];
            let start = head
                .char_indices()
                .rev()
                // No town's name is longer; a hostile run of letters is not read back.
                .take(48)
                .take_while(|&(_, c)| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
                .last()
                .map(|(i, _)| i)?;
            head[start..]
                .starts_with(char::is_uppercase)
                .then_some(start)
        };
        let last = word_start(before.len())?;
        let start = last
            .checked_sub(1)
            .filter(|&space| before[space..].starts_with(' '))
            .and_then(word_start)
            .unwrap_or(last);
        Some((start, before.len()))
    })
}

/// Whether `word` is a football club known by one word, as its supporters say it.
pub(super) fn is_club(word: &str) -> bool {
    one_of!(
        word,
        "Celtic"
            | "Rangers"
            | "Hibs"
            | "Hibernian"
            | "Hearts"
            | "Arsenal"
            | "Chelsea"
            | "Spurs"
            | "Everton"
            | "Villa"
            | "Wolves"
            | "Liverpool"
            | "Leeds"
            | "Sunderland"
            | "Newcastle"
            | "Boro"
            | "Forest"
            | "Linfield"
            | "Glentoran"
            | "Wrexham"
            | "Swansea"
            | "Cardiff"
            | "Aberdeen"
            | "Dundee"
            | "Motherwell"
            | "Kilmarnock"
            | "Millwall"
            | "Burnley"
            | "Brentford"
            | "Fulham"
            | "Palace"
    )
}

/// A law or rule named after the person whose death brought it: "Seni's Law", "Martha's Rule".
pub(super) static NAMED_LAW: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b\p{Lu}\p{Ll}+['’]s (?:Law|Rule)\b"));

/// Names that are brands, fiction or sayings, never the person or place they seem to name.
pub(super) static DENY_PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    let phrases = [
        "Dr Pepper",
        "Cafe Nero",
        "Café Nero",
        "Refugee Council",
        "Salvation Army",
        "Sky News",
        "Fleetwood Mac",
        "Truman Show",
        "Calon Lân",
        "Rose of Tralee",
        "Boxing Day",
        "Redeemed Christian Church of God",
        "Learning from Deaths",
        "Caffè Nero",
        "Caffe Nero",
        "Café Rouge",
        "Cafe Rouge",
        // The forces, the post and the learned bodies: "Royal" before them is no hospital.
        // Days of the year named after a saint or an event.
        "Bonfire Night",
        "Mark my words",
        "Frankie and Benny's",
        "Frankie & Benny's",
        "Kwik Save",
        "Refugee Action",
        "St Mungo's",
        "Young Farmers",
        "Open University",
        "Hearing Voices Network",
        "Bob Marley",
        "St David's Day",
        "St Patrick's Day",
        "St Andrew's Day",
        "St George's Day",
        "St Valentine's Day",
        "Royal Mail",
        "Royal Navy",
        "Royal Marines",
        "Royal Air Force",
        "Royal Signals",
        "Royal Engineers",
        "Royal Artillery",
        "Royal Logistic Corps",
        "Royal Anglian",
        "Royal Irish",
        "Royal Welsh",
        "Royal Scots",
        "Royal Family",
        "Royal Society",
        "Royal British Legion",
        "Royal Mint",
        "Royal College of Psychiatrists",
        "Royal College of Nursing",
        "Royal College of GPs",
        "Royal College of General Practitioners",
        "Dr Martens",
        "Doc Martens",
        "Dr Oetker",
        "Dr Google",
        "Doctor Google",
        "Dr Who",
        "Doctor Who",
        "Dr Seuss",
        "Dr Dre",
        "Dr Phil",
        "Dr Jekyll",
        "Dr Frankenstein",
        "Dr Feelgood",
        "Dr Strange",
        "Dr Hook",
        "Dr Foster",
        "Dr Beat",
        "Mr Kipling",
        "Mr Muscle",
        "Mr Sheen",
        "Mr Men",
        "Little Miss",
        "Mr Bean",
        "Mr Blobby",
        "Mr Motivator",
        "Mr Whippy",
        "Mr Freeze",
        "Mr Hyde",
        "Mr Right",
        "Mr Nice Guy",
        "Mrs Doubtfire",
        "Mrs Brown",
        "Nurse Ratched",
        "Father Christmas",
        "Father Ted",
        "Mother Teresa",
        "Sister Act",
        "Jekyll and Hyde",
        "Joe Bloggs",
        "Holiday Inn",
        "Premier Inn",
        "Loch Ness Monster",
        "Loch Ness",
        "Boris Johnson",
        "Roberto Carlos",
        "Homes Under the Hammer",
        "Joe Public",
        "Tom, Dick and Harry",
        "Bob's your uncle",
        "Billy No-Mates",
        "Billy no mates",
        "Murphy's Law",
        "Sod's Law",
        "Sod's law",
        "Peeping Tom",
        "Smart Alec",
        "Jack the Lad",
        "Doubting Thomas",
        "Nosy Parker",
        "Nosey Parker",
        "Heath Robinson",
        "Florence Nightingale",
        "Colin the Caterpillar",
        "Percy Pig",
        "Captain Hindsight",
        "Captain Obvious",
        "Debbie Downer",
        "Negative Nancy",
        "Nervous Nellie",
        "Ronald McDonald",
        "Uncle Ben's",
        "Aunt Bessie's",
        "Ben & Jerry's",
        "Ben and Jerry's",
        "Harry Potter",
        "Sherlock Holmes",
        "Hannibal Lecter",
        "Winnie the Pooh",
        "Coronation Street",
        "Sesame Street",
        "Memory Lane",
        "Pobol y Cwm",
        "Daniel Blake",
        "Auld Lang Syne",
        "Danny Boy",
        "Bob Marley",
        "Gavin & Stacey",
        "Gavin and Stacey",
        "Partick Thistle",
        "Jai Shri Krishna",
        "Easy Street",
        "Civvy Street",
        "Downing Street",
        "Wall Street",
        "Fleet Street",
        "Carry On",
        "Hub of Hope",
        "Women's Aid",
        "Citizens Advice",
        "Victim Support",
        "Turning Point",
        "Change Grow Live",
        "Age UK",
        "Anxiety UK",
        "Young Minds",
        "Place2Be",
        "Red Bull",
        "Kit Kat",
        "Jaffa Cakes",
        "Rescue Remedy",
        "Marie Curie",
        "St John Ambulance",
        "St John's Wort",
        "St John’s Wort",
        "Big Brother",
        "Big Mac",
        "Big Ben",
        "Big Issue",
        "Big Bang",
        "Big Top",
        "Big Apple",
        "Big Society",
        "Little Chef",
        "Little Mix",
        "Little Women",
        "Old Bill",
        "Old Nick",
        "Old Firm",
        "Old Testament",
        "Mr Tumble",
        "Mr Brain",
        "Dr Beckmann",
        "full Monty",
        "Amazing Grace",
        "from Adam",
        "an Oscar",
        "Freedom to Speak Up",
        "Jeremy Kyle",
        "Vera Lynn",
        "Sgt Pepper",
        "Sgt. Pepper",
        "Tom Jones",
        "Cliff Richard",
        "Dolly Parton",
        "Frank Sinatra",
        "Whitney Houston",
        "Amy Winehouse",
        "Bob Marley",
        "Elton John",
        "Taylor Swift",
        "Jim Reeves",
        // Institutions spoken of as a whole: "not from the Church, not from the State".
        "the State",
        "the Church",
        "the Government",
        "Loch Ness Monster",
        "Loch Ness",
        "Ayat al-Kursi",
        "Holy Mary",
        "for Pete's sake",
        "DPJ Foundation",
        // Ireland's national youth mental health service.
        "Jigsaw",
        "Birds Eye",
        // Welsh "ym mis Mai" (in May), and "Mae" (is) opening a sentence: "Mae hi'n".
        "mis Mai",
        "Mae hi",
        "Mae pawb",
        "Mae fe",
        "Mae e",
        // People known for speaking about mental health, or from its history, whom
        // testimony quotes ("Stephen Fry made a documentary about bipolar").
        "Stephen Fry",
        "Ruby Wax",
        "Frank Bruno",
        "Alastair Campbell",
        "Prince Harry",
        "Princess Diana",
        "Carrie Fisher",
        "Robin Williams",
        "Britney Spears",
        "Caroline Flack",
        "Lewis Capaldi",
        "Spike Milligan",
        "Virginia Woolf",
        "Sylvia Plath",
        "Van Gogh",
        "Winston Churchill",
        "Mary Seacole",
        "Florence Nightingale",
        "Sigmund Freud",
        "Carl Jung",
        "Fairytale of New York",
        "Oor Wullie",
        "the Joneses",
        "Walter Mitty",
        "Jack Russell",
        "Jack of all trades",
        "Johnny-come-lately",
        "Calamity Jane",
        "Mary Poppins",
        "Tom Thumb",
        "Jack and Jill",
        "Auntie Beeb",
        "Dear Diary",
        "Silver Line",
        "Winterbourne View",
        "Marks & Spencer",
        "McDonald's",
        "McDonald’s",
        "McDonalds",
        "Jammie Dodger",
        "Jammie Dodgers",
        "Ptasie Mleczko",
        "British Heart Foundation",
        "Leaving Cert",
        "Benedict Cumberbatch",
        "Marks and Spencer",
        "Jane Eyre",
        "Wuthering Heights",
        "Dear John",
        "Mr Happy",
        "Mr Tickle",
        "Mr Bump",
        "Mr Grumpy",
        "Mr Strong",
        "Mr Greedy",
        "Mr Messy",
        "Mr Lazy",
        "Mr Worry",
        "Mr Nobody",
        "Premier Inn",
        "Blackburn Rovers",
        "Bristol Rovers",
        "Doncaster Rovers",
        "Tranmere Rovers",
        "Bolton Wanderers",
        "Wolverhampton Wanderers",
        "Wycombe Wanderers",
        "Charlton Athletic",
        "Oldham Athletic",
        "Wigan Athletic",
        "Tottenham Hotspur",
        "Queens Park Rangers",
        "Aston Villa",
        "Crystal Palace",
        "Leyton Orient",
        "Plymouth Argyle",
        "Freedom from Torture",
        "Gendered Intelligence",
        "Quality Street",
    ];
    // "Dr. Pepper" and "Bob’s your uncle" are the same phrases.
    let alternation: Vec<String> = phrases
        .iter()
        .map(|p| {
            regex::escape(p)
                .replace('\'', "['’]")
                .replacen("Dr ", r"Dr\.? ", 1)
                .replacen("Mr ", r"Mr\.? ", 1)
                .replacen("Mrs ", r"Mrs\.? ", 1)
        })
        .collect();
    re(&format!(r"(?i)\b(?:{})\b", alternation.join("|")))
});

/// Whether `lower` (a lower-cased word, curly apostrophes made straight) is ordinary English.
pub(super) fn is_ordinary(lower: &str) -> bool {
    ORDINARY.contains(lower)
}

/// Whether `lower` is ordinary English or an ordinary form of it: a plural ("Thursdays"), an
/// "-ness" noun ("connectedness") or an "-er" of a word ending in "e" ("carer").
pub(super) fn is_ordinary_form(lower: &str, known: impl Fn(&str) -> bool) -> bool {
    // The word itself first, then its stems, then the "-ize" spelling, which allocates: most
    // words are decided by the first look-up.
    if known(lower) {
        return true;
    }
    let stems = [
        lower.strip_suffix('s'),
        lower.strip_suffix("es"),
        lower.strip_suffix("ness"),
        lower.strip_suffix('r').filter(|s| s.ends_with('e')),
        lower.strip_suffix("rs").filter(|s| s.ends_with('e')),
    ];
    if stems
        .into_iter()
        .flatten()
        .any(|stem| stem.len() >= 4 && known(stem))
    {
        return true;
    }
    // British "-ise" spellings of words the list may hold as "-ize" ("catastrophising"); each of
    // the three endings holds "is".
    if !lower.contains("is") {
        return false;
    }
    let ize = ["ise", "ising", "isation"]
        .iter()
        .any(|e| lower.contains(e))
        .then(|| {
            lower
                .replacen("ising", "izing", 1)
                .replacen("ise", "ize", 1)
                .replacen("isation", "ization", 1)
        })
        .filter(|z| z != lower);
    ize.is_some_and(|z| known(&z))
}

/// Whether `lower` names something that identifies nobody (see `NOT_IDENTIFYING`).
pub(super) fn is_not_identifying(lower: &str) -> bool {
    let known = |w: &str| NOT_IDENTIFYING.contains(w);
    // "Brazilians", "Pakistanis", "Catholics": the plural of a nationality or faith, by the
    // endings those have; not of a city or brand, whose plural is a surname ("Stokes", "Costas").
    let demonym = |stem: &str| {
        ["an", "ese", "i", "ic", "ek", "ab", "ite", "u"]
            .iter()
            .any(|e| stem.ends_with(e))
    };
    let plural = || {
        lower.len() > 4
            && lower
                .strip_suffix('s')
                .is_some_and(|stem| demonym(stem) && known(stem))
    };
    // "Tamil-speaking", "Polish-born", "Anglo-Indian": coarse words joined to ordinary ones.
    let joined = || {
        lower.contains('-')
            && lower.split('-').any(known)
            && lower.split('-').all(|p| known(p) || is_ordinary(p))
    };
    known(lower) || plural() || joined()
}
