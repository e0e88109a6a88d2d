# closures: map / filter / reduce with closures over a 1,000,000-element array,
# three rounds, each with a closure captured from a factory function.
from functools import reduce


def make_adder(k):
    return lambda x: x + k


def main():
    xs = list(range(1000000))
    total = 0
    kept = 0
    for r in range(3):
        add = make_adder(r)
        ys = list(filter(lambda x: x % 2 == 0, map(add, map(lambda x: x * 3, xs))))
        s = reduce(lambda acc, x: acc + x, ys, 0)
        print(f"round {r}: kept = {len(ys)}, sum = {s}")
        total += s
        kept += len(ys)
    print(f"total = {total}, kept = {kept}")


main()
