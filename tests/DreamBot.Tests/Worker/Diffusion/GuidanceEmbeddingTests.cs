using DreamBot.Worker.Diffusion.Components;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>
/// Against the formula of diffusers' get_guidance_scale_embedding (src/diffusers/pipelines/latent_consistency_models/
/// pipeline_latent_consistency_text2img.py): w = (g - 1) * 1000, half = d / 2, f_i = exp(-i * ln(10000) / (half - 1)),
/// embedding = [sin(w f_0) .. sin(w f_{half-1}), cos(w f_0) .. cos(w f_{half-1})], zero-padded when d is odd.
/// </summary>
public sealed class GuidanceEmbeddingTests
{
    [Fact]
    public void Compute_GivesSinesThenCosinesOfTheScaledGuidance()
    {
        // g = 8.5, d = 8: w = 7500; frequencies 1, 10000^(-1/3), 10000^(-2/3), 10000^-1.
        double[] angles = [7500, 7500 * Math.Pow(10000, -1.0 / 3), 7500 * Math.Pow(10000, -2.0 / 3), 0.75];
        var expected = angles.Select(Math.Sin).Concat(angles.Select(Math.Cos)).Select(v => (float)v);

        var embedding = GuidanceEmbedding.Compute(8.5, 8);

        // float32 arithmetic as diffusers' (the largest angle, 348 rad, carries its frequency's rounding).
        Assert.Equal(expected, embedding, new Tolerance(2e-4f));
    }

    [Fact]
    public void Compute_IsSinZeroAndCosOne_ForGuidanceOne()
    {
        var embedding = GuidanceEmbedding.Compute(1, 6);

        Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f], embedding);
    }

    [Fact]
    public void Compute_ZeroPadsAnOddSize()
    {
        var embedding = GuidanceEmbedding.Compute(2, 7);

        Assert.Equal(7, embedding.Length);
        Assert.Equal(0f, embedding[^1]);
        Assert.Equal((float)Math.Cos(1000), embedding[3], 1e-4f);
    }

    private sealed class Tolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
