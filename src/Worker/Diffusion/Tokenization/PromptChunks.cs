namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// A prompt as the text encoder takes it: one or more chunks of 77 ids (BOS, up to 75 tokens, EOS, then the pad
/// token, as <see cref="ClipTokenizer.Frame"/> lays them out) with each position's attention weight (1 for
/// the special tokens). <see cref="TokenCount"/> counts the prompt's tokens before the cap; <see cref="DroppedText"/>
/// is the readable text of those beyond it, or null.
/// </summary>
public sealed record PromptChunks(int[][] Ids, float[][] Weights, int TokenCount, string? DroppedText)
{
    public int Count => Ids.Length;

    /// <summary>Whether any token carries a weight other than 1.</summary>
    public bool IsWeighted => Weights.Any(chunk => chunk.Any(w => w != 1f));
}
