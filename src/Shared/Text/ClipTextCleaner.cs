namespace DreamBot.Shared.Text;

/// <summary>
/// The text CLIP's simple_tokenizer hands to its word splitter:
/// <c>whitespace_clean(basic_clean(text)).lower()</c>, with basic_clean = ftfy.fix_text, html.unescape twice, strip.
/// </summary>
public static class ClipTextCleaner
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fixedText = FtfyFixer.FixText(text);
        var unescaped = PythonText.Strip(HtmlUnescaper.Unescape(HtmlUnescaper.Unescape(fixedText)));
        return PythonText.Lower(PythonText.CollapseWhiteSpace(unescaped));
    }
}
