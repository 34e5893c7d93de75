using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Worker.Diffusion.Tokenization;

/// <summary>Chunking as AUTOMATIC1111's sd_hijack_clip.tokenize_line does it, each chunk framed as CLIP frames a prompt.</summary>
public sealed class PromptChunkerTests
{
    private const int Bos = 49406;
    private const int Eos = 49407;

    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.Load(
        Path.Combine(TestPaths.Clip, "vocab.json"), Path.Combine(TestPaths.Clip, "merges.txt")));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(75, 1)]
    [InlineData(76, 2)]
    [InlineData(150, 2)]
    [InlineData(151, 3)]
    public void Chunk_Uses75TokensPerChunk(int words, int chunks)
    {
        var prompt = Chunk(Cats(words));

        Assert.Equal(chunks, prompt.Count);
        Assert.Equal(words, prompt.TokenCount);
        Assert.Null(prompt.DroppedText);
    }

    [Fact]
    public void Chunk_FramesEveryChunkWithItsOwnStartAndEnd_AndPadsTheLast()
    {
        var prompt = Chunk(Cats(80));

        Assert.All(prompt.Ids, ids => Assert.Equal((77, Bos), (ids.Length, ids[0])));
        Assert.Equal(Eos, prompt.Ids[0][76]);
        Assert.Equal(Eos, prompt.Ids[1][6]);
        Assert.All(prompt.Ids[1][7..], id => Assert.Equal(Tokenizer.Value.PadId, id));
        Assert.Equal(80, prompt.Ids.Sum(ids => ids.Count(id => id != Bos && id != Eos)));
    }

    [Theory]
    [InlineData("a lighthouse at dusk")]
    [InlineData("")]
    public void Chunk_FramesAShortPromptAsTheTokenizerDoes(string text)
    {
        var prompt = Chunk(text);

        Assert.Equal(Tokenizer.Value.Encode(text).InputIds, Assert.Single(prompt.Ids));
        Assert.False(prompt.IsWeighted);
    }

    [Fact]
    public void Chunk_GivesEachTokenItsRunsWeight_AndTheSpecialTokensOne()
    {
        var prompt = Chunk("a (red:1.5) fox");

        Assert.Equal([1f, 1f, 1.5f, 1f, 1f], prompt.Weights[0][..5]);
        Assert.True(prompt.IsWeighted);
    }

    [Fact]
    public void Chunk_StartsANewChunkAtBreak()
    {
        var prompt = Chunk("a cat BREAK a dog");

        Assert.Equal(2, prompt.Count);
        Assert.Equal(Tokenizer.Value.Encode("a cat").InputIds, prompt.Ids[0]);
        Assert.Equal(Tokenizer.Value.Encode("a dog").InputIds, prompt.Ids[1]);
    }

    [Fact]
    public void Chunk_DropsWhatIsBeyondTheCap_AndSaysWhat()
    {
        var prompt = Chunk(Cats(PromptChunker.MaxChunks * 75) + " in the style of monet");

        Assert.Equal(PromptChunker.MaxChunks, prompt.Count);
        Assert.Equal(PromptChunker.MaxChunks * 75 + 5, prompt.TokenCount);
        Assert.Equal("in the style of monet", prompt.DroppedText);
    }

    [Fact]
    public void PadTo_AddsEmptyChunks_SoBothPromptsHaveAsMany()
    {
        var negative = PromptChunker.PadTo(Tokenizer.Value, Chunk("blurry"), 3);

        Assert.Equal(3, negative.Count);
        Assert.Equal(Tokenizer.Value.Encode("").InputIds, negative.Ids[2]);
        Assert.All(negative.Weights[2], w => Assert.Equal(1f, w));
    }

    private static PromptChunks Chunk(string prompt) => PromptChunker.Chunk(Tokenizer.Value, PromptWeights.Parse(prompt));

    private static string Cats(int count) => string.Join(' ', Enumerable.Repeat("cat", count));
}
