namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>One text's SDXL conditioning: embeddings [tokens, <paramref name="Width"/>] and the pooled text_embeds.</summary>
internal sealed record XlPrompt(float[] Embeddings, int Width, float[] Pooled)
{
    /// <summary>diffusers' <c>torch.zeros_like</c> of both, for an empty negative prompt under force_zeros_for_empty_prompt.</summary>
    public XlPrompt Zeros() => new(new float[Embeddings.Length], Width, new float[Pooled.Length]);
}
