#!/usr/bin/env python3
"""Validate relevance_heldout11 and compute `other_words` mechanically.

other_words(q) = the relevant stories whose title + body contain none of the query's
content words (or their obvious inflections), as given by the regexes in CONTENT_WORDS.
Matching is case-insensitive. For the Boolean query with NOT, only the positive term counts.

Usage:
  python3 check.py           # validate, and report any drift between stored and computed other_words
  python3 check.py --write   # rewrite other_words in queries.json from the regexes, then validate
"""
import json
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORIES = HERE / "stories"
QUERIES = HERE / "queries.json"
TAXONOMY = HERE.parents[2] / "src" / "taxonomy.toml"

CONTENT_WORDS = {
    "q01": [r"restrain\w*"],
    "q02": [r"seclu\w*"],
    "q03": [r"stigma\w*"],
    "q04": [r"lonel\w*"],
    "q05": [r"\bhop(e|es|ed|eful|efully|eless|elessly|elessness|ing)\b"],
    "q06": [r"spiritual\w*"],
    "q07": [r"advoca\w*"],
    "q08": [r"\bECTs?\b"],
    "q09": [r"medicat\w*", r"\bside\b", r"\beffects?\b"],
    "q10": [r"medicat\w*", r"\berrors?\b"],
    "q11": [r"\b(coming|come|comes|came) off\b", r"medicat\w*"],
    "q12": [r"section\w*", r"\b136\b"],
    "q13": [r"\bCTOs?\b"],
    "q14": [r"tribunal\w*"],
    "q15": [r"section\w*", r"5\(2\)", r"\bholding\b", r"\bpowers?\b"],
    "q16": [r"section\w*", r"\b17\b", r"\bleave\b"],
    "q17": [r"\bAMHPs?\b"],
    "q18": [r"\bCAMHS\b", r"\bwait\w*", r"\blists?\b"],
    "q19": [r"\bEIP\b"],
    "q20": [r"\barea\b", r"\bplacements?\b"],
    "q21": [r"\bwards?\b", r"\brounds?\b"],
    "q22": [r"\bcare\b", r"co-?ordinat\w*"],
    "q23": [r"\bIAPT\b"],
    "q24": [r"recover\w*", r"college\w*"],
    "q25": [r"\brapid\w*", r"tranquil\w*"],
    "q26": [r"\bdepots?\b"],
    "q27": [r"\bPIP\b", r"assess\w*"],
    "q28": [r"benefit\w*", r"sanction\w*"],
    "q29": [r"\bnearest\b", r"\brelatives?\b"],
    "q30": [r"\bcarers?\b", r"confidential\w*"],
    "q31": [r"\bcrisis\b", r"\bcaf[eé]s?\b"],
    "q32": [r"\bhome\b", r"\btreatments?\b", r"\bteams?\b"],
    "q33": [r"\bpeers?\b", r"\bsupport\w*", r"\bworkers?\b"],
    "q34": [r"disclos\w*", r"\bemploy\w*"],
    "q35": [r"\bdual\b", r"diagnos\w*"],
    "q36": [r"diagnos\w*", r"overshadow\w*"],
    "q37": [r"epistem\w*", r"injustice\w*"],
    "q38": [r"trauma\w*", r"\binform\w*", r"\bcare\b"],
    "q39": [r"\b(re-?)?trauma\w*"],
    "q40": [r"personalit\w*", r"\bdisorders?\b", r"diagnos\w*"],
    "q41": [r"\bco-?produc\w*", r"\bproduc\w*"],
    "q42": [r"\bfacto\b", r"detain\w*", r"detention\w*"],
    "q43": [r"institution\w*", r"racis\w*"],
    "q44": [r"\bLGBT\w*", r"discriminat\w*"],
    "q45": [r"perinatal\w*"],
    "q46": [r"\bolder\b", r"\badults?\b"],
    "q47": [r"\beating\b", r"\bdisorders?\b", r"\btreat\w*"],
    "q48": [r"sexual\w*", r"\bsafe\w*", r"\bwards?\b"],
    "q49": [r"\bbor(ed|edom|ing)\b", r"\bwards?\b"],
    "q50": [r"\bpolice\w*", r"\bcrisis\b"],
    "q51": [r"suicid\w*", r"bereave\w*"],
    "q52": [r"homeless\w*", r"\bhousing\b"],
    "q53": [r"\bfix\w*", r"\breturn\w*"],
    "q54": [r"\bus and them\b"],
    "q55": [r"attention\w*", r"\bseek\w*"],
    "q56": [r"\bnobody\b", r"believ\w*"],
    "q57": [r"\bwait\w*", r"\bmonths?\b", r"\bhelp\w*"],
    "q58": [r"\btreat\w*", r"criminal\w*"],
    "q59": [r"\bpass(ed|es|ing)?\b", r"pillar\w*", r"\bpost\b"],
    "q60": [r"restrain\w*", r"racis\w*"],
    "q61": [r"self-?harm\w*", r"A&E"],
    "q62": [r"\bcarers?\b", r"section\w*", r"detain\w*"],
    "q63": [r"antidepress\w*", r"\bSSRIs?\b"],
    "q64": [r"\bCAMHS\b"],
    "q65": [r"seclu\w*", r"segregat\w*", r"autis\w*"],
    "q66": [r"\bhelp\w*", r"recover\w*", r"\bleav\w*", r"hospital\w*", r"\bpeople\b"],
    "q67": [r"famil\w*", r"\bcarers?\b", r"\bshut\w*", r"decision\w*", r"\bcare\b"],
    "q68": [r"interpret\w*", r"language\w*", r"barrier\w*"],
    "q69": [r"short-term", r"detention\w*", r"certificate\w*", r"scotland|scottish"],
    "q70": [r"clinician\w*", r"\blived\b", r"experienc\w*"],
    "q71": [r"observ\w*", r"\bobs\b"],
}


