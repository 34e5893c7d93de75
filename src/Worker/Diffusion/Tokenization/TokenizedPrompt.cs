namespace DreamBot.Worker.Diffusion.Tokenization;

/// <summary>
/// A prompt in Stable Diffusion form: <see cref="InputIds"/> is always 77 ids (BOS, up to 75 tokens, EOS, then the
/// tokenizer's pad token). <see cref="TokenCount"/> counts the BPE tokens before truncation; <see cref="DroppedText"/> is the
/// readable text of the tokens that did not fit, or null.
/// </summary>
public sealed record TokenizedPrompt(int[] InputIds, int TokenCount, string? DroppedText);
