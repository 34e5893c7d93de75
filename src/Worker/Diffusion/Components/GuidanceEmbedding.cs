namespace DreamBot.Worker.Diffusion.Components;

/// <summary>
/// The guidance-scale embedding a guidance-distilled UNet (LCM) takes as <c>timestep_cond</c> instead of running
/// classifier-free guidance: diffusers' get_guidance_scale_embedding (pipelines/latent_consistency_models and
/// StableDiffusionPipeline), after VDM's timestep embedding. w = (guidance - 1) * 1000; frequencies
/// exp(-i * ln(10000) / (d/2 - 1)); [sin(w f) | cos(w f)], zero-padded to an odd d. Computed in float32 as diffusers does.
/// </summary>
public static class GuidanceEmbedding
{
    public static float[] Compute(double guidance, int embeddingDim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 4);
        // torch.tensor(guidance_scale - 1) is float32; the * 1000.0 then happens in float32.
        var w = (float)(guidance - 1) * 1000f;
        var half = embeddingDim / 2;
        var step = MathF.Log(10000f) / (half - 1);
        var embedding = new float[embeddingDim];
        for (var i = 0; i < half; i++)
        {
            var angle = w * MathF.Exp(i * -step);
            embedding[i] = MathF.Sin(angle);
            embedding[half + i] = MathF.Cos(angle);
        }
        return embedding;
    }
}
