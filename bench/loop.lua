-- loop: tight integer loop with arithmetic, % and a branch (10,000,000 iterations).
local function main()
  local n = 10000000
  local acc = 0
  local evens = 0
  for i = 0, n - 1 do
    acc = (acc + i * 7 + 3) % 1000003
    if acc % 2 == 0 then
      evens = evens + 1
    end
  end
  print(string.format("acc = %d, evens = %d", acc, evens))
end

main()
