using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Shared.Configuration;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class DiffusionServicesTests(TinyModelFixture models)
{
    [Fact]
    public void AddStableDiffusion_SharesOneModel_AndDisposesItWithTheContainer()
    {
        var provider = Build(models.PathOf(TinyModelFixture.Float32));

        var catalog = provider.GetRequiredService<ModelCatalog>();
        var pipeline = catalog.Pipeline("");
        var model = pipeline.Model;
        Assert.Same(pipeline, provider.GetRequiredService<ModelCatalog>().Pipeline(catalog.Default.Name));
        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.TextEncoder.Encode([new int[77]]));
    }

    [Fact]
    public void AddStableDiffusion_NamesTheSetting_WhenNoModelPathIsConfigured()
    {
        using var provider = Build(null);

        var error = Assert.Throws<ModelFolderException>(provider.GetRequiredService<ModelCatalog>);

        Assert.Equal("Model:Path", error.PartPath);
    }

    [Fact]
    public void SeveralModels_AreServedByName_TheFirstForRequestsThatNameNone()
    {
        using var provider = Build(null, new()
        {
            ["Model:Models:0:Name"] = "sd-turbo",
            ["Model:Models:0:Path"] = models.PathOf(TinyModelFixture.Float16),
            ["Model:Models:0:MaxSteps"] = "4",
            ["Model:Models:1:Name"] = "sd15",
            ["Model:Models:1:Path"] = models.PathOf(TinyModelFixture.Float32),
        });
        var catalog = provider.GetRequiredService<ModelCatalog>();

        Assert.Equal(["sd-turbo", "sd15"], catalog.Served.Select(m => m.Name));
        Assert.Equal(4, catalog.Resolve("").MaxSteps);
        Assert.Same(catalog.Pipeline("sd-turbo"), catalog.Pipeline(""));
        Assert.NotSame(catalog.Pipeline("sd15"), catalog.Pipeline(""));
        Assert.Contains("'sd21'", Assert.Throws<ModelFolderException>(() => catalog.Pipeline("sd21")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/models/Stable-Diffusion v1.5/", "stable-diffusion-v1-5")]
    [InlineData("/models/sd_turbo", "sd_turbo")]
    [InlineData("/", "default")]
    public void AModelAtPath_IsNamedAfterItsFolder(string path, string name) =>
        Assert.Equal(name, new ModelOptions { Path = path }.Served().Single().Name);

    private static ServiceProvider Build(string? modelPath, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Model:Path"] = modelPath,
            ["Model:Device"] = "Cpu",
        };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddValidatedOptions<ModelOptions>(ModelOptions.Section);
        services.AddStableDiffusion();
        return services.BuildServiceProvider();
    }
}
