using System.Text;
using System.Text.Json;
using DreamBot.Shared.Text;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Worker.Diffusion.Tokenization;

/// <summary>Every case of golden/clip_tokens.json, produced by openai/CLIP's simple_tokenizer with ftfy.</summary>
public sealed class ClipTokenizerGoldenTests
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.Load(
        Path.Combine(TestPaths.Clip, "vocab.json"), Path.Combine(TestPaths.Clip, "merges.txt")));

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var golden in LoadCases())
            data.Add(golden.GetProperty("id").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Clean_MatchesSimpleTokenizerText(string caseId)
    {
        var golden = FindCase(caseId);
        var prompt = golden.GetProperty("prompt").GetString()!;
        Assert.Equal(golden.GetProperty("prompt_utf8_hex").GetString(), Convert.ToHexStringLower(Encoding.UTF8.GetBytes(prompt)));

        Assert.Equal(golden.GetProperty("cleaned_text").GetString(), ClipTextCleaner.Clean(prompt));
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void EncodeIds_MatchesSimpleTokenizerIds(string caseId)
    {
        var golden = FindCase(caseId);

        var ids = Tokenizer.Value.EncodeIds(golden.GetProperty("prompt").GetString()!);

        Assert.Equal(Ints(golden.GetProperty("ids")), ids);
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Encode_GivesPipelineInputIds(string caseId)
    {
        var golden = FindCase(caseId);

        var encoded = Tokenizer.Value.Encode(golden.GetProperty("prompt").GetString()!);

        Assert.Equal(Ints(golden.GetProperty("input_ids")), encoded.InputIds);
        Assert.Equal(golden.GetProperty("num_ids").GetInt32(), encoded.TokenCount);
        Assert.Equal(golden.GetProperty("truncated").GetBoolean(), encoded.DroppedText is not null);
    }

    private static JsonElement FindCase(string caseId) =>
        LoadCases().Single(c => c.GetProperty("id").GetString() == caseId);

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static List<JsonElement> LoadCases()
    {
        var path = Path.Combine(TestPaths.Golden, "clip_tokens.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal("clip-token-golden/v1", document.RootElement.GetProperty("schema").GetString());
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }
}
