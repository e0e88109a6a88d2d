-- editdist: Levenshtein distance between two generated 1,500-character strings: a 2-D
-- table updated cell by cell from its neighbours, both strings read by character index.
local function gen(n, seed)
    local letters = "acgt"
    local x = seed
    local parts = {}
    for _ = 1, n do
        x = (x * 1103515245 + 12345) % 2147483648
        local k = (x // 65536) % 4 + 1
        parts[#parts + 1] = letters:sub(k, k)
    end
    return table.concat(parts)
end

local function main()
    local n = 1500
    local a = gen(n, 7)
    local b = gen(n, 11)
    local dp = {}
    for i = 0, n do
        local row = {}
        for j = 0, n do row[j] = 0 end
        dp[i] = row
    end
    for i = 0, n do dp[i][0] = i end
    for j = 0, n do dp[0][j] = j end
    for i = 1, n do
        for j = 1, n do
            local cost = 1
            if a:sub(i, i) == b:sub(j, j) then cost = 0 end
            dp[i][j] = math.min(math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1), dp[i - 1][j - 1] + cost)
        end
    end
    local sum = 0
    for j = 0, n do sum = sum + dp[n][j] * (j % 7 + 1) end
    print(string.format("edit distance = %d, checksum = %d", dp[n][n], sum))
end

main()
