-- wordcount: generate a 2,000,000-word text from a 400-word vocabulary with an
-- LCG, split it on " " and count the words in a map.
local function main()
  local syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "po",
                     "qua", "bel", "dor", "fin", "gar", "hul", "jen", "mor", "pex", "tan"}
  local vocab = {}
  for _, a in ipairs(syllables) do
    for _, b in ipairs(syllables) do
      vocab[#vocab + 1] = a .. b
    end
  end
  local vsize = #vocab

  local n = 2000000
  local words = {}
  local x = 7
  for _ = 1, n do
    x = (x * 1103515245 + 12345) % 2147483648
    words[#words + 1] = vocab[(x // 65536) % vsize + 1]
  end
  local text = table.concat(words, " ")

  local counts = {}
  local distinct = 0
  for w in string.gmatch(text, "[^ ]+") do
    local c = counts[w]
    if c == nil then
      distinct = distinct + 1
      c = 0
    end
    counts[w] = c + 1
  end

  -- Lua tables are unordered: sort the keys explicitly.
  local keys = {}
  for w in pairs(counts) do
    keys[#keys + 1] = w
  end
  table.sort(keys)

  local total = 0
  local weighted = 0
  local best, best_count = "", 0
  local worst, worst_count = "", n + 1
  for rank, w in ipairs(keys) do
    local c = counts[w]
    total = total + c
    weighted = weighted + rank * c
    if c > best_count then
      best, best_count = w, c
    end
    if c < worst_count then
      worst, worst_count = w, c
    end
  end
  print(string.format("text length = %d, words = %d, distinct = %d", #text, total, distinct))
  print(string.format("most common = %s (%d), least common = %s (%d)", best, best_count, worst, worst_count))
  print(string.format("weighted checksum = %d", weighted))
  for i = 1, 5 do
    local w = keys[i]
    print(string.format("%s: %d", w, counts[w]))
  end
end

main()
