# fib: naive doubly recursive Fibonacci (function-call overhead).
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    print(f"fib(34) = {fib(34)}")


main()
