using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.ModelBuilder;

public sealed class ByteLevelVocabularyTests
{
    [Fact]
    public async Task TinyModel_WithoutACLIPVocabulary_StillTokenizesAndGenerates()
    {
        var directory = TestPaths.NewTempDirectory("tiny-bytes");
        try
        {
            TinyModelGenerator.Write(directory, tokenizerDirectory: null, new TinyModelOptions());
            using var model = StableDiffusionModel.Load(directory, ExecutionDevice.Cpu, 0, NullLogger.Instance);
            using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);

            var tokens = model.Tokenizer.Encode("héllo");
            var a = await pipeline.GenerateAsync(new DreamParameters { Prompt = "a fox", Steps = 2, Width = 256, Height = 256, Seed = 1 }, null, null, CancellationToken.None);
            var b = await pipeline.GenerateAsync(new DreamParameters { Prompt = "a cat", Steps = 2, Width = 256, Height = 256, Seed = 1 }, null, null, CancellationToken.None);

            // One token a byte: "héllo" is six UTF-8 bytes, between the start and end ids.
            Assert.Equal(6, tokens.TokenCount);
            Assert.Equal((49406, 49407), (tokens.InputIds[0], tokens.InputIds[7]));
            Assert.NotEqual(a.Images[0].Png, b.Images[0].Png);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
