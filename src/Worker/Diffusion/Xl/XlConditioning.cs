namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>
/// SDXL's UNet conditioning assembled as diffusers' pipelines/stable_diffusion_xl/pipeline_stable_diffusion_xl.py does:
/// <c>encode_prompt</c> (each encoder's <c>hidden_states[-2]</c> concatenated on the feature axis, text_encoder first;
/// the pooled output from text_encoder_2; zeros for an absent negative prompt when <c>force_zeros_for_empty_prompt</c>)
/// and <c>_get_add_time_ids</c> (original size, crop top-left, target size).
/// </summary>
internal static class XlConditioning
{
    /// <summary>One text's prompt embeddings [tokens, first + second width]: each token's features from encoder 1, then encoder 2.</summary>
    public static XlPrompt Prompt(XlTextFeatures first, XlTextFeatures second)
    {
        var tokens = first.Hidden.Length / first.Width;
        if (second.Hidden.Length / second.Width != tokens)
            throw new InvalidOperationException($"The text encoders returned {tokens} and {second.Hidden.Length / second.Width} tokens");
        var width = first.Width + second.Width;
        var embeddings = new float[tokens * width];
        for (var t = 0; t < tokens; t++)
        {
            first.Hidden.AsSpan(t * first.Width, first.Width).CopyTo(embeddings.AsSpan(t * width));
            second.Hidden.AsSpan(t * second.Width, second.Width).CopyTo(embeddings.AsSpan(t * width + first.Width));
        }
        return new XlPrompt(embeddings, width, second.Pooled);
    }

    /// <summary>
    /// <c>add_time_ids = original_size + crops_coords_top_left + target_size</c> with the pipeline's defaults: both sizes
    /// the requested (height, width), crop (0, 0). Both guidance branches get the same ids.
    /// </summary>
    public static float[] TimeIds(int height, int width) => [height, width, 0, 0, height, width];

    /// <summary>
    /// The UNet's batch: [negative x count | prompt x count] with guidance (<paramref name="negative"/> given), else
    /// [prompt x count], the order the denoising loop splits the prediction in.
    /// </summary>
    public static XlUNetInputs Batch(XlPrompt prompt, XlPrompt? negative, int count, int height, int width)
    {
        var rows = negative is null ? Enumerable.Repeat(prompt, count) : Enumerable.Repeat(negative, count).Concat(Enumerable.Repeat(prompt, count));
        var all = rows.ToList();
        var timeIds = TimeIds(height, width);
        return new XlUNetInputs(
            [.. all.SelectMany(p => p.Embeddings)], prompt.Width,
            [.. all.SelectMany(p => p.Pooled)], prompt.Pooled.Length,
            [.. all.SelectMany(_ => timeIds)], all.Count);
    }
}

/// <summary>One text's SDXL conditioning: embeddings [tokens, <paramref name="Width"/>] and the pooled text_embeds.</summary>
internal sealed record XlPrompt(float[] Embeddings, int Width, float[] Pooled)
{
    /// <summary>diffusers' <c>torch.zeros_like</c> of both, for an empty negative prompt under force_zeros_for_empty_prompt.</summary>
    public XlPrompt Zeros() => new(new float[Embeddings.Length], Width, new float[Pooled.Length]);
}

/// <summary>The UNet's conditioning for a whole batch, float32 on the host.</summary>
internal sealed record XlUNetInputs(float[] Embeddings, int Width, float[] TextEmbeds, int PooledWidth, float[] TimeIds, int Batch)
{
    public int Tokens => Embeddings.Length / (Batch * Width);
}
