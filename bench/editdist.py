# editdist: Levenshtein distance between two generated 1,500-character strings: a 2-D
# table updated cell by cell from its neighbours, both strings read by character index.
def gen(n, seed):
    letters = "acgt"
    x = seed
    parts = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        parts.append(letters[(x // 65536) % 4])
    return "".join(parts)


def main():
    n = 1500
    a = gen(n, 7)
    b = gen(n, 11)
    dp = [[0] * (n + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dp[i][0] = i
    for j in range(n + 1):
        dp[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            dp[i][j] = min(min(dp[i - 1][j] + 1, dp[i][j - 1] + 1), dp[i - 1][j - 1] + cost)
    total = 0
    for j in range(n + 1):
        total += dp[n][j] * (j % 7 + 1)
    print(f"edit distance = {dp[n][n]}, checksum = {total}")


main()
