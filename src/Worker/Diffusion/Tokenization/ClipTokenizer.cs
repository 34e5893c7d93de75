using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using DreamBot.Shared.Text;

namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer, as used by Stable Diffusion 1.x), loaded from the
/// diffusers <c>tokenizer/vocab.json</c> and <c>tokenizer/merges.txt</c>. Thread-safe.
/// </summary>
public sealed class ClipTokenizer
{
    public const int MaxLength = 77;
    public const int MaxPromptTokens = MaxLength - 2;
    private const string EndOfWord = "</w>";
    private const int MaxCachedWords = 20_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<int, string> _decoder;
    private readonly BpeMerger _merger;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    private ClipTokenizer(Dictionary<string, int> vocab, BpeMerger merger, string vocabPath, ClipSpecialTokens special)
    {
        _vocab = vocab;
        _merger = merger;
        _decoder = vocab.ToDictionary(p => p.Value, p => p.Key);
        StartOfTextId = RequireId(special.Bos, vocabPath);
        EndOfTextId = RequireId(special.Eos, vocabPath);
        PadId = RequireId(special.Pad, vocabPath);
    }

    public int StartOfTextId { get; }

    public int EndOfTextId { get; }

    /// <summary>Fills the positions after the end token: <c>&lt;|endoftext|&gt;</c> for SD 1.x, <c>!</c> (id 0) for SD 2.x.</summary>
    public int PadId { get; }

    /// <param name="special">The tokenizer folder's special tokens; null for CLIP's own (SD 1.x).</param>
    public static ClipTokenizer Load(string vocabJsonPath, string mergesPath, ClipSpecialTokens? special = null)
    {
        ArgumentNullException.ThrowIfNull(vocabJsonPath);
        ArgumentNullException.ThrowIfNull(mergesPath);
        var vocab = ReadVocab(vocabJsonPath);
        var merger = BpeMerger.Load(mergesPath);
        return new ClipTokenizer(vocab, merger, vocabJsonPath, special ?? ClipSpecialTokens.Default);
    }

    public TokenizedPrompt Encode(string prompt)
    {
        var ids = EncodeIds(prompt);
        var kept = Math.Min(ids.Count, MaxPromptTokens);
        var dropped = ids.Count > kept ? Decode(ids.Skip(kept)) : null;
        return new TokenizedPrompt(Frame([.. ids.Take(kept)]), ids.Count, string.IsNullOrEmpty(dropped) ? null : dropped);
    }

    /// <summary>BOS, <paramref name="tokens"/> (at most 75), EOS, then the pad token: 77 ids, one prompt or chunk.</summary>
    public int[] Frame(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokens.Count, MaxPromptTokens);
        var inputIds = new int[MaxLength];
        Array.Fill(inputIds, PadId);
        inputIds[0] = StartOfTextId;
        for (var i = 0; i < tokens.Count; i++)
            inputIds[i + 1] = tokens[i];
        inputIds[tokens.Count + 1] = EndOfTextId;
        return inputIds;
    }

    /// <summary>simple_tokenizer's <c>encode</c>: raw BPE ids without BOS/EOS, never truncated.</summary>
    public IReadOnlyList<int> EncodeIds(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var ids = new List<int>();
        foreach (var word in ClipPreTokenizer.Split(ClipTextCleaner.Clean(prompt)))
            ids.AddRange(EncodeWord(word));
        return ids;
    }

    /// <summary>simple_tokenizer's <c>decode</c>: end-of-word markers become spaces.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var symbols = new StringBuilder();
        foreach (var id in ids)
            symbols.Append(_decoder.TryGetValue(id, out var token) ? token : "");
        var bytes = new List<byte>(symbols.Length);
        var text = symbols.ToString();
        for (var i = 0; i < text.Length; i++)
        {
            if (string.CompareOrdinal(text, i, EndOfWord, 0, EndOfWord.Length) == 0)
            {
                bytes.Add((byte)' ');
                i += EndOfWord.Length - 1;
            }
            else if (ByteLevelAlphabet.CharToByte.TryGetValue(text[i], out var b))
            {
                bytes.Add(b);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray()).Trim();
    }

    private int[] EncodeWord(string word)
    {
        if (_cache.TryGetValue(word, out var cached))
            return cached;
        int[] ids;
        if (word is ClipPreTokenizer.StartOfText or ClipPreTokenizer.EndOfText && _vocab.TryGetValue(word, out var special))
        {
            ids = [special];
        }
        else
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            var symbols = new string[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
                symbols[i] = ByteLevelAlphabet.ByteToChar[bytes[i]].ToString();
            symbols[^1] += EndOfWord;
            ids = _merger.Merge(symbols).Select(LookUp).ToArray();
        }
        if (_cache.Count >= MaxCachedWords)
            _cache.Clear();
        _cache[word] = ids;
        return ids;
    }

    // Every merge result and every byte symbol is in a consistent vocabulary; a miss means mismatched files.
    private int LookUp(string token) =>
        _vocab.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"BPE produced '{token}', which the vocabulary does not contain: vocab.json and merges.txt do not belong together.");

    private int RequireId(string token, string vocabPath) =>
        _vocab.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"{vocabPath}: the vocabulary has no '{token}' entry.");

    private static Dictionary<string, int> ReadVocab(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"CLIP vocabulary not found: {path}", path);
        try
        {
            using var stream = File.OpenRead(path);
            var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(stream);
            if (vocab is null || vocab.Count < 512)
                throw new InvalidDataException($"{path}: expected a JSON object of at least 512 token -> id entries.");
            return new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a token -> id JSON object ({e.Message}).", e);
        }
    }
}
