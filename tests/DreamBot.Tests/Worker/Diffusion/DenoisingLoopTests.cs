using DreamBot.Worker.Diffusion.Components;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Diffusion.Tokenization;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class DenoisingLoopTests(TinyModelFixture models)
{
    [Theory]
    [InlineData(7.5)]
    [InlineData(1.0)]
    public void Run_AllocatesNothingPerStep(double guidance)
    {
        var model = models.Model(TinyModelFixture.Float32);
        var rows = Enumerable.Repeat(new int[ClipTokenizer.MaxLength], guidance > 1 ? 2 : 1).ToList();
        using var embeddings = model.TextEncoder.Encode(rows);
        using var unet = model.UNet.Bind(embeddings, rows.Count, 32, 32);

        var few = AllocatedBytes(unet, guidance, steps: 3);
        var many = AllocatedBytes(unet, guidance, steps: 23);

        Assert.True(many - few < 20 * 8, $"3 steps allocated {few} bytes, 23 steps {many}");
    }

    [Fact]
    public void Run_AppliesClassifierFreeGuidance_AsUncondPlusScaleTimesDifference()
    {
        var model = models.Model(TinyModelFixture.Float32);
        var tokenizer = model.Tokenizer;
        int[][] rows = [tokenizer.Encode("").InputIds, tokenizer.Encode("a red fox").InputIds];
        using var embeddings = model.TextEncoder.Encode(rows);
        using var unet = model.UNet.Bind(embeddings, 2, 8, 8);
        var latents = Enumerable.Range(0, 4 * 8 * 8).Select(i => MathF.Sin(i)).ToArray();
        latents.CopyTo(unet.Sample);
        latents.CopyTo(unet.Sample[latents.Length..]);
        var prediction = unet.Predict(500).ToArray();
        var expected = latents.Select((x, i) => x - (prediction[i] + (3f * (prediction[latents.Length + i] - prediction[i])))).ToArray();

        var scheduler = new RecordingScheduler(1);
        new DenoisingLoop(unet, [scheduler], [new PcgNoiseSource(1)], [3.0], new GenerationTimings())
            .Run(latents, 0, null, CancellationToken.None);

        Assert.Equal(expected, latents, (a, b) => MathF.Abs(a - b) < 1e-5f);
    }

    private static long AllocatedBytes(UNetBinding unet, double guidance, int steps)
    {
        var latents = new float[4 * 32 * 32];
        var loop = new DenoisingLoop(unet, [new RecordingScheduler(steps)], [new PcgNoiseSource(1)], guidance > 1 ? [guidance] : null, new GenerationTimings());
        loop.Run(latents, 0, null, CancellationToken.None); // warm-up: JIT
        // The least of three runs: a per-step allocation shows in every run, a one-off (tiered JIT promoting a method
        // mid-run on a busy machine) in one at most.
        var least = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            loop.Run(latents, 0, null, CancellationToken.None);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    /// <summary>A scheduler that subtracts the model output once per step at timestep 500 and allocates nothing.</summary>
    private sealed class RecordingScheduler(int steps) : IScheduler
    {
        public IReadOnlyList<double> Timesteps { get; } = Enumerable.Repeat(500.0, steps).ToArray();
        public double InitNoiseSigma => 1;
        public int Order => 1;
        public double ModelInputScale(int stepIndex) => 1;

        public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise)
        {
            for (var i = 0; i < latents.Length; i++)
                latents[i] -= modelOutput[i];
        }

        public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result) =>
            original.CopyTo(result);
    }
}
