# wordcount: generate a 2,000,000-word text from a 400-word vocabulary with an
# LCG, split it on " " and count the words in a map.
def main():
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "po",
                 "qua", "bel", "dor", "fin", "gar", "hul", "jen", "mor", "pex", "tan"]
    vocab = []
    for a in syllables:
        for b in syllables:
            vocab.append(a + b)
    vsize = len(vocab)

    n = 2000000
    words = []
    x = 7
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        words.append(vocab[(x // 65536) % vsize])
    text = " ".join(words)

    counts = {}
    for w in text.split(" "):
        counts[w] = counts.get(w, 0) + 1

    total = 0
    weighted = 0
    rank = 0
    best = ""
    best_count = 0
    worst = ""
    worst_count = n + 1
    for w, c in sorted(counts.items()):
        total += c
        rank += 1
        weighted += rank * c
        if c > best_count:
            best = w
            best_count = c
        if c < worst_count:
            worst = w
            worst_count = c
    print(f"text length = {len(text)}, words = {total}, distinct = {len(counts)}")
    print(f"most common = {best} ({best_count}), least common = {worst} ({worst_count})")
    print(f"weighted checksum = {weighted}")
    keys = sorted(counts)
    for i in range(5):
        w = keys[i]
        print(f"{w}: {counts[w]}")


main()