def parse_story(path):
    text = path.read_text(encoding="utf-8")
    parts = text.split("+++")
    if len(parts) < 3 or parts[0].strip():
        raise ValueError(f"{path.name}: front matter must be between +++ lines at the top")
    meta = tomllib.loads(parts[1])
    body = "+++".join(parts[2:]).strip()
    return meta, body


def main():
    write = "--write" in sys.argv
    errors = []
    tax = tomllib.loads(TAXONOMY.read_text(encoding="utf-8"))
    slugs = {
        "themes": {t["slug"] for t in tax["theme"]},
        "roles": {t["slug"] for t in tax["role"]},
        "settings": {t["slug"] for t in tax["setting"]},
        "content_warnings": {t["slug"] for t in tax["content_warning"]},
    }
    keys = ["title", "illustrative", "roles", "settings", "period", "themes",
            "content_warnings", "first_hand"]
    stories = {}
    for path in sorted(STORIES.glob("*.md")):
        meta, body = parse_story(path)
        if list(meta.keys()) != keys:
            errors.append(f"{path.name}: front matter keys {list(meta.keys())}")
        for field, allowed in slugs.items():
            for s in meta.get(field, []):
                if s not in allowed:
                    errors.append(f"{path.name}: unknown {field} slug {s!r}")
        if not 1 <= len(meta.get("themes", [])) <= 4:
            errors.append(f"{path.name}: needs 1-4 themes")
        if meta.get("illustrative") is not True:
            errors.append(f"{path.name}: illustrative must be true")
        if not re.fullmatch(r"(19|20)\d0s", meta.get("period", "")):
            errors.append(f"{path.name}: bad period")
        n = len(body.split())
        if not 120 <= n <= 260:
            errors.append(f"{path.name}: body has {n} words")
        stories[path.stem] = meta["title"] + "\n" + body
    if len(stories) != 160:
        errors.append(f"expected 160 stories, found {len(stories)}")
    for i in range(1, 161):
        if not any(s.startswith(f"{i:03d}-") for s in stories):
            errors.append(f"missing story number {i:03d}")

    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    drift = 0
    for q in queries:
        qid = q["id"]
        pats = [re.compile(p, re.I) for p in CONTENT_WORDS[qid]]
        rel = q["relevant"]
        if len(rel) < 4:
            errors.append(f"{qid}: fewer than 4 relevant")
        for stem, g in rel.items():
            if g not in (1, 2):
                errors.append(f"{qid}: grade {g} for {stem}")
        for field in ("relevant", "other_words", "hard_negatives"):
            for stem in q[field]:
                if stem not in stories:
                    errors.append(f"{qid}: {field} names unknown story {stem}")
        computed = sorted(s for s in rel if s in stories
                          and not any(p.search(stories[s]) for p in pats))
        if write:
            q["other_words"] = computed
        elif sorted(q["other_words"]) != computed:
            drift += 1
            errors.append(f"{qid}: stored other_words differ from computed")
        for s in q["hard_negatives"]:
            if s in rel:
                errors.append(f"{qid}: hard negative {s} is also relevant")
    if write:
        QUERIES.write_text(json.dumps(queries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    pairs = sum(len(q["relevant"]) for q in queries)
    g2 = sum(1 for q in queries for g in q["relevant"].values() if g == 2)
    ow = sum(len(q["other_words"]) for q in queries)
    hn = sum(len(q["hard_negatives"]) for q in queries)
    print(f"stories: {len(stories)}")
    print(f"queries: {len(queries)}")
    print(f"relevant pairs: {pairs} (grade 2: {g2}, grade 1: {pairs - g2}); "
          f"mean per query {pairs / len(queries):.2f}, min {min(len(q['relevant']) for q in queries)}")
    print(f"other-words pairs: {ow} ({100 * ow / pairs:.1f}% of relevant pairs)")
    print(f"hard negatives: {hn} (queries with any: {sum(1 for q in queries if q['hard_negatives'])})")
    first_hand_false = sum(1 for s in STORIES.glob('*.md') if parse_story(s)[0]['first_hand'] is False)
    print(f"first_hand = false stories: {first_hand_false}")
    if errors:
        print("\nERRORS:")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
