using DreamBot.Shared.Text;

namespace DreamBot.Tests.Shared.Text;

/// <summary>Behaviours documented by ftfy 6.3.1 itself, which CLIP's cleaning runs first.</summary>
public sealed class FtfyFixerTests
{
    [Theory]
    [InlineData("\u00E2\u0153\u201D No problems", "\u2714 No problems")]
    [InlineData("&macr;\\_(\u00E3\u0083\u0084)_/&macr;", "\u00AF\\_(\u30C4)_/\u00AF")]
    [InlineData("\uFF2C\uFF2F\uFF35\uFF24\u3000\uFF2E\uFF2F\uFF29\uFF33\uFF25\uFF33", "LOUD NOISES")]
    [InlineData("s\u00C3\u00B3", "s\u00F3")]
    [InlineData("voil\u00C3 le travail", "voil\u00E0 le travail")]
    [InlineData("sch\u00C3\u00B6n", "sch\u00F6n")]
    [InlineData("This \u00E2\u20AC\u201D should be an em dash", "This \u2014 should be an em dash")]
    [InlineData("\u0001\u001B[36;44mI&#x92;m blue, da ba dee da ba doo&#133;\u001B[0m", "I'm blue, da ba dee da ba doo\u2026")]
    [InlineData("\uFB02u\uFB03e\uFB06", "fluffiest")]
    [InlineData("\u201Chere\u2019s a test\u201D", "\"here's a test\"")]
    [InlineData("line\r\nbreaks\u2028here", "line\nbreaks\nhere")]
    [InlineData("\uFEFFParty like\nit&rsquo;s 1999!", "Party like\nit's 1999!")]
    [InlineData("P&EACUTE;REZ &ntilde; &Ntilde; &NTILDE; &nTILDE;", "P\u00C9REZ \u00F1 \u00D1 \u00D1 &nTILDE;")]
    [InlineData("BUNDESSTRA&SZLIG;E", "BUNDESSTRASSE")]
    [InlineData("&lt;tag&gt;", "<tag>")]
    [InlineData("<em>HTML entities &lt;3</em>", "<em>HTML entities &lt;3</em>")]
    [InlineData("e\u0301t\u00E9", "\u00E9t\u00E9")]
    [InlineData("\u212B \u1100\u1161\u11A8 a\u0323\u0302 \u0915\u093C", "\u00C5 \uAC01 \u1EAD \u0915\u093C")]
    [InlineData("Hi guys \u00ED\u00A0\u00BD\u00ED\u00B8\u008D", "Hi guys \U0001F60D")]
    [InlineData("\u0420 \u0421\u2014\u0420\u040E\u0420\u201A\u0420 \u0421\u2018\u0420\u040E\u0420\u040F\u0420\u040E\u0432\u0402\u0459\u0420 \u0420\u2026\u0420 \u0421\u2022\u0420\u040E\u0420\u0453\u0420\u040E\u0432\u0402\u0459\u0420 \u0421\u2018. \u0420\u0406\u0421\u045A\u0412\u00A4", "\u043F\u0440\u0438\u044F\u0442\u043D\u043E\u0441\u0442\u0438. \u2764")]
    [InlineData("#\u2568\u2510\u2564\u00C7\u2568\u2591", "#\u043F\u0440\u0430")]
    [InlineData("The Mona Lisa doesn\u00C3\u0192\u00C2\u00A2\u00C3\u00A2\u00E2\u20AC\u0161\u00C2\u00AC\u00C3\u00A2\u00E2\u20AC\u017E\u00C2\u00A2t", "The Mona Lisa doesn't")]
    [InlineData("\u00E2\u20AC\u0153lossy decoding\u00E2\u20AC\uFFFD", "\"lossy decoding\uFFFD")]
    [InlineData("com especial aten\u00C3\u00A7\u00C3\u00A3o \u00C3 s crian\u00C3\u00A7as", "com especial aten\u00E7\u00E3o \u00E0s crian\u00E7as")]
    [InlineData("parl\u00E9\u0085 Tu sais", "parl\u00E9\u2026 Tu sais")]
    public void FixText_MatchesFtfyDocumentedBehaviour(string input, string expected)
    {
        Assert.Equal(expected, FtfyFixer.FixText(input));
    }

    [Theory]
    [InlineData("This text is fine already :\u00FE")]
    [InlineData("not such a fan of Charlotte Bront\u00EB\u2026\"")]
    [InlineData("caf\u00E9 cr\u00E8me br\u00FBl\u00E9e")]
    [InlineData("\u041F\u0440\u0438\u0432\u0435\u0442 \u043C\u0438\u0440")]
    [InlineData("a cat \u732B in tokyo \u6771\u4EAC \U0001F436")]
    [InlineData("Bremer/Mccoy \u2013 Dr\u00C3\u00A5ber")]
    [InlineData("NESTL\u00C9\u00AE requiere contratar personal")]
    [InlineData("Offering 5\u00D7\u00A335 pin ups")]
    [InlineData("\u251C\u2524a\u253C\u2510a\u253C\u2510a")]
    [InlineData("C O N C L U S \u00C3 O")]
    public void FixText_LeavesGoodTextAlone(string text)
    {
        Assert.Equal(text, FtfyFixer.FixText(text));
    }
}
