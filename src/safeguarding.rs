//! Spots text suggesting an immediate risk to someone — a stated plan or time to end one's
//! life, or abuse of a child or vulnerable adult that is still going on — so that a human
//! moderator looks at that submission first. Most testimony in Chorus describes the past
//! ("in 2015 I tried to end my life"), which is the archive working as intended and is not
//! flagged: only present-tense and future statements are.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One passage that may describe an immediate risk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RiskSignal {
    /// What kind of risk the passage suggests.
    pub kind: RiskKind,
    /// Byte offset of the start of the passage in the text.
    pub start: usize,
    /// Byte offset just past the end of the passage in the text.
    pub end: usize,
    /// The passage as written.
    pub text: String,
}

/// The kinds of immediate risk that raise a submission to the top of the moderation queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    /// A present or future plan, or a time, to end one's own life.
    SuicidePlan,
    /// Abuse of a child or vulnerable adult that is still happening.
    OngoingAbuse,
}

/// Compiles a pattern once, case-insensitively, with either kind of apostrophe accepted.
/// `\b` and `\w` are made ASCII-only, which keeps the fast regex engines in use on text with
/// curly quotes and dashes (the words matched are all ASCII anyway).
fn re(pattern: &str) -> Regex {
    let pattern = pattern
        .replace('\'', "['’]")
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\w", "[A-Za-z0-9_]");
    let pattern = format!("(?i){pattern}");
    Regex::new(&pattern).expect("safeguarding patterns are valid")
}

/// Stated plans and timings, all in the present or future tense: past accounts ("I tried
/// to", "I was going to") do not match any of them.
static SUICIDE_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    let act = r"(?:end (?:it all|it|things|my life|everything)|kill myself|take my (?:own )?life|die|hang myself|jump off|overdose|take (?:them all|all (?:of )?(?:them|my \w+|the \w+)|an overdose|every (?:pill|tablet))|not be (?:here|around|alive))";
    let alternatives = [
        r"\bI(?:'m| am)(?: (?:really|definitely|finally|actually))? (?:going to|gonna|about to|planning (?:to|on)|ready to|intending to|getting ready to) ACT",
        r"\bI(?:'m| am) (?:ending (?:it|my life|things)|killing myself)",
        r"\bI(?:'ve| have) (?:decided|made (?:up )?my mind|made the decision|chosen) (?:to|that I(?:'ll| will| am going to)) ACT",
        r"\bI(?:'ll| will) (?:kill myself|end it|end my life|take my (?:own )?life|be (?:gone|dead) (?:by|before|soon|tomorrow|tonight))",
        r"\bI(?:'ll| will|'m going to| am going to) do it (?:tonight|today|tomorrow|this weekend|on \w+day)",
        r"\b(?:this|it)(?:'s| is| will be|'ll be) (?:my|the) (?:last|final) (?:post|message|entry|words|thing I (?:write|post))",
        r"\bby the time (?:you|anyone|someone|people) (?:read|reads|see|sees|find|finds) this",
        r"\bI(?:'ve| have) (?:got )?(?:the |my |enough )?(?:pills|tablets|meds|medication|paracetamol|rope)(?: \w+)? (?:saved|stockpiled|stored|hidden|ready|collected|lined up)",
        r"\bI(?:'ve| have) been (?:saving|stockpiling|collecting|hoarding|storing) (?:up )?(?:my |the )?\w+",
        r"\bI(?:'ve| have) (?:got )?enough (?:pills|tablets|meds|paracetamol) to",
        r"\b(?:tonight|today|tomorrow)(?:'s| is| will be) the (?:night|day)",
        r"\bI(?:'ve| have) written (?:my|a|the) (?:suicide|goodbye|farewell) (?:note|letter)s?",
        r"\b(?:this is (?:my )?goodbye|goodbye,? (?:everyone|everybody|world))",
    ];
    re(&alternatives.join("|").replace("ACT", act))
});

