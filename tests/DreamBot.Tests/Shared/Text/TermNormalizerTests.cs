using DreamBot.Shared.Text;

namespace DreamBot.Tests.Shared.Text;

public sealed class TermNormalizerTests
{
    [Theory]
    [InlineData("Café", "cafe")]
    [InlineData("CAFE\u0301", "cafe")]
    [InlineData("Ærøskøbing  Straße", "aeroskobing strasse")]
    [InlineData("  Łódź   Żółć ", "lodz zolc")]
    [InlineData("naïve ŒUVRE", "naive oeuvre")]
    [InlineData("\uFF23\uFF21\uFF26\uFF25 \uFB01eld", "cafe field")]
    [InlineData("ca\u200Bf\u00ADe\u2060 \u202Eok", "cafe ok")]
    public void Normalize_LowerCasesStripsAccentsAndCollapsesSpaces(string text, string expected) =>
        Assert.Equal(expected, TermNormalizer.Normalize(text));

    [Theory]
    [InlineData("a red fox", "fox", true)]
    [InlineData("foxes", "fox", false)]
    [InlineData("a fox-like dog", "fox", true)]
    [InlineData("the red fox runs", "red fox", true)]
    [InlineData("bored fox", "red fox", false)]
    public void ContainsWords_MatchesWholeWordsOnly(string text, string term, bool expected) =>
        Assert.Equal(expected, TermNormalizer.ContainsWords(text, term));
}
