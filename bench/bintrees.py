# bintrees: allocate and walk many binary trees built from tuples
# (benchmarks-game binary-trees shape, max depth 15). None is a leaf.
def make(depth):
    if depth == 0:
        return (None, 0, None)
    return (make(depth - 1), depth, make(depth - 1))


def check(t):
    if t is None:
        return 0
    left, v, right = t
    return 1 + v % 3 + check(left) + check(right)


def main():
    min_depth = 4
    max_depth = 15
    stretch = max_depth + 1
    print(f"stretch tree of depth {stretch} check: {check(make(stretch))}")
    long_lived = make(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + min_depth)
        total = 0
        for _ in range(iterations):
            total += check(make(depth))
        print(f"{iterations} trees of depth {depth} check: {total}")
        depth += 2
    print(f"long lived tree of depth {max_depth} check: {check(long_lived)}")


main()