/// Someone harming a person now: a present-tense abuse verb ("he hits me"), one marked as
/// continuing ("they still hit us", "he keeps hurting her"), a present passive ("my sister is
/// being abused") or a present threat ("he says he'll kill me").
static ONGOING_ABUSE: LazyLock<Regex> = LazyLock::new(|| {
    let subject = r"(?:he|she|they|(?:my|our|her|his|the) (?:\w+ )?(?:dad|father|stepdad|step-dad|mum|mother|stepmum|step-mum|partner|husband|wife|boyfriend|girlfriend|ex|brother|sister|uncle|aunt|carers?|son|grandad|neighbour|staff|nurses?|workers?|manager|teacher|coach|landlord))";
    let object = r"(?:me|us|him|her|them|(?:my|our|his|her|their|the) (?:\w+ )?(?:daughter|son|kids|children|child|baby|girls?|boys?|sister|brother|mum|mother|dad|father|nan|gran|grandma|grandad|wife|husband|partner|residents|patients))\b";
    let verb_s = r"(?:hits|beats|hurts|kicks|punches|slaps|chokes|strangles|burns|touches|rapes|abuses|assaults|locks up|starves|bullies|batters|molests|grooms|strikes)";
    let verb = r"(?:hit|beat|hurt|kick|punch|slap|choke|strangle|burn|touch|rape|abuse|assault|lock up|starve|bully|batter|molest|groom|strike)";
    let verb_ing = r"(?:hitting|beating|hurting|kicking|punching|slapping|choking|strangling|burning|touching|raping|abusing|assaulting|locking up|starving|bullying|battering|molesting|grooming)";
    let alternatives = [
        r"\bSUBJECT(?: (?:still|always|regularly|often|constantly|sometimes))? VERB_S OBJECT",
        r"\bSUBJECT (?:still|keeps?(?: on)?|won't stop|will not stop) (?:VERB_ING|VERB) OBJECT",
        r"\bSUBJECT(?: is|'s| are|'re)(?: still)? VERB_ING OBJECT",
        r"\b(?:is|are|am|'m|'s|'re)(?: still)? being (?:abused|hurt|hit|beaten|raped|touched|groomed|neglected|assaulted|bullied|starved|locked in|exploited|molested)",
        r"\bSUBJECT(?:'ll| will|'s going to| is going to| says (?:he|she)'ll| threatens to| keeps threatening to) (?:kill|hurt|hit|beat|rape) OBJECT",
    ];
    re(&alternatives
        .join("|")
        .replace("SUBJECT", subject)
        .replace("OBJECT", object)
        .replace("VERB_S", verb_s)
        .replace("VERB_ING", verb_ing)
        .replace("VERB", verb))
});

/// "It's still happening": ongoing only counts with abuse words in the same paragraph.
static STILL_HAPPENING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:it|this|the abuse|that)(?:'s| is) still (?:happening|going on)|(?:it|the abuse) (?:hasn't|has not|never) stopped|(?:it|this)(?:'s| is) happening (?:again|now|right now|every (?:day|night|week)))",
    )
});

static ABUSE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:abus\w*|hits?|hitting|hurts?|hurting|beat\w*|rap(?:e|ed|es|ing)|touch\w*|assault\w*|violen\w*|molest\w*|groom\w*|neglect\w*|kick\w*|punch\w*)\b",
    )
});

/// Words that put a sentence in the past or in someone's recollection, so a present-tense
/// phrase inside it is a memory being quoted ("I remember thinking I'm going to end it").
static DISTANCING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:used to|back then|at the time|years ago|(?:in|since|during) (?:19|20)\d\d|when I was|as a (?:child|kid|teenager)|I remember|remembered|I thought|I'd think|thinking|I wrote|I kept (?:saying|thinking)|was thinking|not saying|doesn't mean|don't mean)\b",
    )
});

/// Words that keep a sentence in the present even alongside a memory ("he still hits my
/// daughter, as he did me when I was a child").
static PRESENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:still|now|keeps?|every (?:day|night|week))\b"));

/// Signals that the text may describe an immediate risk to someone, for a human to look at first.
pub fn assess(text: &str) -> Vec<RiskSignal> {
    let mut signals = Vec::new();
    let sentences = Breaks::sentences(text);
    // Judged once per sentence and per paragraph: a long run of matches with no full stop
    // ("he hits me, he hits me, ...") would otherwise rescan the same sentence for every match.
    let mut distanced: HashMap<(usize, usize), bool> = HashMap::new();
    for (kind, pattern) in [
        (RiskKind::SuicidePlan, &*SUICIDE_PLAN),
        (RiskKind::OngoingAbuse, &*ONGOING_ABUSE),
    ] {
        for m in pattern.find_iter(text) {
            let (from, to) = sentences.around(m.start(), m.end());
            let is_distanced = *distanced
                .entry((from, to))
                .or_insert_with(|| is_distanced(&text[from..to]));
            if !is_distanced {
                signals.push(signal(text, kind, m.start(), m.end()));
            }
        }
    }
    let paragraphs = Breaks::paragraphs(text);
    let mut about_abuse: HashMap<(usize, usize), bool> = HashMap::new();
    for m in STILL_HAPPENING.find_iter(text) {
        let (from, to) = paragraphs.around(m.start(), m.end());
        let is_about_abuse = *about_abuse
            .entry((from, to))
            .or_insert_with(|| ABUSE_WORDS.is_match(&text[from..to]));
        if is_about_abuse {
            signals.push(signal(text, RiskKind::OngoingAbuse, m.start(), m.end()));
        }
    }
    signals.sort_by_key(|s| (s.start, s.end));
    signals.dedup_by(|later, earlier| later.start < earlier.end);
    signals
}

