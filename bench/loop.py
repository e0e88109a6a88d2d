# loop: tight integer loop with arithmetic, % and a branch (10,000,000 iterations).
def main():
    n = 10000000
    acc = 0
    evens = 0
    for i in range(n):
        acc = (acc + i * 7 + 3) % 1000003
        if acc % 2 == 0:
            evens += 1
    print(f"acc = {acc}, evens = {evens}")


main()
