# strings: build 2,000,000 small strings, push them into an array, join with ",",
# then split the big string back apart.
def main():
    n = 2000000
    parts = []
    total = 0
    for i in range(n):
        s = f"item{i}"
        total += len(s)
        parts.append(s)
    joined = ",".join(parts)
    back = joined.split(",")
    print(f"parts = {len(parts)}, joined length = {len(joined)}, sum of lengths = {total}")
    print(f"parts[1234567] = {parts[1234567]}, last = {parts[n - 1]}")
    print(f"split back = {len(back)}, back[777777] = {back[777777]}")
    starts = "true" if joined.startswith("item0,item1,item2,") else "false"
    ends = "true" if joined.endswith(",item1999999") else "false"
    print(f"starts ok = {starts}, ends ok = {ends}")


main()
