# sort: fill an array with 1,000,000 LCG integers, sort it, checksum it.
def main():
    n = 1000000
    xs = []
    x = 42
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        xs.append(x)
    s = sorted(xs)
    total = 0
    i = 0
    while i < n:
        total += s[i]
        i += 1000
    print(f"first = {s[0]}, middle = {s[n // 2]}, last = {s[n - 1]}")
    print(f"sum of every 1000th = {total}, unsorted[0] = {xs[0]}")


main()
