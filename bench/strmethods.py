# strmethods: everyday string methods (lines, trim, split, to_upper, to_lower,
# replace, contains, starts_with, ends_with, join) over 300,000 generated lines.
def main():
    names = ["alpha", "Beta", "gamma", "DELTA", "epsilon", "Zeta", "eta", "theta"]
    kinds = ["red", "green", "blue", "cyan", "Magenta"]
    n = 300000
    raw = []
    x = 99
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        name = names[(x // 65536) % 8]
        kind = kinds[(x // 1024) % 5]
        raw.append("  " + name + " ; " + kind + "-" + str(x % 1000) + " ; tag" + str(i) + "  ")
    text = "\n".join(raw)

    eta = 0
    blue = 0
    sevens = 0
    total_len = 0
    out = []
    for line in text.split("\n"):
        t = line.strip()
        fields = t.split(";")
        name = fields[0].strip().upper()
        value = fields[1].strip().replace("-", ":")
        tag = fields[2].strip()
        if "ETA" in name:
            eta += 1
        if value.lower().startswith("blue") or value.startswith("cyan"):
            blue += 1
        if tag.endswith("7"):
            sevens += 1
        total_len += len(name) + len(value) + len(tag)
        out.append(name + "=" + value)
    report = "|".join(out)
    print(f"lines = {len(out)}, text length = {len(text)}, report length = {len(report)}")
    print(f"eta = {eta}, blue/cyan = {blue}, tags ending in 7 = {sevens}, total field length = {total_len}")
    print(f"first = {out[0]}, last = {out[n - 1]}")


main()
