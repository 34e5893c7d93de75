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
        XlPrompt[] rows = negative is null ? [.. Enumerable.Repeat(prompt, count)] : [.. Enumerable.Repeat(negative, count), .. Enumerable.Repeat(prompt, count)];
        var embeddings = new float[rows.Length * prompt.Embeddings.Length];
        var pooled = new float[rows.Length * prompt.Pooled.Length];
        var timeIds = new float[rows.Length * XlUNetSignature.TimeIdCount];
        var ids = TimeIds(height, width);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].Embeddings.CopyTo(embeddings.AsSpan(i * prompt.Embeddings.Length));
            rows[i].Pooled.CopyTo(pooled.AsSpan(i * prompt.Pooled.Length));
            ids.CopyTo(timeIds.AsSpan(i * ids.Length));
        }
        return new XlUNetInputs(embeddings, prompt.Width, pooled, prompt.Pooled.Length, timeIds, rows.Length);
    }
}
