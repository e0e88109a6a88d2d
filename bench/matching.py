# matching: match-heavy code. Part 1 is a tiny stack-machine interpreter that
# dispatches ~3.4 million instructions through `match`; part 2 is a tokenizer
# state machine matching (state, integer class) tuples, 1,000,000 steps.
def run(code, n):
    stack = []
    regs = [0] * 4
    regs[2] = n
    pc = 0
    steps = 0
    while True:
        op, arg = code[pc]
        pc += 1
        steps += 1
        match op:
            case "push":
                stack.append(arg)
            case "load":
                stack.append(regs[arg])
            case "store":
                regs[arg] = stack.pop()
            case "add":
                b = stack.pop()
                a = stack.pop()
                stack.append(a + b)
            case "mul":
                b = stack.pop()
                a = stack.pop()
                stack.append(a * b)
            case "mod":
                b = stack.pop()
                a = stack.pop()
                stack.append(a % b)
            case "lt":
                b = stack.pop()
                a = stack.pop()
                stack.append(1 if a < b else 0)
            case "jz":
                if stack.pop() == 0:
                    pc = arg
            case "jmp":
                pc = arg
            case "halt":
                break
    return regs[1], steps


def tokenize(length):
    kind = "idle"
    k = 0
    words = 0
    numbers = 0
    digits = 0
    longest = 0
    bad = 0
    x = 2024
    for _ in range(length):
        x = (x * 1103515245 + 12345) % 2147483648
        c = (x // 65536) % 10
        match (kind, c):
            case ("idle", 0 | 1 | 2 | 3 | 4 | 5):
                kind, k = "word", 1
            case ("idle", 6 | 7 | 8):
                kind, k = "number", 1
            case ("idle", _):
                pass
            case ("word", 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8):
                k += 1
            case ("word", _):
                words += 1
                longest = max(longest, k)
                kind = "idle"
            case ("number", 6 | 7 | 8):
                k += 1
            case ("number", 0 | 1 | 2 | 3 | 4 | 5):
                bad += 1
                kind, k = "word", k + 1
            case ("number", _):
                numbers += 1
                digits += k
                kind = "idle"
    return [words, numbers, digits, longest, bad]


def main():
    # acc = 0; i = 0; while i < n: acc = (acc + i * i) % 1000003; i += 1
    code = [
        ("push", 0), ("store", 0),                                # 0: i = 0
        ("push", 0), ("store", 1),                                # 2: acc = 0
        ("load", 0), ("load", 2), ("lt", 0), ("jz", 21),          # 4: if !(i < n) goto 21
        ("load", 1), ("load", 0), ("load", 0), ("mul", 0), ("add", 0),
        ("push", 1000003), ("mod", 0), ("store", 1),              # 8: acc = (acc + i*i) % 1000003
        ("load", 0), ("push", 1), ("add", 0), ("store", 0),       # 16: i += 1
        ("jmp", 4),                                               # 20: loop
        ("halt", 0),                                              # 21
    ]
    acc, steps = run(code, 200000)
    print(f"vm: acc = {acc}, instructions = {steps}")
    t = tokenize(1000000)
    print(f"tokens: words = {t[0]}, numbers = {t[1]}, digits = {t[2]}, longest = {t[3]}, bad = {t[4]}")


main()
