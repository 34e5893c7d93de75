namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>Applies BPE merges by rank (lowest first) until no adjacent pair has one, as CLIP's <c>bpe()</c> does.</summary>
internal sealed class BpeMerger(Dictionary<(string Left, string Right), int> ranks)
{
    public int Count => ranks.Count;

    public static BpeMerger Load(string mergesPath)
    {
        if (!File.Exists(mergesPath))
            throw new FileNotFoundException($"CLIP merges not found: {mergesPath}", mergesPath);
        var ranks = new Dictionary<(string, string), int>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(mergesPath))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
                continue;
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new InvalidDataException($"{mergesPath}:{lineNumber}: expected two space-separated symbols, got '{line}'.");
            ranks.TryAdd((parts[0], parts[1]), ranks.Count);
        }
        if (ranks.Count == 0)
            throw new InvalidDataException($"{mergesPath}: no merges found.");
        return new BpeMerger(ranks);
    }

    public List<string> Merge(IReadOnlyList<string> symbols)
    {
        var word = new List<string>(symbols);
        while (word.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < word.Count - 1; i++)
            {
                if (ranks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0)
                break;
            var (left, right) = (word[best], word[best + 1]);
            var merged = new List<string>(word.Count);
            for (var i = 0; i < word.Count; i++)
            {
                if (i < word.Count - 1 && word[i] == left && word[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else
                {
                    merged.Add(word[i]);
                }
            }
            word = merged;
        }
        return word;
    }
}
