using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class DiffusionServicesTests(TinyModelFixture models)
{
    [Fact]
    public void AddStableDiffusion_SharesOneModel_AndDisposesItWithTheContainer()
    {
        var provider = Build(models.PathOf(TinyModelFixture.Float32));

        var pipeline = provider.GetRequiredService<StableDiffusionPipeline>();
        var model = provider.GetRequiredService<StableDiffusionModel>();
        Assert.Same(model, pipeline.Model);
        Assert.Same(pipeline, provider.GetRequiredService<StableDiffusionPipeline>());
        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.TextEncoder.Encode([new int[77]]));
    }

    [Fact]
    public void AddStableDiffusion_NamesTheSetting_WhenNoModelPathIsConfigured()
    {
        using var provider = Build(null);

        var error = Assert.Throws<ModelFolderException>(provider.GetRequiredService<StableDiffusionModel>);

        Assert.Equal("Model:Path", error.PartPath);
    }

    private static ServiceProvider Build(string? modelPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Model:Path"] = modelPath,
            ["Model:Device"] = "Cpu",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddValidatedOptions<ModelOptions>(ModelOptions.Section);
        services.AddStableDiffusion();
        return services.BuildServiceProvider();
    }
}
