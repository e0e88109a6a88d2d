-- matching: match-heavy code. Part 1 is a tiny stack-machine interpreter that
-- dispatches ~3.4 million instructions through an if/elseif chain; part 2 is a
-- tokenizer state machine over (state, integer class), 1,000,000 steps.
-- (Lua has no `match`: if/elseif chains on interned strings are the idiom.)
local function run(code, n)
  local stack = {}
  local sp = 0
  local regs = {0, 0, 0, 0}
  regs[3] = n
  local pc = 0
  local steps = 0
  while true do
    local ins = code[pc + 1]
    local op, arg = ins[1], ins[2]
    pc = pc + 1
    steps = steps + 1
    if op == "push" then
      sp = sp + 1; stack[sp] = arg
    elseif op == "load" then
      sp = sp + 1; stack[sp] = regs[arg + 1]
    elseif op == "store" then
      regs[arg + 1] = stack[sp]; sp = sp - 1
    elseif op == "add" then
      local b = stack[sp]; sp = sp - 1
      stack[sp] = stack[sp] + b
    elseif op == "mul" then
      local b = stack[sp]; sp = sp - 1
      stack[sp] = stack[sp] * b
    elseif op == "mod" then
      local b = stack[sp]; sp = sp - 1
      stack[sp] = stack[sp] % b
    elseif op == "lt" then
      local b = stack[sp]; sp = sp - 1
      stack[sp] = (stack[sp] < b) and 1 or 0
    elseif op == "jz" then
      local v = stack[sp]; sp = sp - 1
      if v == 0 then
        pc = arg
      end
    elseif op == "jmp" then
      pc = arg
    elseif op == "halt" then
      break
    end
  end
  return regs[2], steps
end

local function tokenize(len)
  local kind, k = "idle", 0
  local words, numbers, digits, longest, bad = 0, 0, 0, 0, 0
  local x = 2024
  for _ = 1, len do
    x = (x * 1103515245 + 12345) % 2147483648
    local c = (x // 65536) % 10
    if kind == "idle" then
      if c <= 5 then
        kind, k = "word", 1
      elseif c <= 8 then
        kind, k = "number", 1
      end
    elseif kind == "word" then
      if c <= 8 then
        k = k + 1
      else
        words = words + 1
        longest = math.max(longest, k)
        kind = "idle"
      end
    else -- number
      if c >= 6 and c <= 8 then
        k = k + 1
      elseif c <= 5 then
        bad = bad + 1
        kind, k = "word", k + 1
      else
        numbers = numbers + 1
        digits = digits + k
        kind = "idle"
      end
    end
  end
  return {words, numbers, digits, longest, bad}
end

local function main()
  -- acc = 0; i = 0; while i < n: acc = (acc + i * i) % 1000003; i += 1
  local code = {
    {"push", 0}, {"store", 0},                                  -- 0: i = 0
    {"push", 0}, {"store", 1},                                  -- 2: acc = 0
    {"load", 0}, {"load", 2}, {"lt", 0}, {"jz", 21},            -- 4: if !(i < n) goto 21
    {"load", 1}, {"load", 0}, {"load", 0}, {"mul", 0}, {"add", 0},
    {"push", 1000003}, {"mod", 0}, {"store", 1},                -- 8: acc = (acc + i*i) % 1000003
    {"load", 0}, {"push", 1}, {"add", 0}, {"store", 0},         -- 16: i += 1
    {"jmp", 4},                                                 -- 20: loop
    {"halt", 0},                                                -- 21
  }
  local acc, steps = run(code, 200000)
  print(string.format("vm: acc = %d, instructions = %d", acc, steps))
  local t = tokenize(1000000)
  print(string.format("tokens: words = %d, numbers = %d, digits = %d, longest = %d, bad = %d",
                      t[1], t[2], t[3], t[4], t[5]))
end

main()
