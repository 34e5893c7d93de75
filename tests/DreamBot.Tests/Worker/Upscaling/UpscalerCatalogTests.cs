using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Upscaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DreamBot.Tests.Worker.Upscaling;

public sealed class UpscalerCatalogTests
{
    private static UpscalerCatalog Catalog(params (string Name, int Scale)[] upscalers)
    {
        var folder = TestPaths.NewTempDirectory("upscaler-catalog");
        var options = upscalers.Select(u =>
        {
            var path = Path.Combine(folder, u.Name + ".onnx");
            new TinyUpscaler(Scale: u.Scale).Write(path);
            return new UpscalerOptions { Name = u.Name, Path = path };
        }).ToList();
        return new UpscalerCatalog(Options.Create(options), Options.Create(new ModelOptions { Device = ExecutionDevice.Cpu }), NullLoggerFactory.Instance);
    }

    [Fact]
    public void Served_ListsEachUpscalerWithTheScaleReadFromItsGraph_InConfigurationOrder()
    {
        using var catalog = Catalog(("b-x4", 4), ("a-x2", 2));

        Assert.Equal([new ServedUpscaler("b-x4", 4), new ServedUpscaler("a-x2", 2)], catalog.Served);
        Assert.Equal("b-x4:4", catalog.Served[0].ToString());
        Assert.Equal(2, catalog.Get("a-x2").Scale);
        Assert.Throws<ArgumentException>(() => catalog.Get("missing"));
    }
}
