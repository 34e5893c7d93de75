namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// One run of prompt text and the attention weight its brackets give it; <see cref="IsBreak"/> marks a <c>BREAK</c>
/// keyword, which starts a new 75-token chunk.
/// </summary>
public sealed record WeightedText(string Text, double Weight)
{
    public static WeightedText Break { get; } = new("BREAK", -1);

    /// <summary>The webui's test: the keyword's text with weight exactly -1 (inside brackets it is weighted text).</summary>
    public bool IsBreak => Text == Break.Text && Weight == Break.Weight;
}
