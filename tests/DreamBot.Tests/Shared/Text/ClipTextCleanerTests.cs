using DreamBot.Shared.Text;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Shared.Text;

/// <summary>Python semantics the SD 1.x tokenizer depends on and .NET does not share by default.</summary>
public sealed class ClipTextCleanerTests
{
    [Theory]
    [InlineData("\u0130STANBUL", "i\u0307stanbul")]
    [InlineData("\u039F\u0394\u039F\u03A3 \u03A3\u039F\u03A6\u039F\u03A3.", "\u03BF\u03B4\u03BF\u03C2 \u03C3\u03BF\u03C6\u03BF\u03C2.")]
    [InlineData("\u1E9E", "\u00DF")]
    [InlineData("  a\u00A0\u2003b\t\nc\u3000 ", "a b c")]
    [InlineData("fish &amp;amp; chips &copy2024 &#x1F600;", "fish & chips \u00A92024 \U0001F600")]
    [InlineData("Cafe\u0301 \uFB01ne \u201Cquoted\u201D", "caf\u00E9 fine \"quoted\"")]
    [InlineData("zero\u200Bwidth\u00ADsoft", "zero\u200Bwidth\u00ADsoft")]
    public void Clean_FollowsPythonLowerHtmlAndWhitespaceRules(string prompt, string expected)
    {
        Assert.Equal(expected, ClipTextCleaner.Clean(prompt));
    }

    [Theory]
    [InlineData("it's \u017F'\u017F", new[] { "it", "'s", "\u017F", "'\u017F" })]
    [InlineData("\U0001D400\U0001D401 x\U0001D7CF", new[] { "\U0001D400\U0001D401", "x", "\U0001D7CF" })]
    [InlineData("ll\u0345io", new[] { "ll", "io" })]
    [InlineData("a(<|endoftext|>b", new[] { "a", "(<|", "endoftext", "|>", "b" })]
    [InlineData("a <|endoftext|>b", new[] { "a", "<|endoftext|>", "b" })]
    [InlineData("12ab!?", new[] { "1", "2", "ab", "!?" })]
    public void Split_MatchesClipRegexFindall(string cleaned, string[] expected)
    {
        Assert.Equal(expected, ClipPreTokenizer.Split(cleaned));
    }
}
