namespace DreamBot.Worker.Diffusion.Tokenization;

internal static class FtfyFixer
{
    public static string FixText(string text) => HtmlUnescaper.FtfyUnescape(text).Normalize(System.Text.NormalizationForm.FormC);
}