/// Whether `text` needs a human to look at it before anything else.
pub fn is_urgent(text: &str) -> bool {
    !assess(text).is_empty()
}

fn signal(text: &str, kind: RiskKind, start: usize, end: usize) -> RiskSignal {
    RiskSignal {
        kind,
        start,
        end,
        text: text[start..end].to_string(),
    }
}

fn is_distanced(sentence: &str) -> bool {
    DISTANCING.is_match(sentence) && !PRESENT.is_match(sentence)
}

/// Where the sentences or the paragraphs of a text break, found in one pass so that the
/// sentence around each match is a binary search away rather than a search outward through
/// the text, which was quadratic in a long text with many matches and few breaks.
struct Breaks {
    /// Byte offset of every break, ascending; breaks may overlap ("\n\n\n" holds two).
    at: Vec<usize>,
    /// Length in bytes of one break.
    width: usize,
    /// Length of the text.
    len: usize,
}

impl Breaks {
    /// Sentences end at a full stop, `!`, `?` or a line break; a colon or quotation mark does
    /// not end one, so a quoted memory stays with the words that introduce it.
    fn sentences(text: &str) -> Self {
        let at = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| matches!(b, b'.' | b'!' | b'?' | b'\n'))
            .map(|(i, _)| i)
            .collect();
        Breaks {
            at,
            width: 1,
            len: text.len(),
        }
    }

    /// Paragraphs end at a blank line.
    fn paragraphs(text: &str) -> Self {
        let at = text
            .as_bytes()
            .windows(2)
            .enumerate()
            .filter(|&(_, pair)| pair == b"\n\n")
            .map(|(i, _)| i)
            .collect();
        Breaks {
            at,
            width: 2,
            len: text.len(),
        }
    }

    /// The span holding `start..end`: from just after the last break that ends by `start` to
    /// the first break that begins at or after `end` (or the ends of the text).
    fn around(&self, start: usize, end: usize) -> (usize, usize) {
        let before = self.at.partition_point(|&b| b + self.width <= start);
        let from = before.checked_sub(1).map_or(0, |i| self.at[i] + self.width);
        let after = self.at.partition_point(|&b| b < end);
        let to = self.at.get(after).map_or(self.len, |&b| b);
        (from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUICIDE_PLANS: &[&str] = &[
        "I am going to end it tonight.",
        "I've decided to kill myself.",
        "This will be my last post on here.",
        "I have the pills saved up and I'm going to take them all.",
        "By the time you read this I'll be gone.",
        "I’m going to end my life this weekend, I can't do another tribunal.",
        "I have made up my mind to end it after my mum's birthday.",
        "I've been stockpiling my quetiapine for a month.",
        "Tonight's the night. I'm sorry.",
        "I've written my suicide note and put it in the drawer.",
        "If they section me again I will kill myself.",
        "I'm going to do it tomorrow when the flat is empty.",
        "I have enough paracetamol to do it.",
        "This is goodbye, thank you to everyone on the ward who tried.",
    ];

    const ONGOING_ABUSE: &[&str] = &[
        "He still hits my daughter when I'm not there.",
        "My carer hits me every day and I can't tell anyone.",
        "It's still happening and nobody believes me that he abuses her.",
        "My stepdad touches my little sister at night.",
        "The night staff keep hurting the residents.",
        "My sister is being abused by her husband and the care team know.",
        "She says he'll kill me if I tell the social worker.",
        "They still lock up the patients in the side room for hours.",
        "My partner beats me when he's been drinking.",
        "I'm still being hurt at home.",
        "Her boyfriend is hitting her kids again.",
        "He keeps threatening to hurt my son.",
    ];

    const NOT_URGENT: &[&str] = &[
        "In 2015 I tried to end my life.",
        "I used to self-harm every night.",
        "After my suicide attempt I was sectioned.",
        "Staff feared I would kill myself, so I was on 1:1.",
        "I was abused as a child.",
        "He used to hit me when I was small.",
        "I remember thinking, I'm going to end it tonight, and then the nurse knocked.",
        "Back then I had decided I would die before I was thirty.",
        "The psychiatrist asked whether I had a plan to kill myself.",
        "I told them I was going to kill myself and they sent me home.",
        "That was the last post I wrote before I was admitted in 2016.",
        "My dad hit me once and we never spoke of it again.",
        "The restraint hurt my shoulder for weeks.",
        "I'm going to end this story with something hopeful.",
        "It's still happening on wards across the country: people waiting days for a bed.",
        "The abuse stopped when I left home at sixteen.",
        "I felt like I was going to die of embarrassment at ward round.",
    ];

    #[test]
    fn stated_plans_to_end_ones_life_are_flagged() {
        for text in SUICIDE_PLANS {
            let signals = assess(text);
            assert!(
                signals.iter().any(|s| s.kind == RiskKind::SuicidePlan),
                "not flagged: {text}"
            );
        }
    }

    #[test]
    fn ongoing_abuse_is_flagged() {
        for text in ONGOING_ABUSE {
            let signals = assess(text);
            assert!(
                signals.iter().any(|s| s.kind == RiskKind::OngoingAbuse),
                "not flagged: {text}"
            );
        }
    }

    #[test]
    fn past_and_reflective_accounts_are_not_flagged() {
        for text in NOT_URGENT {
            assert!(!is_urgent(text), "flagged: {text}: {:?}", assess(text));
        }
    }

    #[test]
    fn signals_point_at_the_passage() {
        let text = "Thanks for reading. I am going to end it tonight.";
        let signals = assess(text);
        assert_eq!(signals.len(), 1);
        assert_eq!(signals[0].text, "I am going to end it");
        assert_eq!(&text[signals[0].start..signals[0].end], signals[0].text);
    }

    #[test]
    fn sentence_and_paragraph_spans_are_those_found_by_searching_outward() {
        // The spans as first written, searching outward from each match.
        fn sentence_outward(text: &str, start: usize, end: usize) -> (usize, usize) {
            let boundary = |c: char| matches!(c, '.' | '!' | '?' | '\n');
            let from = text[..start].rfind(boundary).map_or(0, |i| i + 1);
            let to = text[end..].find(boundary).map_or(text.len(), |i| end + i);
            (from, to)
        }
        fn paragraph_outward(text: &str, start: usize, end: usize) -> (usize, usize) {
            let from = text[..start].rfind("\n\n").map_or(0, |i| i + 2);
            let to = text[end..].find("\n\n").map_or(text.len(), |i| end + i);
            (from, to)
        }
        for text in [
            "",
            "no breaks at all",
            "a.b!c?d\ne",
            "\n\n\n",
            ".\n\n.\n\n\n\n",
            "He hits me.\n\nStill? Yes!\n\n\nit’s é🙂.\n",
        ] {
            let sentences = Breaks::sentences(text);
            let paragraphs = Breaks::paragraphs(text);
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &start in &cuts {
                for &end in cuts.iter().filter(|&&end| end >= start) {
                    assert_eq!(
                        sentences.around(start, end),
                        sentence_outward(text, start, end),
                        "sentence {start}..{end} of {text:?}"
                    );
                    assert_eq!(
                        paragraphs.around(start, end),
                        paragraph_outward(text, start, end),
                        "paragraph {start}..{end} of {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn each_sentence_is_judged_on_its_own_words() {
        let text = "I remember he hits me, he hits me. He hits me, he hits me.";
        let starts: Vec<usize> = assess(text).iter().map(|s| s.start).collect();
        assert_eq!(starts, vec![35, 47]);
    }

    #[test]
    fn every_match_in_one_long_sentence_shares_its_judgement() {
        let run = "he hits me, ".repeat(200);
        assert!(assess(&format!("{run}as he did when I was a child")).is_empty());
        assert_eq!(assess(&format!("{run}. When I was a child")).len(), 200);
    }

    #[test]
    fn still_happening_is_judged_by_its_own_paragraph() {
        let text = "The abuse, it's still happening.\n\n\
                    It's still happening on wards: people wait days for a bed.";
        let signals = assess(text);
        assert_eq!(signals.len(), 1);
        assert_eq!(signals[0].text, "it's still happening");
    }

    #[test]
    fn never_panics_on_unicode() {
        let text = "é’🙂 I’m going to end it ’s\n\nit’s still happening — he hits me 🙂";
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assess(&text[..cut]);
            assess(&text[cut..]);
        }
    }
}
