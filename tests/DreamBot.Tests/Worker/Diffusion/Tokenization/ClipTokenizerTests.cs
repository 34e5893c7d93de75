using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Worker.Diffusion.Tokenization;

public sealed class ClipTokenizerTests
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.Load(
        Path.Combine(TestPaths.Clip, "vocab.json"), Path.Combine(TestPaths.Clip, "merges.txt")));

    [Fact]
    public void Encode_ReportsDroppedWords_WhenPromptExceeds75Tokens()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 75)) + " in the style of monet";

        var encoded = Tokenizer.Value.Encode(prompt);

        Assert.Equal(80, encoded.TokenCount);
        Assert.Equal("in the style of monet", encoded.DroppedText);
        Assert.Equal(77, encoded.InputIds.Length);
        Assert.Equal(49407, encoded.InputIds[76]);
    }

    [Fact]
    public void Encode_PadsWithEndOfText_AndDropsNothing_WhenPromptIsShort()
    {
        var encoded = Tokenizer.Value.Encode("a cat");

        Assert.Null(encoded.DroppedText);
        Assert.Equal(2, encoded.TokenCount);
        Assert.Equal(49406, encoded.InputIds[0]);
        Assert.All(encoded.InputIds[3..], id => Assert.Equal(49407, id));
    }

    [Fact]
    public void Decode_RoundTripsReadableText()
    {
        var ids = Tokenizer.Value.EncodeIds("Café au lait, 2 cups!");

        Assert.Equal("café au lait , 2 cups !", Tokenizer.Value.Decode(ids));
    }

    [Fact]
    public void Load_NamesTheFile_WhenVocabularyIsMissing()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory("clip"), "vocab.json");

        var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.Load(missing, Path.Combine(TestPaths.Clip, "merges.txt")));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamesTheFile_WhenMergesAreMalformed()
    {
        var merges = Path.Combine(TestPaths.NewTempDirectory("clip"), "merges.txt");
        File.WriteAllText(merges, "#version: 0.2\nonlyonesymbol\n");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(Path.Combine(TestPaths.Clip, "vocab.json"), merges));

        Assert.Contains(merges, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamesTheFile_WhenVocabularyIsNotJson()
    {
        var vocab = Path.Combine(TestPaths.NewTempDirectory("clip"), "vocab.json");
        File.WriteAllText(vocab, "not json");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(vocab, Path.Combine(TestPaths.Clip, "merges.txt")));

        Assert.Contains(vocab, error.Message, StringComparison.Ordinal);
    }
}
