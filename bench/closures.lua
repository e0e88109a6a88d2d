-- closures: map / filter / reduce with closures over a 1,000,000-element array,
-- three rounds, each with a closure captured from a factory function.
local function map(t, f)
  local out = {}
  for i = 1, #t do
    out[i] = f(t[i])
  end
  return out
end

local function filter(t, f)
  local out = {}
  local n = 0
  for i = 1, #t do
    local v = t[i]
    if f(v) then
      n = n + 1
      out[n] = v
    end
  end
  return out
end

local function reduce(t, f, init)
  local acc = init
  for i = 1, #t do
    acc = f(acc, t[i])
  end
  return acc
end

local function make_adder(k)
  return function(x) return x + k end
end

local function main()
  local xs = {}
  for i = 0, 1000000 - 1 do
    xs[#xs + 1] = i
  end
  local total = 0
  local kept = 0
  for r = 0, 2 do
    local add = make_adder(r)
    local ys = filter(map(map(xs, function(x) return x * 3 end), add),
                      function(x) return x % 2 == 0 end)
    local s = reduce(ys, function(acc, x) return acc + x end, 0)
    print(string.format("round %d: kept = %d, sum = %d", r, #ys, s))
    total = total + s
    kept = kept + #ys
  end
  print(string.format("total = %d, kept = %d", total, kept))
end

main()
